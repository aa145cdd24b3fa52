// The CSV reading service: a file path in, a header and batches of rows out, streamed so memory does
// not grow with the file. Parsing is papaparse's (5.x), chosen because it is the well-kept, widely
// used streaming CSV parser for JavaScript with correct RFC 4180 quoting; every decision about what
// a *good* table is (header rules, ragged rows, encodings, binary files) is ours and lives here.
//
// We drive papaparse's core `Papa.Parser` ourselves, chunk by chunk, exactly as its own ChunkStreamer
// does (parse `leftover + chunk` with ignoreLastRow, keep the unfinished last row for the next chunk)
// rather than handing it a Node stream. That keeps four things in our hands that its stream wrapper
// hides: awaiting the sink (backpressure: the file is not read while onRows is pending), exact row
// numbers for errors, a cap on one unfinished row (an unclosed quote early in a 1 GB file would
// otherwise be buffered whole), and decoding (UTF-16 / Latin-1 detection happens before papaparse).
//
// Rows are numbered as a spreadsheet shows them: the first line of the file is row 1 (normally the
// header), so the first data row is row 2. A line break inside a quoted cell does not start a new row,
// just as in a spreadsheet. Every row-specific error says so in its message.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import Papa from 'papaparse';
import { AppError } from '../../../src-shared/contract/errors';
import {
  assertLooksLikeText,
  BINARY_SNIFF_BYTES,
  ChunkDecoder,
  detectEncoding,
  InvalidUtf8Error,
  type CsvEncoding,
} from './decode';

export interface CsvReadOptions {
  /** Overrides detection. Any string without a quote or line break; usually one of , ; \t | */
  delimiter?: string;
  /** Overrides detection (a matching byte-order mark is still skipped). */
  encoding?: CsvEncoding;
  /** Rows per onRows call; default 1000. A batch can be shorter (see onRows). */
  batchSize?: number;
  /** Aborting rejects with the signal's reason and closes the file. */
  signal?: AbortSignal;
  /** Called after each chunk of the file is processed, and once at the end with bytesRead = totalBytes. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface CsvReadSummary {
  columns: string[];
  /** Data rows delivered to onRows (blank rows skipped, header excluded). */
  rowCount: number;
  delimiter: string;
  encoding: string;
  /** Things the user should know that did not stop the import (skipped blank rows, Latin-1, …). */
  warnings: string[];
}

export interface CsvSink {
  onHeader(columns: string[]): void | Promise<void>;
  /**
   * A batch of consecutive data rows: rows[i] is spreadsheet row firstRowNumber + i. Each row has
   * exactly columns.length cells, every cell a string exactly as written (no trimming, no typing).
   * A skipped blank row ends a batch early so that this numbering always holds.
   */
  onRows(rows: string[][], firstRowNumber: number): void | Promise<void>;
}

/** Bytes read from disk per chunk. 1 MiB keeps per-chunk overhead low and memory flat. */
const CHUNK_BYTES = 1 << 20;
/** Bytes inspected up front for encoding, binary content and the delimiter. */
const SNIFF_BYTES = 64 * 1024;
/**
 * Longest single row we buffer. A 10 MB cell works; a row past this is nearly always an unclosed quote
 * swallowing the rest of the file, and buffering it whole would cost memory and quadratic re-parsing.
 */
export const MAX_ROW_CHARS = 32 * 1024 * 1024;
/** Excel's own column limit (XFD); a file wider than any spreadsheet can hold is not a user list. */
export const MAX_COLUMNS = 16_384;
export const DEFAULT_BATCH_SIZE = 1000;
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;
const MAX_WARNINGS = 20;

interface PapaError {
  code: string;
  row: number;
}
interface PapaResult {
  data: string[][];
  errors: PapaError[];
  meta: { cursor: number };
}

/**
 * Streams the file; calls onHeader once, then onRows with batches of rows (each row string[] exactly
 * columns.length long, every cell a string). Throws AppError('BAD_CSV', message) naming the row
 * (spreadsheet numbering: the header is row 1), the column, or what is wrong; NOT_FOUND when there is
 * no such file; INVALID_INPUT for bad options.
 */
export async function readCsvFile(path: string, sink: CsvSink, opts: CsvReadOptions = {}): Promise<CsvReadSummary> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new AppError('INVALID_INPUT', 'batchSize must be a whole number of at least 1.', { field: 'batchSize' });
  }
  if (opts.delimiter !== undefined) checkDelimiterOption(opts.delimiter);
  opts.signal?.throwIfAborted();

  const totalBytes = await fileSize(path);
  if (totalBytes === 0) throw new AppError('BAD_CSV', 'The file is empty.');

  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const next = async (): Promise<Buffer | undefined> => {
    try {
      const r = await chunks.next();
      return r.done ? undefined : r.value;
    } catch (e) {
      throw new AppError('BAD_CSV', `The file could not be read (${errorCode(e)}).`);
    }
  };

  try {
    // 1. The first bytes: encoding, byte-order mark, "is this text at all".
    const headParts: Buffer[] = [];
    let headLength = 0;
    let eof = false;
    while (headLength < SNIFF_BYTES) {
      const chunk = await next();
      if (!chunk) {
        eof = true;
        break;
      }
      headParts.push(chunk);
      headLength += chunk.length;
    }
    const head = Buffer.concat(headParts);
    const guess = detectEncoding(head, opts.encoding);
    const body = head.subarray(guess.bomLength);
    if (body.length === 0) throw new AppError('BAD_CSV', 'The file is empty (it holds only a byte-order mark).');
    const sample =
      guess.encoding === 'utf-16le' || guess.encoding === 'utf-16be'
        ? new TextDecoder(guess.encoding).decode(body.subarray(0, 2 * BINARY_SNIFF_BYTES))
        : body.toString('latin1', 0, BINARY_SNIFF_BYTES);
    assertLooksLikeText(head, sample);

    const decoder = new ChunkDecoder(guess.encoding);
    const newlines = new NewlineNormalizer();
    const table = new TableBuilder(sink, batchSize);
    let bytesRead = head.length;

    // decode() may stop at a byte that is not UTF-8: feed the text before it, then report its row.
    const decode = (bytes: Buffer, final: boolean): { text: string; bad?: InvalidUtf8Error } => {
      try {
        return { text: newlines.run(decoder.decode(bytes) + (final ? decoder.end() : ''), final) };
      } catch (e) {
        if (!(e instanceof InvalidUtf8Error)) throw e;
        return { text: newlines.run(e.validText, true), bad: e };
      }
    };

    // 2. The delimiter, from the first 64 KB of text (or Excel's "sep=;" first line).
    let first = decode(body, eof);
    let text = first.text;
    let delimiter = opts.delimiter;
    const sep = /^sep=([^\n"])(?:\n|$)/i.exec(text);
    if (sep) {
      // Excel's hint line. Excel does not show it as a row, so it does not count in row numbers.
      delimiter ??= sep[1]!;
      text = text.slice(sep[0].length);
      table.warn(`The first line "sep=${sep[1] === '\t' ? '\\t' : sep[1]}" was read as the delimiter hint Excel writes.`);
    }
    delimiter ??= sniffDelimiter(text, eof || first.bad !== undefined);

    // 3. Parse: leftover (the unfinished last row) + new text, keep the new unfinished row for later.
    const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
    let leftover = '';
    // Text not parsed yet. While one row is long (a 10 MB cell, an unclosed quote), re-parsing it for
    // every 1 MiB chunk would be quadratic, so we wait until the new text is as long as the unfinished
    // row (at most 4 MiB) before trying again. Ordinary rows are short, so every chunk is parsed at once.
    let pending: string[] = [];
    let pendingLength = 0;
    const feed = async (chunkText: string, final: boolean): Promise<void> => {
      if (chunkText.includes('\0')) table.sawNul = true;
      pending.push(chunkText);
      pendingLength += chunkText.length;
      if (!final && pendingLength < Math.min(leftover.length, 4 * 1024 * 1024)) return;
      const input = leftover + pending.join('');
      pending = [];
      pendingLength = 0;
      const result = parser.parse(input, 0, !final) as PapaResult;
      leftover = final ? '' : input.substring(result.meta.cursor);
      await table.accept(result.data, result.errors, final);
      if (leftover.length > MAX_ROW_CHARS) table.rowTooLong();
    };
    const failOnBadUtf8 = (): never => {
      const row = table.nextRowNumber;
      throw new AppError(
        'BAD_CSV',
        `Row ${row} is not valid UTF-8 text, although the file is UTF-8 before it. ` +
          `Fix that row, or import the file again choosing the Latin-1 encoding.${table.convention()}`,
        { row },
      );
    };

    // Before a bad byte, the unfinished row is left unparsed, so the next row number is the bad row's.
    await feed(text, eof && !first.bad);
    if (first.bad) failOnBadUtf8();
    opts.onProgress?.(bytesRead, totalBytes);

    while (!eof) {
      opts.signal?.throwIfAborted();
      const chunk = await next();
      if (!chunk) eof = true;
      else bytesRead += chunk.length;
      first = decode(chunk ?? Buffer.alloc(0), eof);
      await feed(first.text, eof && !first.bad);
      if (first.bad) failOnBadUtf8();
      opts.onProgress?.(bytesRead, totalBytes);
    }
    opts.signal?.throwIfAborted();

    if (decoder.fellBackToLatin1) {
      table.warn('The file is not valid UTF-8, so it was read as Latin-1 (Windows-1252). Check accented letters.');
    }
    const columns = await table.finish();
    return { columns, rowCount: table.rowCount, delimiter, encoding: decoder.encoding, warnings: table.warnings };
  } finally {
    stream.destroy();
  }
}

/** Assembles header and rows from parsed records, enforcing the table rules, and feeds the sink. */
class TableBuilder {
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

  constructor(
    private readonly sink: CsvSink,
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

  async accept(records: string[][], errors: PapaError[], final: boolean): Promise<void> {
    // papaparse also reports errors for the unfinished last row it did not return; those come back
    // when that row is complete, so only errors for returned rows count.
    let errorAt = records.length;
    let error: PapaError | undefined;
    for (const e of errors) {
      if (e.row >= records.length || e.row > errorAt) continue;
      // Two errors on one row: a stray quote inside a quoted cell is the cause, the unclosed quote the effect.
      if (e.row === errorAt && !(e.code === 'InvalidQuotes' && error?.code !== 'InvalidQuotes')) continue;
      errorAt = e.row;
      error = e;
    }
    for (let i = 0; i < errorAt; i++) {
      const record = records[i]!;
      const rowNumber = this.nextRowNumber++;
      if (isBlank(record)) {
        this.blankRow(rowNumber);
        continue;
      }
      if (this.sawNul) this.checkNul(record, rowNumber);
      const columns = this.columns;
      if (columns === undefined) {
        await this.setHeader(record, rowNumber);
        continue;
      }
      if (record.length !== columns.length) this.ragged(record, rowNumber, columns);
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
    if (this.droppedWarnings) this.warnings.push(`…and ${plural(this.droppedWarnings, 'more warning')}.`);
    return this.columns;
  }

  /** The unfinished row has grown past MAX_ROW_CHARS. */
  rowTooLong(): never {
    const row = this.nextRowNumber;
    throw new AppError(
      'BAD_CSV',
      `Row ${row} is longer than ${MAX_ROW_CHARS / (1024 * 1024)} million characters. This almost always means a ` +
        `quote (") on row ${row} is never closed, so the rest of the file reads as one cell.${this.convention()}`,
      { row },
    );
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
    // Names are trimmed (stray spaces and a doubled byte-order mark are invisible in a spreadsheet).
    const names = record.map((cell) => cell.trim());
    const taken = new Set(names.filter(Boolean).map((n) => n.toLowerCase()));
    const blanks: number[] = [];
    names.forEach((name, i) => {
      if (name) return;
      // A blank header cell gets a name instead of an error: Excel writes one for every trailing
      // delimiter ("email,name,"), and an unnamed column is harmless: it is simply not mapped.
      let generated = `Column ${i + 1}`;
      if (taken.has(generated.toLowerCase())) generated = `Column ${i + 1} (no header)`;
      taken.add(generated.toLowerCase());
      names[i] = generated;
      blanks.push(i);
    });
    if (blanks.length) {
      this.warn(
        `${blanks.length === 1 ? 'Column' : 'Columns'} ${blanks.map(columnLabel).join(', ')} ` +
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
      const which =
        a === b
          ? `both have the header ${quoted(a)}`
          : `have the headers ${quoted(a)} and ${quoted(b)}, which count as the same (case and spaces are ignored)`;
      throw new AppError(
        'BAD_CSV',
        `Columns ${columnLabel(j)} and ${columnLabel(i)} ${which}. Rename one so each column can be mapped unambiguously.`,
        { row: rowNumber, column: names[i]! },
      );
    });
    // A header cell holding an email address means the file has no header row: its first user
    // would otherwise silently become the column names and never be sent.
    const email = names.findIndex((n) => /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(n));
    const allNumbers = names.every((n, i) => blanks.includes(i) || /^[-+]?\d+([.,]\d+)?$/.test(n));
    if (email >= 0 || allNumbers) {
      const why =
        email >= 0 ? `column ${columnLabel(email)} holds ${quoted(names[email]!)}` : 'every cell in it is a number';
      throw new AppError(
        'BAD_CSV',
        `Row ${rowNumber} looks like data, not a header: ${why}. The first row must name the columns ` +
          '(for example email,first_name,last_name).',
        { row: rowNumber, ...(email >= 0 ? { column: names[email]! } : {}) },
      );
    }
    this.columns = names;
    await this.sink.onHeader([...names]);
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
      hint = ` The last cell present is column ${columnLabel(record.length - 1)} (${quoted(columns[record.length - 1]!)}).`;
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
      { row: rowNumber, column: this.columns?.[i] ?? `Column ${i + 1}` },
    );
  }

  private quoteError(record: string[], rowNumber: number, error: PapaError): never {
    if (error.code === 'InvalidQuotes') {
      const i = Math.max(0, record.findIndex((cell) => cell.includes('"')));
      throw new AppError(
        'BAD_CSV',
        `Row ${rowNumber}, column ${this.columnName(i)}: a quoted cell has a quote (") inside it that is not doubled. ` +
          `Inside quotes, write a quote as "" (for example "He said ""hi"""), or close the cell's quote right ` +
          `before the delimiter.${this.convention()}`,
        { row: rowNumber, column: this.columns?.[i] ?? `Column ${i + 1}` },
      );
    }
    const i = Math.max(0, record.length - 1);
    throw new AppError(
      'BAD_CSV',
      `Row ${rowNumber}, column ${this.columnName(i)}: a quote (") opens a cell but is never closed, so everything ` +
        `after it to the end of the file would be one cell. Close the quote, or double it ("") if it is part of the ` +
        `text.${this.convention()}`,
      { row: rowNumber, column: this.columns?.[i] ?? `Column ${i + 1}` },
    );
  }

  private columnName(i: number): string {
    const name = this.columns?.[i];
    return name === undefined ? columnLabel(i) : `${i + 1} (${columnLetters(i)}, ${quoted(name)})`;
  }
}

/** Converts CRLF and lone CR to LF across chunk boundaries, so mixed line endings split correctly. */
class NewlineNormalizer {
  private heldCr = false;
  run(text: string, final: boolean): string {
    if (this.heldCr) {
      text = '\r' + text;
      this.heldCr = false;
    }
    if (!final && text.endsWith('\r')) {
      text = text.slice(0, -1);
      this.heldCr = true;
    }
    // Also inside quoted cells: a multi-line cell then holds \n line breaks whatever the file used.
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }
}

/**
 * Picks the delimiter that splits the first rows most consistently: for each candidate, the share of
 * the first 100 non-blank rows with as many cells as the first one, then the most columns; a
 * candidate giving the first row a single cell never wins. No winner means a one-column file (",").
 */
function sniffDelimiter(text: string, complete: boolean): string {
  let best: string = ',';
  let bestScore = -1;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"', preview: 101 });
    const data = (parser.parse(text, 0, false) as PapaResult).data;
    if (!complete && data.length > 1) data.pop(); // probably cut off by the end of the sample
    const rows = data.filter((r) => !isBlank(r));
    const n = rows[0]?.length ?? 0;
    if (n < 2) continue;
    const consistent = rows.filter((r) => r.length === n).length / rows.length;
    const score = consistent * 1e6 + Math.min(n, MAX_COLUMNS);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function isBlank(record: string[]): boolean {
  for (const cell of record) {
    if (cell.length !== 0 && (cell.charCodeAt(0) > 32 || cell.trim() !== '')) return false;
  }
  return true;
}

function checkDelimiterOption(d: string): void {
  if (typeof d !== 'string' || d.length === 0 || d.length > 8 || /["\r\n\uFEFF]/.test(d)) {
    throw new AppError('INVALID_INPUT', 'The delimiter must be a short text without quotes or line breaks, such as , ; | or a tab.', {
      field: 'delimiter',
    });
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new AppError('BAD_CSV', 'This is a folder or a device, not a file.');
    return s.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (errorCode(e) === 'ENOENT') throw new AppError('NOT_FOUND', 'The file does not exist (was it moved or deleted?).');
    throw new AppError('BAD_CSV', `The file could not be opened (${errorCode(e)}).`);
  }
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

/** 0 → "1 (A)", 27 → "28 (AB)": the position and the letter a spreadsheet shows. */
export function columnLabel(index: number): string {
  return `${index + 1} (${columnLetters(index)})`;
}

function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function quoted(s: string): string {
  const shown = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  return JSON.stringify(shown);
}

function preview(columns: string[]): string {
  const shown = columns.slice(0, 5).map(quoted).join(', ');
  return columns.length > 5 ? `${shown}, … ${columns.length} in all` : shown;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
