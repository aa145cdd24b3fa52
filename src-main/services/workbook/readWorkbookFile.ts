// The workbook reading service: an .xlsx, .xls or .ods file in, one sheet's header and rows out, through
// the same table rules as a CSV (../csv/tableBuilder.ts: unique headers, blank rows skipped with a
// warning, rows numbered as the spreadsheet numbers them).
//
// Why SheetJS (the Community Edition, 0.20.x, published on npm as @e965/xlsx): one well-kept parser for
// all three formats (and the older XML and HTML "xls" files some HR systems write), which keeps each
// cell's number format and formats it the way the spreadsheet displays it. npm's `xlsx` package is
// stuck at 0.18.5 with known advisories; exceljs reads only .xlsx and hands back raw values without
// their displayed text. SheetJS reads a whole workbook into memory, so it runs in a worker thread with a
// heap cap: the app keeps answering while a big file unpacks, a workbook too big to unpack fails with a
// clear message instead of taking the app down, and the memory goes back when the worker ends. A 50,000-
// row sheet needs ~150 MB there (npm run bench measures it).
import { stat } from 'node:fs/promises';
import { workerThreads } from '../nodeWorker';
import type { SheetSummary } from '../../../src-shared/contract/api';
import { AppError } from '../../../src-shared/contract/errors';
import { ordinal, plural, quoted } from '../csv/labels';
import { leftOutSentence } from '../csv/leadingColumns';
import { encodingName, guessedEncodingWarning, overruledBomWarning } from '../csv/readCsvFile';
import { TableBuilder, type TableSink } from '../csv/tableBuilder';
import { textWorkbookEncoding } from './textEncoding';
import { firstFew } from '../../../src-shared/util/firstFew';
import type { Found, WorkerMessage } from './workerMessages';
import { workerExecArgv, workerUrl } from './workerSource';

export interface WorkbookReadOptions {
  /** A sheet name, or its position counting from 1 (a sheet named "2" wins over the second sheet). */
  sheet?: string;
  /** HTML and XML files only (the others hold Unicode): a canonical encoding name (csv/decode.ts encodingOption). */
  encoding?: string;
  batchSize?: number;
  signal?: AbortSignal;
  /** Fraction of the sheet's rows passed on, as bytes of the file. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface WorkbookReadSummary {
  columns: string[];
  rowCount: number;
  /** `xlsx`, `xlsb`, `xls`, `ods`, or `xml` / `html` for the text-based "Excel" files. */
  format: string;
  sheet: string;
  sheets: SheetSummary[];
  warnings: string[];
  fileBytes: number;
  /** How an HTML or XML file's text was read (as for a CSV); '' and null for the others. */
  encoding: string;
  encodingConfidence: number | null;
}

/** The worker's heap cap. A sheet that needs more than this to unpack should come in as CSV. */
export const WORKBOOK_HEAP_MB = 1536;

/**
 * Reads one sheet of a workbook into `sink`. `container` is what the file's first bytes say it is
 * (zip: .xlsx/.ods, ole: .xls, text: an XML or HTML "Excel" file). Throws BAD_CSV naming the problem
 * (an empty sheet, a password, a file too big to unpack) or the row and column; INVALID_INPUT (field
 * `sheet`) naming the sheets there are when the sheet asked for is not one of them.
 */
export async function readWorkbookFile(
  path: string,
  container: 'zip' | 'ole' | 'text',
  sink: TableSink,
  opts: WorkbookReadOptions = {},
): Promise<WorkbookReadSummary> {
  const before = await stat(path);
  const table = new TableBuilder(sink, opts.batchSize ?? 1000);
  const text = container === 'text' ? await textWorkbookEncoding(path, opts.encoding) : null;
  // Cells that hold bytes the encoding does not have (U+FFFD) stop the import, naming the row and column.
  if (text?.invalid) table.invalidEncoding = encodingName(text.encoding);
  const url = workerUrl();
  const worker = new (workerThreads().Worker)(url, {
    execArgv: workerExecArgv(url),
    workerData: {
      path,
      sheet: opts.sheet,
      batchSize: opts.batchSize ?? 1000,
      ...(text ? { encoding: text.encoding, skip: text.bomLength } : {}),
    },
    resourceLimits: { maxOldGenerationSizeMb: WORKBOOK_HEAP_MB },
    stdout: false,
    stderr: false,
  });
  const onAbort = () => void worker.terminate();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const done = await new Promise<Extract<WorkerMessage, { type: 'done' }>>((resolve, reject) => {
      // Messages are handled one after another: a batch is stored before the next is asked for.
      let queue = Promise.resolve();
      worker.on('message', (m: WorkerMessage) => {
        queue = queue.then(async () => {
          if (m.type === 'rows') {
            table.columnOffset = m.firstColumn;
            await table.accept(m.rows, [], false);
            opts.onProgress?.(Math.round((before.size * m.done) / Math.max(1, m.total)), before.size);
            worker.postMessage('more');
          } else if (m.type === 'done') {
            resolve(m);
          } else {
            reject(workerError(m, container));
          }
        }).catch(reject);
      });
      worker.on('error', (e: Error & { code?: string }) => {
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError(
                'BAD_CSV',
                `This workbook is too big to unpack in memory (over ${WORKBOOK_HEAP_MB / 1024} GB). Save the sheet as CSV ` +
                  '(CSV UTF-8) in the spreadsheet and import that: CSV files of any size are read a piece at a time.',
              )
            : e,
        );
      });
      worker.on('exit', (code) => {
        if (opts.signal?.aborted) reject(opts.signal.reason);
        else if (code !== 0) reject(new Error(`the workbook reader stopped (exit code ${code})`));
      });
    });
    await table.accept([], [], true);

    const after = await stat(path).catch(() => null);
    if (!after || after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino) {
      throw new AppError(
        'BAD_CSV',
        'The file changed while it was being read: it is probably still being copied or saved. Nothing was imported; ' +
          'import it again once it is complete.',
      );
    }

    const others = done.sheets.filter((s) => s.name !== done.sheet && s.rows > 0);
    if (others.length) {
      table.warn(
        `This workbook has ${plural(done.sheets.length, 'sheet')}; only ${quoted(done.sheet)} was read. ` +
          `${others.length === 1 ? 'Another sheet has' : 'Other sheets have'} data: ` +
          `${others.map(sheetWithData).join(', ')}. Choose the sheet to read another.`,
      );
    }
    // A sheet asked for by a name that is not exactly its own (spaces around it, another case): say which was read.
    if (opts.sheet !== undefined && done.sheet !== opts.sheet && !/^\s*\d+\s*$/.test(opts.sheet)) {
      const spaces = done.sheet !== done.sheet.trim() || opts.sheet !== opts.sheet.trim();
      const why =
        done.sheet.trim() === opts.sheet.trim() ? 'the spaces around them' : spaces ? 'case and the spaces around them' : 'case';
      table.warn(
        `No sheet is named exactly ${quoted(opts.sheet)}: sheet ${quoted(done.sheet)} was read (the names differ only ` +
          `in ${why}).`,
      );
    }
    const chosen = done.sheets.find((s) => s.name === done.sheet);
    if (chosen?.hidden) table.warn(`Sheet ${quoted(done.sheet)} is hidden in the workbook.`);
    const countedHidden = hiddenCountedByPosition(done.sheets, done.sheet, opts.sheet);
    if (countedHidden) table.warn(countedHidden);
    const sheet = `Sheet ${quoted(done.sheet)}`;
    if (done.firstColumn > 0) table.warn(`${sheet}: ${leftOutSentence(done.firstColumn)}`);
    if (done.noResult.count) {
      table.warn(
        `${sheet} has formulas whose results were never saved (cells ${listed(done.noResult)}): the file was written by ` +
          'a program that does not calculate, so these cells are empty here. Open the file in Excel or LibreOffice and ' +
          'save it (that calculates them), then import it again.',
      );
    }
    if (done.errors.count) {
      table.warn(
        `${sheet} has formula errors (cells ${listed(done.errors)}): they were imported as the spreadsheet shows them, ` +
          'the error in place of a value, and a row that would send one is invalid.',
      );
    }
    const example = done.fullDigits.example;
    if (done.fullDigits.count && example) {
      table.warn(
        `${sheet} has long whole numbers in ${done.fullDigits.formats.join(' and ')} format (cells ${listed(done.fullDigits)}): Excel shows them in ` +
          `scientific notation (${example.shown}), but their full digits were kept (${example.kept}).`,
      );
    }
    const lost = done.lostDigits;
    if (lost.count && lost.example) {
      table.warn(
        `${sheet} has numbers of 16 digits or more (${lost.count === 1 ? 'cell' : 'cells'} ${listed(lost)}): Excel keeps ` +
          '15 significant digits of a number, so any digit after the 15th was lost before the file was saved ' +
          '(1234567890123456789 typed into Excel is kept as 1234567890123450000). They came in with the 15 digits the ' +
          `cells hold, then zeros (${lost.example.cell} is ${lost.example.kept}). If they are ids, format the column ` +
          'as Text in the spreadsheet, type or paste the ids again, and import it again.',
      );
    }
    if (done.unshowable.count) {
      table.warn(
        `${sheet} has numbers in a date or time format that no date or time can show (cells ${listed(done.unshowable)}): ` +
          'Excel shows #### in their place. They were imported as plain numbers.',
      );
    }
    const unformatted = done.unformatted;
    if (unformatted.count && unformatted.example) {
      const formats = unformatted.formats.map((f) => JSON.stringify(f));
      const named = formats.length > 1 ? `${formats.slice(0, -1).join(', ')} and ${formats.at(-1)}` : formats[0];
      table.warn(
        `${sheet} has numbers in a format Bulk Desk cannot show (${unformatted.count === 1 ? 'cell' : 'cells'} ` +
          `${listed(unformatted)}, formatted ${named}): they were imported as the numbers the cells hold, not as the ` +
          `spreadsheet shows them (${unformatted.example.cell} is ${unformatted.example.kept}). Check those columns on ` +
          'Map, or give them another number format in the spreadsheet and import it again.',
      );
    }
    if (done.merged.count) {
      table.warn(
        `${sheet} has merged cells (${listed(done.merged)}): only the top-left cell of a merged range holds its value, ` +
          'so the other cells of the range are read as empty.',
      );
    }
    const grouped = done.headerMerged;
    if (grouped) {
      table.warn(
        `${sheet}: row ${grouped.row}, which names the columns, has cells merged across columns ` +
          `(${firstFew(grouped.ranges.slice(0, 5), grouped.ranges.length)}), so only the first column of each has a name. If row ${grouped.row} groups ` +
          `the column names in the row under it, delete row ${grouped.row} in the spreadsheet and import again: the ` +
          'first row with text names the columns.',
      );
    }
    // Imported all the same (Excel's own CSV export keeps them too), but an admin who filtered a sheet down to
    // the people to send must hear that the others are in it.
    const { rows: hiddenRows, columns: hiddenColumns } = done.hidden;
    if (hiddenRows.count === 1) {
      table.warn(
        `${sheet} has a row that is hidden or filtered out in the spreadsheet (row ${listed(hiddenRows)}): it was ` +
          'imported like the others, so a run sends it too. Delete it from the sheet if it should not be sent.',
      );
    } else if (hiddenRows.count) {
      table.warn(
        `${sheet} has rows that are hidden or filtered out in the spreadsheet (rows ${listed(hiddenRows)}): they were ` +
          'imported like the others, so a run sends them too. Delete them from the sheet if they should not be sent.',
      );
    }
    if (hiddenColumns.count) {
      table.warn(
        hiddenColumns.count === 1
          ? `${sheet} has a hidden column (${listed(hiddenColumns)}): it was imported like the others.`
          : `${sheet} has hidden columns (${listed(hiddenColumns)}): they were imported like the others.`,
      );
    }
    if (text?.guessed) table.warn(guessedEncodingWarning(text.guessed));
    if (text?.overruledBom) table.warn(overruledBomWarning(text.encoding));
    if (text?.overridden) {
      table.warn(
        `The file says it is in ${encodingName(text.overridden)}, but its text is UTF-8 (which text in that encoding ` +
          'almost never is): it was read as UTF-8. If letters look wrong, import it again choosing its encoding.',
      );
    }
    const columns = await table.finish();
    return {
      columns,
      rowCount: table.rowCount,
      format: done.bookType ?? (container === 'ole' ? 'xls' : container === 'zip' ? 'xlsx' : 'xml'),
      sheet: done.sheet,
      sheets: done.sheets,
      warnings: table.warnings,
      fileBytes: before.size,
      encoding: text?.encoding ?? '',
      encodingConfidence: text?.confidence ?? null,
    };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

/**
 * A sheet chosen by position counts the workbook's sheets in order, hidden ones included (as Excel's
 * Sheets(n), pandas and SheetJS do), while the admin counts the tabs they see: when a hidden sheet comes
 * before the one read, the two counts differ, so the sheet read is named with the tab it is.
 */
function hiddenCountedByPosition(sheets: SheetSummary[], read: string, asked: string | undefined): string | null {
  if (asked === undefined || !/^\s*\d+\s*$/.test(asked)) return null;
  const n = Number(asked.trim());
  if (sheets[n - 1]?.name !== read || sheets[n - 1]?.hidden) return null; // read by its name, or hidden (said apart)
  const hidden = sheets.slice(0, n - 1).filter((s) => s.hidden);
  if (!hidden.length) return null;
  const names = hidden.map((s) => quoted(s.name)).join(', ');
  return (
    `Sheet ${n} was counted in the workbook's order, which includes the hidden sheet${hidden.length > 1 ? 's' : ''} ` +
    `${names}: ${quoted(read)} was read, the ${ordinal(n - hidden.length)} tab the spreadsheet shows. Give the ` +
    "sheet's name to be sure of the one read."
  );
}

/**
 * `"Lookup" (1 row, hidden)`: a sheet as a message lists it — hidden said, as the Sheet picker says it (a
 * hidden sheet's rows were listed beside the visible ones' without a word).
 */
const sheetWithData = (s: SheetSummary): string =>
  `${quoted(s.name)} (${s.rows ? plural(s.rows, 'row') : 'no data'}${s.hidden ? ', hidden' : ''})`;

/** "C2, C3, C4, C5, C6, … 12 in all": the first few, and the count when there are more. */
const listed = (found: Found): string => firstFew(found.cells, found.count);

function workerError(m: Extract<WorkerMessage, { type: 'error' }>, container: 'zip' | 'ole' | 'text'): Error {
  const list = (m.sheets ?? []).map(sheetWithData).join(', ');
  switch (m.kind) {
    case 'noSuchSheet': {
      // The sheet the admin asked for is not in the file: their input is wrong, not the file.
      const n = m.sheets?.length ?? 0;
      const position = /^\s*\d+\s*$/.test(m.message) ? `: it has ${plural(n, 'sheet')}, so a position is 1${n > 1 ? ` to ${n}` : ''}` : '';
      return new AppError('INVALID_INPUT', `This workbook has no sheet ${quoted(m.message)}${position}. Its sheets are: ${list}.`, {
        field: 'sheet',
      });
    }
    case 'ambiguousSheet': {
      const n = m.sheets?.length ?? 0;
      const sameCase = (m.matches ?? []).every((name) => name.trim() === m.message.trim());
      return new AppError(
        'INVALID_INPUT',
        `No sheet is named exactly ${quoted(m.message)}, and ${plural(m.matches?.length ?? 0, 'sheet')} match it when ` +
          `${sameCase ? '' : 'case and '}the spaces around names are ignored: ${(m.matches ?? []).map(quoted).join(', ')}. ` +
          `Give the name exactly as the workbook has it, or its position (1${n > 1 ? ` to ${n}` : ''}).`,
        { field: 'sheet' },
      );
    }
    case 'emptySheet':
      return new AppError('BAD_CSV', `Sheet ${quoted(m.message)} is empty. The workbook's sheets are: ${list}.`, { field: 'sheet' });
    case 'noData':
      return new AppError('BAD_CSV', `This workbook has no data: every sheet is empty (${list}).`);
    case 'cutShort':
      return new AppError(
        'BAD_CSV',
        'This file is cut short: it is a ZIP file (as .xlsx and .ods workbooks are) that ends before the directory ' +
          'every ZIP file ends with (an interrupted copy, download or save). Copy or save it again, then import it.',
      );
    case 'damaged':
      return new AppError(
        'BAD_CSV',
        `${
          container === 'ole'
            ? 'This Office file (.xls) is damaged or cut short: its parts cannot be read (an interrupted copy, ' +
              'download or save, or a disk error).'
            : 'This workbook is damaged: part of its compressed content cannot be unpacked (a copy or disk error).'
        } Open it in Excel or LibreOffice, which can often repair it, save it again, then import it. (The reader ` +
          `said: ${m.message}.)`,
      );
    case 'unreadable': {
      if (/password|encrypt/i.test(m.message) && container === 'ole') {
        return new AppError(
          'BAD_CSV',
          'This workbook cannot be read: it is password-protected, or it is another kind of Office file (a Word ' +
            'document?). If it has a password, open it in Excel, remove the password (File › Info › Protect ' +
            'Workbook) and save it, then import it again.',
        );
      }
      if (container === 'zip' && /ODS Encryption/i.test(m.message)) {
        return new AppError(
          'BAD_CSV',
          'This workbook is password-protected, so its content cannot be read. Open it in LibreOffice and save it ' +
            'again without the password (File › Save As, with "Save with password" unticked), then import it.',
        );
      }
      const what =
        container === 'zip'
          ? 'This ZIP file is not a workbook (.xlsx or .ods). If it holds CSV files, unzip it and import one of them.'
          : container === 'ole'
            ? 'This Office file is not an Excel workbook (.xls).'
            : 'This file is named like a workbook but is not one Bulk Desk can read.';
      return new AppError('BAD_CSV', `${what} (The reader said: ${m.message}.)`);
    }
    default:
      return new Error(`the workbook reader failed: ${m.message}`);
  }
}
