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
// otherwise be buffered whole), and decoding (encodings are detected and decoded before papaparse).
//
// Cells are exact: line breaks inside quoted cells keep their CR or CRLF (lineEndings.ts), nothing is
// trimmed or typed. A file that changes while it is read (still being copied, cut short) fails.
//
// Rows are numbered as a spreadsheet shows them: the first line of the file is row 1 (normally the
// header), so the first data row is row 2. A line break inside a quoted cell does not start a new row,
// just as in a spreadsheet. Every row-specific error says so in its message.
import { createReadStream } from 'node:fs';
import { AppError } from '../../../src-shared/contract/errors';
import { papa } from './papaparse';
import {
  assertLooksLikeText,
  assertNotUtf32,
  BINARY_SNIFF_BYTES,
  ChunkDecoder,
  detectEncoding,
  encodingName,
  InvalidUtf8Error,
  type CsvEncoding,
} from './decode';
import { columnLetters, plural } from './labels';
import { firstFew } from '../../../src-shared/util/firstFew';
import { EmptyColumnsWatch, leftOutColumns, leftOutSentence } from './leadingColumns';
import { LineEndings } from './lineEndings';
import { guessedEncodingWarning, overruledBomWarning } from './encodingWarnings';
import { assertUnchanged, errorCode, fileStat, trailingZeros } from './fileChecks';
import { cellsAt, MAX_ROW_CHARS, openCell, rowTooLong } from './rowTooLong';
import { checkDelimiterOption, sniffDelimiter } from './sniffDelimiter';
import { quotedFieldColumn, strayQuoteLine } from './quoteColumn';
import { TableBuilder, type RecordError, type TableSink } from './tableBuilder';

export { columnLabel } from './labels';
export { encodingName } from './decode';
export { MAX_COLUMNS } from './tableBuilder';
export { MAX_ROW_CHARS } from './rowTooLong';
export { guessedEncodingWarning, overruledBomWarning } from './encodingWarnings';

export interface CsvReadOptions {
  /** Overrides detection. Up to 8 characters without a quote or line break (src-shared/dataset/delimiter.ts); usually one of , ; \t | */
  delimiter?: string;
  /** Overrides detection (a canonical name: see decode.ts encodingOption; a matching BOM is still skipped). */
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
  /** How sure detection was of `encoding` (0–100); null when the caller chose it. */
  encodingConfidence: number | null;
  /** Things the user should know that did not stop the import (skipped blank rows, a guessed encoding…). */
  warnings: string[];
  /** The file's size in bytes. */
  fileBytes: number;
}

export type CsvSink = TableSink;

/** Bytes read from disk per chunk. 1 MiB keeps per-chunk overhead low and memory flat. */
const CHUNK_BYTES = 1 << 20;
/** Bytes inspected up front for encoding, binary content and the delimiter. */
const SNIFF_BYTES = 64 * 1024;
export const DEFAULT_BATCH_SIZE = 1000;

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export interface PapaResult {
  data: string[][];
  errors: RecordError[];
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

  // The file as it was before either read: a change between the two is a change while it was read.
  const before = await fileStat(path);
  const { onProgress: _, ...quiet } = opts;
  const leftOut = await leftOutColumns(
    (watch) => readCsvPass(path, { onHeader: () => {}, onRows: () => {} }, { ...quiet, batchSize }, { before, watch }),
    opts.signal,
  );
  return readCsvPass(path, sink, { ...opts, batchSize }, { before, leftOut });
}

/** One read of the file: `watch` sees its records (the first read), `leftOut` cells are left out of each (the second). */
async function readCsvPass(
  path: string,
  sink: CsvSink,
  opts: CsvReadOptions & { batchSize: number },
  pass: { before: { size: number; mtimeMs: number; ino: number }; watch?: EmptyColumnsWatch; leftOut?: number },
): Promise<CsvReadSummary> {
  const batchSize = opts.batchSize;
  const before = pass.before;
  const totalBytes = before.size;
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
    assertNotUtf32(head, opts.encoding === undefined);
    const start = detectEncoding(head, opts.encoding);
    const body = head.subarray(start.bomLength);
    if (body.length === 0) throw new AppError('BAD_CSV', 'The file is empty (it holds only a byte-order mark).');
    const utf16 = start.encoding === 'utf-16le' || start.encoding === 'utf-16be';
    // A file whose end is zeros was not written completely (an interrupted copy or save, a full disk):
    // read up to them, then say so, rather than report what the zeros do to the last row.
    const zeros = await trailingZeros(path, totalBytes, utf16 ? 2 : 1);
    const textEnd = totalBytes - zeros;
    const sniffed = body.subarray(0, Math.max(0, textEnd - start.bomLength));
    const sample = utf16
      ? new TextDecoder(start.encoding).decode(sniffed.subarray(0, 2 * BINARY_SNIFF_BYTES))
      : sniffed.toString('latin1', 0, BINARY_SNIFF_BYTES);
    assertLooksLikeText(head, sample);
    if (sniffed.length === 0) throw new AppError('BAD_CSV', `The file holds only ${plural(zeros, 'zero byte')} (NUL), no text: it was not written completely.`);

    const decoder = new ChunkDecoder(start);
    const table = new TableBuilder(sink, batchSize);
    if (pass.watch) table.watch = pass.watch;
    if (pass.leftOut) table.columnOffset = table.leftOut = pass.leftOut;
    if (start.overruledBom) table.warn(overruledBomWarning(start.encoding));
    let bytesRead = head.length;

    // decode() may stop at a byte that is not UTF-8: feed the text before it, then report its row.
    const decode = (bytes: Buffer, final: boolean): { text: string; bad?: InvalidUtf8Error } => {
      let text: string;
      let bad: InvalidUtf8Error | undefined;
      try {
        text = decoder.decode(bytes) + (final ? decoder.end() : '');
      } catch (e) {
        if (!(e instanceof InvalidUtf8Error)) throw e;
        text = e.validText;
        bad = e;
      }
      if (decoder.sawInvalid) table.invalidEncoding = encodingName(decoder.encoding);
      // Ctrl-Z at the very end is the DOS end-of-file mark some old exporters still write, not data.
      if (final && !bad && text.endsWith('\x1a')) {
        text = text.slice(0, -1);
        table.warn('The file ends with Ctrl-Z (byte 0x1A), the old DOS end-of-file mark; it was ignored.');
      }
      return bad ? { text, bad } : { text };
    };
    // Bytes up to the zeros only (the first chunk may already hold some).
    const upToZeros = (bytes: Buffer, offset: number): Buffer =>
      offset + bytes.length > textEnd ? bytes.subarray(0, Math.max(0, textEnd - offset)) : bytes;

    // 2. The delimiter, from the first 64 KB of text (or Excel's "sep=;" first line).
    let first = decode(upToZeros(body, start.bomLength), eof || textEnd <= head.length);
    let text = first.text;
    let delimiter = opts.delimiter;
    const sep = /^sep=([^\r\n"])(?:\r\n|\n|\r|$)/i.exec(text);
    if (sep) {
      // Excel's hint line. Excel does not show it as a row, so it does not count in row numbers.
      delimiter ??= sep[1]!;
      text = text.slice(sep[0].length);
      table.warn(`The first line "sep=${sep[1] === '\t' ? '\\t' : sep[1]}" was read as the delimiter hint Excel writes.`);
    }
    delimiter ??= sniffDelimiter(text.replace(/\r\n?/g, '\n'), eof || first.bad !== undefined);
    const lineEndings = new LineEndings(delimiter);

    // 3. Parse: leftover (the unfinished last row) + new text, keep the new unfinished row for later.
    const parser = new (papa().Parser)({ delimiter, newline: '\n', quoteChar: '"' });
    let leftover = '';
    // Text not parsed yet. While one row is long (a 10 MB cell, an unclosed quote), re-parsing it for
    // every 1 MiB chunk would be quadratic, so we wait until the new text is as long as the unfinished
    // row (at most 4 MiB) before trying again. Ordinary rows are short, so every chunk is parsed at once.
    let pending: string[] = [];
    let pendingLength = 0;
    const spacedCells: { row: number; column: number }[] = [];
    let spacedCount = 0;
    const feed = async (rawText: string, final: boolean, force = false): Promise<void> => {
      const chunkText = lineEndings.run(rawText, final);
      if (chunkText.includes('\0')) table.sawNul = true;
      pending.push(chunkText);
      pendingLength += chunkText.length;
      if (!final && !force && pendingLength < Math.min(leftover.length, 4 * 1024 * 1024)) return;
      const input = leftover + pending.join('');
      pending = [];
      pendingLength = 0;
      const result = parser.parse(input, 0, !final) as PapaResult;
      leftover = final ? '' : input.substring(result.meta.cursor);
      // Cells whose spaces after the closing quote were kept, in the rows parsed now: by row and column.
      const inputStart = lineEndings.output - input.length;
      const parsedEnd = inputStart + input.length - leftover.length;
      const spaced = lineEndings.spacedCells;
      let taken = 0;
      while (taken < spaced.length && spaced[taken]! < parsedEnd) taken++;
      if (taken) {
        for (const at of cellsAt(input, spaced.splice(0, taken).map((p) => p - inputStart), delimiter)) {
          if (spacedCells.length < 5) spacedCells.push({ row: table.nextRowNumber + at.row, column: at.column });
          spacedCount++;
        }
      }
      for (const e of result.errors) {
        if (e.code === 'InvalidQuotes' && e.index !== undefined) {
          const column = quotedFieldColumn(input, e.index - 1, delimiter);
          if (column === null) continue;
          e.column = column;
          const line = strayQuoteLine(input, e.index - 1, column, delimiter, final);
          if (line) e.line = { ...line, delimiter };
        }
      }
      await table.accept(result.data, result.errors, final);
      if (leftover.length > MAX_ROW_CHARS) {
        await rowTooLong(table, leftover, delimiter, lineEndings, async () => {
          const chunk = await next();
          return chunk ? decode(chunk, false).text : null;
        });
      }
    };
    const failOnBadUtf8 = async (): Promise<never> => {
      // The text before the bad byte is parsed (nothing held back): what is left is the bad byte's row, up
      // to it, and the cell it is in is the one its delimiters outside quotes reach.
      await feed('', false, true);
      const row = table.nextRowNumber;
      const i = openCell(leftover, delimiter);
      throw new AppError(
        'BAD_CSV',
        `Row ${row}, column ${table.columnName(i)} is not valid UTF-8 text, although the file is UTF-8 before it. ` +
          `Fix that cell, or import the file again choosing its encoding (for example windows-1252).${table.convention()}`,
        { row, column: table.columns?.[i] ?? `Column ${i + 1}` },
      );
    };
    const zerosError = (lastRowFailed: boolean): AppError => {
      // The last row with text: the one that failed, or the last one read (it may be cut short too).
      const row = Math.max(1, lastRowFailed ? table.nextRowNumber : table.nextRowNumber - 1);
      return new AppError(
        'BAD_CSV',
        `The file ends with ${plural(zeros, 'zero byte')} (NUL) instead of text, from row ${row} on: it was not ` +
          `written completely (an interrupted copy or save, or a full disk), so row ${row} and anything after it may ` +
          'be missing or cut off. Copy or export the file again.',
        { row },
      );
    };

    try {
      // Before a bad byte, the unfinished row is left unparsed, so the next row number is the bad row's.
      await feed(text, (eof || textEnd <= head.length) && !first.bad);
      if (first.bad) await failOnBadUtf8();
      opts.onProgress?.(bytesRead, totalBytes);

      let offset = head.length;
      let done = eof || textEnd <= head.length;
      while (!done) {
        opts.signal?.throwIfAborted();
        const chunk = await next();
        if (!chunk) eof = true;
        else bytesRead += chunk.length;
        const bytes = chunk ? upToZeros(chunk, offset) : Buffer.alloc(0);
        offset += chunk?.length ?? 0;
        done = eof || offset >= textEnd;
        first = decode(bytes, done);
        await feed(first.text, done && !first.bad);
        if (first.bad) await failOnBadUtf8();
        opts.onProgress?.(bytesRead, totalBytes);
      }
      opts.signal?.throwIfAborted();
    } catch (e) {
      if (e instanceof AppError && e.code === 'BAD_CSV') {
        // A file still being copied, or cut short, while it was read ends anywhere, mid-row included: what
        // that does to a row is not the file's fault, so the change is what the admin hears about.
        await assertUnchanged(path, before, null);
        // The last row, cut off by the zeros, fails however it was cut: the zeros are the cause.
        if (zeros) throw zerosError(true);
      }
      throw e;
    }
    if (zeros) {
      await assertUnchanged(path, before, null);
      throw zerosError(false);
    }

    // 4. The file must still be the one we started with, and we must have read all of it.
    await assertUnchanged(path, before, bytesRead);

    if (pass.leftOut) table.warn(capitalised(leftOutSentence(pass.leftOut)));
    if (decoder.guessed) table.warn(guessedEncodingWarning(decoder.guessed));
    if (spacedCount) {
      const cells = spacedCells.map((c) => `${columnLetters(c.column)}${c.row}`);
      table.warn(
        'Quoted cells have spaces or tabs after their closing quote, before the delimiter or the end of the row ' +
          `(cells ${firstFew(cells, spacedCount)}): they were kept at the end of the cell, as Excel reads them (a CSV ` +
          'file should have nothing there). Remove them from the file if they should not be sent.',
      );
    }
    const columns = await table.finish();
    return {
      columns,
      rowCount: table.rowCount,
      delimiter,
      encoding: decoder.encoding,
      encodingConfidence: opts.encoding ? null : (decoder.confidence ?? 100),
      warnings: table.warnings,
      fileBytes: totalBytes,
    };
  } finally {
    stream.destroy();
  }
}
