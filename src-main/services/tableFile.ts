// One entry point for every file an admin imports: its first bytes decide how it is read, not its name.
// A ZIP (.xlsx, .ods) or an OLE container (.xls) goes to the workbook reader; a file named like a
// workbook whose text starts with "<" (the XML and HTML "Excel" files some systems export) goes there
// too; anything else is read as CSV / text, which refuses what is not text.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SheetSummary } from '../../src-shared/contract/api';
import { detectEncoding } from './csv/decode';
import { readCsvFile, type CsvSink } from './csv/readCsvFile';
import { readWorkbookFile } from './workbook/readWorkbookFile';
import { unreadableFileError } from './unreadableFileError';

export interface TableReadOptions {
  /** The name the admin knows the file by (an upload's path has none): its extension counts. */
  fileName?: string;
  /** CSV only. */
  delimiter?: string;
  /** CSV and the text (HTML, XML) workbooks: a canonical encoding name (csv/decode.ts encodingOption). */
  encoding?: string;
  /** Workbooks only. */
  sheet?: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface TableSummary {
  columns: string[];
  rowCount: number;
  delimiter: string;
  encoding: string;
  encodingConfidence: number | null;
  format: string;
  sheet: string | null;
  sheets: SheetSummary[];
  warnings: string[];
  fileBytes: number;
}

const WORKBOOK_NAMES = new Set(['.xlsx', '.xlsm', '.xlsb', '.xls', '.ods', '.fods', '.xml']);

export async function readTableFile(path: string, sink: CsvSink, opts: TableReadOptions = {}): Promise<TableSummary> {
  const container = await containerOf(path, opts.fileName ?? path);
  const { delimiter, encoding, sheet, ...common } = opts;
  if (container === 'csv') {
    const s = await readCsvFile(path, sink, {
      ...common,
      ...(delimiter !== undefined ? { delimiter } : {}),
      ...(encoding !== undefined ? { encoding } : {}),
    });
    if (sheet !== undefined) s.warnings.push('This is a CSV file, which has no sheets: the sheet chosen was not used.');
    return { ...s, format: 'csv', sheet: null, sheets: [] };
  }
  // An HTML or XML workbook is text, so its encoding can be chosen; the others hold Unicode.
  const usesEncoding = container === 'text';
  const w = await readWorkbookFile(path, container, sink, {
    ...common,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(encoding !== undefined && usesEncoding ? { encoding } : {}),
  });
  if (delimiter !== undefined || (encoding !== undefined && !usesEncoding)) {
    w.warnings.push(
      usesEncoding
        ? 'The separator setting is for CSV files; a workbook is read as it is.'
        : 'The separator and encoding settings are for CSV files; a workbook is read as it is.',
    );
  }
  return { ...w, delimiter: '' };
}

async function containerOf(path: string, name: string): Promise<'zip' | 'ole' | 'text' | 'csv'> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(512);
      const { bytesRead } = await handle.read(buf, 0, 512, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw unreadableFileError((e as NodeJS.ErrnoException).code, path);
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if ([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => head[i] === b)) return 'ole';
  if (WORKBOOK_NAMES.has(extname(name).toLowerCase())) {
    const { encoding } = detectEncoding(head); // an HTML or XML file may be UTF-16
    const text = (encoding.startsWith('utf-16') ? new TextDecoder(encoding).decode(head) : head.toString('utf8'))
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (text.startsWith('<')) return 'text';
  }
  return 'csv';
}
