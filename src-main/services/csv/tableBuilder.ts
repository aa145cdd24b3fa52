// The table rules every imported file follows, whatever it came from (a CSV's records, a workbook's
// rows): the first non-blank row names the columns (unique names, none that looks like data), every row
// has as many cells as there are columns, blank rows are skipped (with a warning when they sit between
// data rows), and rows go to the sink in batches numbered as a spreadsheet numbers them.
import { AppError } from '../../../src-shared/contract/errors';
import { blankHeaderName, headerName, INVISIBLE, repeatsHeader } from '../../../src-shared/dataset/headerRow';
import { firstFew } from '../../../src-shared/util/firstFew';
import { shortValue } from '../../../src-shared/util/quoteValue';
import { columnLabel, columnLetters, plural, preview, quoted } from './labels';
import { andList } from '../../../src-shared/util/andList';
import type { EmptyColumnsWatch } from './leadingColumns';

export interface TableSink {
  onHeader(columns: string[]): void | Promise<void>;
  /**
   * A batch of consecutive data rows: rows[i] is spreadsheet row firstRowNumber + i. Each row has
   * exactly columns.length cells, every cell a string exactly as written (no trimming, no typing).
   * A skipped blank row ends a batch early so that this numbering always holds.
   */
  onRows(rows: string[][], firstRowNumber: number): void | Promise<void>;
}

/** Excel's own column limit (XFD); a file wider than any spreadsheet can hold is not a user list. */
export const MAX_COLUMNS = 16_384;
const MAX_WARNINGS = 20;
/** Rows a warning lists by number before it says how many there are in all. */
const SHOWN_ROWS = 5;

/** A parser's complaint about one of the records it returned (papaparse's shape). */
export interface RecordError {
  code: string;
  row: number;
  /** Where in the parsed text the cell at fault starts (papaparse's `index`: just after its opening quote). */
  index?: number;
  /** The cell at fault, when the reader worked it out from the text (a malformed quoted cell: quoteColumn.ts). */
  column?: number;
  /** The stray quote's row split as a spreadsheet splits it (quoteColumn.ts: strayQuoteLine), when known. */
  line?: { cells: number; cell: string; delimiter: string };
}

/** Whether a cell holds a character a spreadsheet does not show (INVISIBLE without its global flag). */
const HAS_INVISIBLE = new RegExp(INVISIBLE.source);
const INVISIBLE_NAMES: Record<string, string> = {
  '\u200B': 'zero-width space',
  '\u200C': 'zero-width non-joiner',
  '\u200D': 'zero-width joiner',
  '\u2060': 'word joiner',
  '\uFEFF': 'zero-width no-break space (a byte-order mark)',
  '\u00AD': 'soft hyphen',
};

/** Assembles header and rows from parsed records, enforcing the table rules, and feeds the sink. */
export class TableBuilder {
  columns: string[] | undefined;
  headerRow = 0;
  rowCount = 0;
  nextRowNumber = 1;
  sawNul = false;
  readonly warnings: string[] = [];
  private batch: string[][] = [];
  private batchFirst = 0;
  private leadingBlank = 0;
  private pendingBlank = 0;
  private pendingBlankFirst = 0;
  private middleBlank = 0;
  private middleBlankFirst = 0;
  private droppedWarnings = 0;
  /**
   * The header row's only cell with text, until the first data row is seen: a title above the real header
   * ("Users, 3 June") is read as the header, and a first data row with more cells than that says so.
   */
  private titleSuspect: { index: number; text: string } | null = null;
  /** Data rows that read as the header again (the first few) and how many. */
  private headerAgain: number[] = [];
  private headerAgainCount = 0;

  /**
   * Columns of the sheet left out before the first cell of a record (a workbook's empty columns before its
   * table: workbookWorker.ts): messages name a column by the sheet's position and letter, and a generated
   * name is the sheet's "Column N".
   */
  columnOffset = 0;
  /**
   * Cells left out at the start of every record: a CSV's columns before its table, empty in every row (read
   * once already to find them: leadingColumns.ts). Set with columnOffset.
   */
  leftOut = 0;
  /** Sees every record but blank ones, the header's included, as it comes (the read that finds those columns). */
  watch: EmptyColumnsWatch | undefined;

  /** Set by the reader when its decoder met bytes its encoding does not have (see checkInvalid). */
  invalidEncoding: string | null = null;

  constructor(
    private readonly sink: TableSink,
    private readonly batchSize: number,
  ) {}

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.droppedWarnings++;
  }

  /** The sentence every row-specific message ends with, so nobody has to guess the numbering. */
  convention(): string {
    const header = this.headerRow || 1;
    return ` (Rows are numbered as a spreadsheet shows them: the header is row ${header}.)`;
  }

  async accept(records: string[][], errors: readonly RecordError[], final: boolean): Promise<void> {
    // papaparse also reports errors for the unfinished last row it did not return; those come back
    // when that row is complete, so only errors for returned rows count.
    let errorAt = records.length;
    let error: RecordError | undefined;
    for (const e of errors) {
      if (e.row >= records.length || e.row > errorAt) continue;
      // Two errors on one row: a stray quote inside a quoted cell is the cause, the unclosed quote the effect.
      if (e.row === errorAt && !(e.code === 'InvalidQuotes' && error?.code !== 'InvalidQuotes')) continue;
      errorAt = e.row;
      error = e;
    }
    for (let i = 0; i < errorAt; i++) {
      const rowNumber = this.nextRowNumber++;
      if (isBlank(records[i]!)) {
        this.blankRow(rowNumber);
        continue;
      }
      this.watch?.see(records[i]!);
      const record = this.leftOut ? this.withoutLeftOut(records[i]!) : records[i]!;
      if (this.sawNul) this.checkNul(record, rowNumber);
      if (this.invalidEncoding) this.checkInvalid(record, rowNumber);
      const columns = this.columns;
      if (columns === undefined) {
        await this.setHeader(record, rowNumber);
        continue;
      }
      if (record.length !== columns.length) this.ragged(record, rowNumber, columns);
      if (this.titleSuspect) this.checkTitle(record, rowNumber);
      // Kept as a row (row numbers stay the spreadsheet's); the row checks make it invalid, never sent.
      if (repeatsHeader(columns, record) && this.headerAgainCount++ < SHOWN_ROWS) this.headerAgain.push(rowNumber);
      if (this.pendingBlank) {
        this.middleBlank += this.pendingBlank;
        if (!this.middleBlankFirst) this.middleBlankFirst = this.pendingBlankFirst;
        this.pendingBlank = 0;
      }
      if (this.batch.length && rowNumber !== this.batchFirst + this.batch.length) await this.flush();
      if (!this.batch.length) this.batchFirst = rowNumber;
      this.batch.push(record);
      this.rowCount++;
      if (this.batch.length >= this.batchSize) await this.flush();
    }
    if (error) this.quoteError(records[errorAt]!, this.nextRowNumber, error);
    if (final) await this.flush();
  }

  async finish(): Promise<string[]> {
    await this.flush();
    if (this.columns === undefined) {
      throw new AppError('BAD_CSV', 'The file is empty: it holds only blank lines or spaces, so there is no header row.');
    }
    if (this.rowCount === 0) {
      throw new AppError(
        'BAD_CSV',
        `The file has a header but no rows: row ${this.headerRow} names the columns (${preview(this.columns)}) ` +
          'and nothing follows it. Add at least one row of data.',
        { row: this.headerRow },
      );
    }
    if (this.leadingBlank) {
      this.warn(`Skipped ${plural(this.leadingBlank, 'blank row')} before the header (row ${this.headerRow}).`);
    }
    if (this.middleBlank) {
      this.warn(`Skipped ${plural(this.middleBlank, 'blank row')} between the data rows (the first is row ${this.middleBlankFirst}).`);
    }
    if (this.headerAgainCount) this.warn(this.headerAgainWarning());
    if (this.droppedWarnings) this.warnings.push(`…and ${plural(this.droppedWarnings, 'more warning')}.`);
    return this.columns;
  }

  /** The column a cell index names in messages: position, letter and header. */
  columnName(i: number): string {
    const name = this.columns?.[i];
    const at = i + this.columnOffset;
    return name === undefined ? columnLabel(at) : `${at + 1} (${columnLetters(at)}, ${quoted(name)})`;
  }

  /** A cell index's position and letter in the sheet: "2 (B)". */
  private label(i: number): string {
    return columnLabel(i + this.columnOffset);
  }

  /**
   * A record without the cells left out, which the first read found empty in every row: one that is not says
   * the file changed between the two reads (the reader names the change, when it sees it, with the same words).
   */
  private withoutLeftOut(record: string[]): string[] {
    for (let i = 0; i < this.leftOut; i++) {
      if ((record[i] ?? '') !== '') {
        throw new AppError(
          'BAD_CSV',
          'The file changed while it was being read: it is probably still being copied or written. Nothing was ' +
            'imported; import it again once it is complete.',
        );
      }
    }
    return record.slice(this.leftOut);
  }

  private headerAgainWarning(): string {
    const n = this.headerAgainCount;
    const rows = this.headerAgain;
    // All of them: "3, 5 and 7"; more than were kept: "3, 5, 6, 7, 8, … 12 in all", as other import warnings.
    const list = n > rows.length ? firstFew(rows, n) : andList(rows);
    return n === 1
      ? `Row ${list} repeats the header row (row ${this.headerRow}), as when files are pasted together: it was kept, ` +
          'but a run counts it invalid and never sends it. Delete it from the file.'
      : `Rows ${list} repeat the header row (row ${this.headerRow}), as when files are pasted together: they were ` +
          'kept, but a run counts them invalid and never sends them. Delete them from the file.';
  }

  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    const rows = this.batch;
    this.batch = [];
    await this.sink.onRows(rows, this.batchFirst);
  }

  private blankRow(rowNumber: number): void {
    // Blank rows are skipped wherever they are: trailing ones silently (editors and Excel leave them),
    // ones between data rows with a warning. Row numbers still count them, as a spreadsheet does.
    if (this.columns === undefined) this.leadingBlank++;
    else if (this.pendingBlank++ === 0) this.pendingBlankFirst = rowNumber;
  }

  private async setHeader(record: string[], rowNumber: number): Promise<void> {
    this.headerRow = rowNumber;
    if (record.length > MAX_COLUMNS) {
      throw new AppError(
        'BAD_CSV',
        `The header (row ${rowNumber}) has ${record.length.toLocaleString('en-US')} columns; a spreadsheet holds at ` +
          `most ${MAX_COLUMNS.toLocaleString('en-US')}. Is the delimiter right?`,
        { row: rowNumber },
      );
    }
    // Names are trimmed and lose characters a spreadsheet does not show (stray spaces, zero-width
    // characters, a doubled byte-order mark): "email" must match "email" when mapping.
    const invisible: string[] = [];
    const names = record.map((cell, i) => {
      const found = [...new Set(cell.match(INVISIBLE) ?? [])];
      if (found.length) invisible.push(`${this.label(i)} (${found.map((c) => INVISIBLE_NAMES[c]).join(', ')})`);
      return headerName(cell);
    });
    const hidden = (i: number) => HAS_INVISIBLE.test(record[i]!);
    const taken = new Set(names.filter(Boolean).map((n) => n.toLowerCase()));
    const blanks: number[] = [];
    names.forEach((name, i) => {
      if (name) return;
      // A blank header cell gets a name instead of an error: Excel writes one for every trailing
      // delimiter ("email,name,"), and an unnamed column is harmless: it is simply not mapped.
      let generated = blankHeaderName(i + this.columnOffset, false);
      if (taken.has(generated.toLowerCase())) generated = blankHeaderName(i + this.columnOffset, true);
      taken.add(generated.toLowerCase());
      names[i] = generated;
      blanks.push(i);
    });
    if (blanks.length) {
      this.warn(
        `${blanks.length === 1 ? 'Column' : 'Columns'} ${blanks.map((k) => this.label(k)).join(', ')} ` +
          `${blanks.length === 1 ? 'has' : 'have'} no header, so ${blanks.length === 1 ? 'it is' : 'they are'} ` +
          `called ${blanks.map((i) => `"${names[i]}"`).join(', ')}.`,
      );
    }
    // Duplicate names are an error, not renamed: mapping is by name, and an admin who maps "email"
    // must know which of two "email" columns is sent. Case and surrounding spaces do not make a name
    // different to the eye, so they do not make it different here.
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const key = name.toLowerCase();
      const j = seen.get(key);
      if (j === undefined) {
        seen.set(key, i);
        return;
      }
      const a = names[j]!;
      const b = names[i]!;
      const invisibleIn = [j, i].filter(hidden).map((k) => this.label(k));
      const which =
        invisibleIn.length
          ? `both read ${quoted(b)} (column ${invisibleIn.join(' and ')} also holds invisible characters, such as a zero-width space, that a spreadsheet does not show)`
          : a === b
            ? `both have the header ${quoted(a)}`
            : `have the headers ${quoted(a)} and ${quoted(b)}, which count as the same (case and spaces are ignored)`;
      throw new AppError(
        'BAD_CSV',
        `Columns ${this.label(j)} and ${this.label(i)} ${which}. Rename one so each column can be mapped unambiguously.`,
        { row: rowNumber, column: names[i]! },
      );
    });
    // A header cell holding an email address means the file has no header row: its first user
    // would otherwise silently become the column names and never be sent.
    const email = names.findIndex((n) => /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(n));
    const allNumbers = names.every((n, i) => blanks.includes(i) || /^[-+]?\d+([.,]\d+)?$/.test(n));
    if (email >= 0 || allNumbers) {
      const why =
        email >= 0 ? `column ${this.label(email)} holds ${quoted(names[email]!)}` : 'every cell in it is a number';
      throw new AppError(
        'BAD_CSV',
        `Row ${rowNumber} looks like data, not a header: ${why}. The first row must name the columns ` +
          '(for example email,first_name,last_name).',
        { row: rowNumber, ...(email >= 0 ? { column: names[email]! } : {}) },
      );
    }
    if (invisible.length) {
      this.warn(`Removed invisible characters from the header of column ${invisible.join('; ')}.`);
    }
    const named = names.flatMap((name, i) => (blanks.includes(i) ? [] : [i]));
    if (named.length === 1) this.titleSuspect = { index: named[0]!, text: names[named[0]!]! };
    this.columns = names;
    await this.sink.onHeader([...names]);
  }

  /** The first data row fills more cells than the header's one: the header may be a title (warned). */
  private checkTitle(record: string[], rowNumber: number): void {
    const title = this.titleSuspect!;
    this.titleSuspect = null;
    const filled = record.filter((cell) => cell.trim() !== '').length;
    if (filled < 2) return;
    this.warn(
      `Row ${this.headerRow} names only column ${this.label(title.index)} (${quoted(title.text)}), and row ${rowNumber} ` +
        `fills ${plural(filled, 'column')}: if row ${this.headerRow} is a title above the header, delete it and import ` +
        'again (the first row with text names the columns).',
    );
  }

  private ragged(record: string[], rowNumber: number, columns: string[]): never {
    const n = columns.length;
    let hint = '';
    if (record.length > n && record.slice(n).every((c) => c.trim() === '')) {
      hint = ' The extra cells are empty: is there a delimiter at the end of the line?';
    } else if (record.length > n) {
      hint = ` The first extra cell holds ${quoted(record[n]!)}: does a cell contain the delimiter without quotes around it?`;
    } else if (record.length === 1) {
      hint = ' The row has no delimiter at all: is a line break inside a cell that is not quoted?';
    } else {
      hint = ` The last cell present is column ${this.label(record.length - 1)} (${quoted(columns[record.length - 1]!)}).`;
    }
    // The first data row, wider than a header with one cell of text, and reading like a header itself (every
    // cell text, none with spaces around it, as "Smith, John" split is not): that "header" may be a title line.
    const readsAsHeader = record.every((cell) => cell !== '' && cell === cell.trim());
    if (this.titleSuspect && this.rowCount === 0 && record.length > n && readsAsHeader) {
      hint +=
        ` Or is row ${this.headerRow} (${quoted(this.titleSuspect.text)}) a title above the header? The first row with ` +
        'text names the columns: delete the title and import again.';
    }
    throw new AppError(
      'BAD_CSV',
      `Row ${rowNumber} has ${plural(record.length, 'cell')} but the header (row ${this.headerRow}) has ` +
        `${plural(n, 'column')}.${hint} Rows are not padded or cut.${this.convention()}`,
      { row: rowNumber },
    );
  }

  private checkNul(record: string[], rowNumber: number): void {
    const i = record.findIndex((cell) => cell.includes('\0'));
    if (i < 0) return;
    throw new AppError(
      'BAD_CSV',
      `Row ${rowNumber}, column ${this.columnName(i)} contains a NUL byte: this does not look like a CSV/text file ` +
        `from there on (binary data or a damaged file).${this.convention()}`,
      { row: rowNumber, column: this.columns?.[i] ?? `Column ${i + 1 + this.columnOffset}` },
    );
  }

  private checkInvalid(record: string[], rowNumber: number): void {
    const i = record.findIndex((cell) => cell.includes('\uFFFD'));
    if (i < 0) return;
    throw new AppError(
      'BAD_CSV',
      `Row ${rowNumber}, column ${this.columnName(i)} holds bytes that are not ${this.invalidEncoding} text (shown as �): ` +
        `the file is probably in another encoding. Import it again choosing its encoding (Encoding on the Import ` +
        `screen, or --encoding).${this.convention()}`,
      { row: rowNumber, column: this.columns?.[i] ?? `Column ${i + 1 + this.columnOffset}` },
    );
  }

  /**
   * A stray quote in a row with more cells than the header. Most often the quote sits in the middle of a
   * cell that also holds an unquoted delimiter (Smith,"Jr" III): the delimiter split that cell, so the
   * quote opens the piece after it and lands in a later column. The row's cell count is what the data
   * shows; which earlier cell holds the delimiter, it shows only when there is just one.
   */
  private strayQuoteMessage(rowNumber: number, i: number, n: number, line: NonNullable<RecordError['line']>): string {
    const d = line.delimiter === '\t' ? 'tab' : line.delimiter;
    const counts =
      `Split at every delimiter (${d}) outside quotes, row ${rowNumber} has ${plural(line.cells, 'cell')} but the ` +
      `header (row ${this.headerRow}) has ${plural(n, 'column')}`;
    const cause =
      i === 0
        ? ', so a cell in this row holds the delimiter without quotes around it.'
        : i === 1
          ? `, so column ${this.columnName(0)}, the only cell before this one, probably holds the delimiter without ` +
            'quotes around it, which split it in two.'
          : ', so an earlier cell probably holds the delimiter without quotes around it, which split it in two and ' +
            `moved this text right of where it belongs: one of columns ${this.columnName(0)} to ${this.columnName(i - 1)}.`;
    // Shown as written, not JSON-quoted: the message is about its quotes. A long one cut (shortValue).
    const cell = shortValue(line.cell);
    return (
      `Row ${rowNumber}, column ${this.columnName(i)} as the row is split reads ${cell.replace(/\n/g, ' ')}, where a ` +
      `quote (") opens the cell but closes before the cell ends. ${counts}${cause} A cell that holds the delimiter or a quote ` +
      `needs quotes around it, with each quote inside written as "" (for example "Smith, ""Jr"""). Rows are not ` +
      `padded or cut.${this.convention()}`
    );
  }

  private quoteError(record: string[], rowNumber: number, error: RecordError): never {
    if (error.code === 'InvalidQuotes') {
      const i = error.column ?? Math.max(0, record.findIndex((cell) => cell.includes('"')));
      const at = { row: rowNumber, column: this.columns?.[i] ?? `Column ${i + 1 + this.columnOffset}` };
      const n = this.columns?.length ?? 0;
      const line = error.line;
      if (line && n && line.cells > n) throw new AppError('BAD_CSV', this.strayQuoteMessage(rowNumber, i, n, line), at);
      throw new AppError(
        'BAD_CSV',
        `Row ${rowNumber}, column ${this.columnName(i)}: a quoted cell has a quote (") inside it that is not doubled. ` +
          `Inside quotes, write a quote as "" (for example "He said ""hi"""), or close the cell's quote right ` +
          `before the delimiter.${this.convention()}`,
        at,
      );
    }
    const i = Math.max(0, record.length - 1);
    throw new AppError(
      'BAD_CSV',
      `Row ${rowNumber}, column ${this.columnName(i)}: a quote (") opens a cell but is never closed, so everything ` +
        `after it to the end of the file would be one cell. Close the quote, or double it ("") if it is part of the ` +
        `text.${this.convention()}`,
      { row: rowNumber, column: this.columns?.[i] ?? `Column ${i + 1 + this.columnOffset}` },
    );
  }

}


export function isBlank(record: string[]): boolean {
  for (const cell of record) {
    if (cell.length !== 0 && (cell.charCodeAt(0) > 32 || cell.trim() !== '')) return false;
  }
  return true;
}

