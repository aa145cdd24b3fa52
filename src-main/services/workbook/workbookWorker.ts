// The workbook reader's worker thread: opens an .xlsx / .xls / .ods file with SheetJS, picks the sheet,
// and sends its rows to the main thread in batches, one batch per acknowledgement (so a slow database
// holds the worker back instead of filling memory). Run as its own thread so the app stays responsive
// while a big workbook is unpacked, its memory is capped (readWorkbookFile.ts sets resourceLimits) and
// handed back whole when it ends. How each cell is shown: cellText.ts.
//
// How it is started: the built app and CLI start the bundle electron.vite.config.ts builds of it (an entry of
// its own, its imports bundled in); run from source (vitest, tsx), readWorkbookFile.ts starts this file, and
// Node runs it with its types stripped (asked to on Node 22.12–22.17: workerSource.ts), resolving its imports
// as files. So every relative import in this file and in the files it imports, down to src-shared/numberFormat,
// names the file with its .ts extension, and those files use TypeScript that Node can strip (no enums,
// namespaces or parameter properties).
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import type { SheetSummary } from '../../../src-shared/contract/api.ts';
import { cellReader } from './cellText.ts';
import { noProblems, noteProblem } from './cellProblems.ts';
import { nameEastAsianDates } from './eastAsianDates.ts';
import { withEscapedCrsMarked } from './escapedCarriageReturns.ts';
import { isDamaged, isOle, isZip, zipHasEnd } from './fileKind.ts';
import { type HiddenBySheet, withFormulaStubsOpened } from './openDocumentFixes.ts';
import { chooseSheet } from './sheetChoice.ts';
import { hasText, headerMerges, hiddenCells, mergedRanges, rowsOf } from './sheetFindings.ts';
import type { WorkbookJob, WorkerMessage } from './workerMessages.ts';

// SheetJS unpacks a ZIP (.xlsx, .ods) with its own JavaScript inflater unless it is handed Node's zlib, and
// that inflater does not check its input: a damaged or cut-off part makes it write zeros for ever, without
// reading on, so the import never ended. zlib stops with an error instead (and is faster). SheetJS asks how
// much input an inflate used through `bytesRead`, which Node deprecates (with a warning) for `bytesWritten`,
// the same count: this subclass answers it without the warning. (Node's typings have no InflateRaw class.)
const InflateRaw = (zlib as unknown as { InflateRaw: new () => zlib.InflateRaw }).InflateRaw;
class InflateRawCounted extends InflateRaw {
  override get bytesRead(): number {
    return this.bytesWritten;
  }
}
XLSX.CFB.utils.use_zlib({ InflateRaw: InflateRawCounted, deflateRawSync: zlib.deflateRawSync });

const job = workerData as WorkbookJob;
const port = parentPort!;

function send(message: WorkerMessage): void {
  port.postMessage(message);
}

function fail(kind: string, message: string): never {
  send({ type: 'error', kind, message });
  throw new Error('stopped');
}

function waitForAck(): Promise<void> {
  return new Promise((resolve) => port.once('message', () => resolve()));
}

async function main(): Promise<void> {
  let wb: XLSX.WorkBook;
  // SheetJS reads a text file's bytes as UTF-8 whatever they are: those come decoded, as a string.
  const input =
    job.encoding === undefined
      ? readFileSync(job.path)
      : new TextDecoder(job.encoding, { ignoreBOM: true }).decode(
          readFileSync(job.path).subarray(job.skip ?? 0),
        );
  if (typeof input !== 'string' && isZip(input) && !zipHasEnd(input)) fail('cutShort', '');
  let crMark: string | null = null;
  let hiddenBySheet: HiddenBySheet | null = null;
  try {
    const stubsOpened = withFormulaStubsOpened(input);
    const marked = withEscapedCrsMarked(stubsOpened.input);
    crMark = marked.crMark;
    hiddenBySheet = stubsOpened.hidden;
    const opened = marked.input;
    if (typeof opened !== 'string' && isOle(opened)) nameEastAsianDates();
    wb = XLSX.read(opened, {
      type: typeof opened === 'string' ? 'string' : 'buffer',
      dense: true,
      cellFormula: true, // to tell a formula without a saved result from an empty cell
      // Without stubs SheetJS drops an .xlsx formula cell that has no <v> (as openpyxl writes them).
      sheetStubs: true,
      cellNF: true, // each number's format in .z: General is where long whole numbers lose digits
      cellHTML: false,
      cellStyles: true, // for the rows and columns the sheet hides (!rows, !cols)
      cellDates: false,
      dateNF: 'yyyy-mm-dd',
      bookVBA: false,
    });
  } catch (e) {
    fail(isDamaged(e, input) ? 'damaged' : 'unreadable', e instanceof Error ? e.message : String(e));
  }

  const bookType = (wb as { bookType?: string }).bookType ?? '';
  const read = cellReader({
    date1904: Boolean(wb.Workbook?.WBProps?.date1904),
    // An .xls file (BIFF, in an OLE container) has no bookType.
    excelFile: /^(xls[xmb]?|biff\d)$/.test(bookType) || (typeof input !== 'string' && isOle(input)),
    formattedHere: !/^(f?ods|html)$/.test(bookType),
    crMark,
  });
  const hiddenFlags = wb.Workbook?.Sheets ?? [];
  // `rows` counts data rows: the non-blank rows after the first (the header).
  const nonBlank: number[] = [];
  const sheets: SheetSummary[] = wb.SheetNames.map((name, i) => {
    let n = 0;
    for (const row of rowsOf(wb.Sheets[name]!)) if (hasText(row, read)) n++;
    nonBlank.push(n);
    return { name, rows: Math.max(0, n - 1), hidden: Boolean(hiddenFlags[i]?.Hidden) };
  });

  const index = chooseSheet(sheets, nonBlank, job.sheet);
  if (typeof index !== 'number') {
    send({ type: 'error', ...index, sheets });
    return;
  }
  const chosen = sheets[index]!;
  const sheet = wb.Sheets[chosen.name]!;
  const rows = rowsOf(sheet);
  // The table is as wide as its rightmost cell that shows something (formatting alone reaches further).
  let width = 0;
  for (const row of rows) {
    if (!row) continue;
    for (let c = row.length - 1; c >= width; c--) {
      if (read(row[c]).text !== '') {
        width = c + 1;
        break;
      }
    }
  }
  // Columns before the table that show nothing in any row (a table started in column B) are left out: the
  // cells sent start at `first`, while the cells warnings name keep their letters.
  let first = width;
  for (const row of rows) {
    if (!row) continue;
    for (let c = 0; c < Math.min(first, row.length); c++) {
      if (read(row[c]).text !== '') {
        first = c;
        break;
      }
    }
  }
  const problems = noProblems();
  let batch: string[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const cells = new Array<string>(width - first);
    for (let c = first; c < width; c++) {
      const cell = read(row?.[c]);
      cells[c - first] = cell.text;
      noteProblem(problems, cell, c, r);
    }
    batch.push(cells);
    if (batch.length >= job.batchSize) {
      send({ type: 'rows', rows: batch, done: r + 1, total: rows.length, firstColumn: first });
      batch = [];
      await waitForAck();
    }
  }
  if (batch.length) {
    send({ type: 'rows', rows: batch, done: rows.length, total: rows.length, firstColumn: first });
    await waitForAck();
  }
  send({
    type: 'done',
    sheet: chosen.name,
    sheets,
    bookType: (wb as { bookType?: string }).bookType ?? null,
    firstColumn: first,
    ...problems,
    merged: mergedRanges(sheet, rows, read),
    headerMerged: headerMerges(sheet, rows, read),
    hidden: hiddenCells(sheet, hiddenBySheet?.get(chosen.name), rows, width, read),
  });
}

main().catch((e: unknown) => {
  if (e instanceof Error && e.message === 'stopped') return;
  send({ type: 'error', kind: 'internal', message: e instanceof Error ? e.message : String(e) });
});
