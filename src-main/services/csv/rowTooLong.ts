// Where a row goes wrong in the raw text: why an unfinished row ran past MAX_ROW_CHARS (a cell too long,
// a quote never closed, no line break at all), and which row and cell an offset in the text falls in.
import { AppError } from '../../../src-shared/contract/errors';
import type { LineEndings } from './lineEndings';
import type { TableBuilder } from './tableBuilder';

/**
 * Longest single row we buffer. A 10 MB cell works; past this the reader finds out why the row is so
 * long (a quote never closed, a giant cell, no line breaks at all) and says that.
 */
export const MAX_ROW_CHARS = 32 * 1024 * 1024;

/**
 * The unfinished row passed MAX_ROW_CHARS. Finds out why, reading on without keeping the text: a quoted
 * cell that does close later is simply too long; one that never closes is an unclosed quote; a row with
 * no quote open has no line break at all.
 */
export async function rowTooLong(
  table: TableBuilder,
  leftover: string,
  delimiter: string,
  lineEndings: LineEndings,
  more: () => Promise<string | null>,
): Promise<never> {
  const row = table.nextRowNumber;
  const at = { row };
  const million = MAX_ROW_CHARS / (1024 * 1024);
  if (!lineEndings.insideQuotes) {
    throw new AppError(
      'BAD_CSV',
      `Row ${row} runs on for more than ${million} million characters without a line break. Is this a CSV file with one ` +
        `row per line, and is the delimiter right?${table.convention()}`,
      at,
    );
  }
  // The open cell: count the delimiters outside quotes before it; its length so far is from its quote.
  let column = 0;
  let cellStart = 0;
  let quoted = false;
  for (let i = 0; i < leftover.length; i++) {
    const c = leftover[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && leftover.startsWith(delimiter, i)) {
      column++;
      cellStart = i + delimiter.length;
    }
  }
  let length = leftover.length - cellStart;
  for (;;) {
    const text = await more();
    if (text === null) {
      throw new AppError(
        'BAD_CSV',
        `Row ${row}, column ${table.columnName(column)}: a quote (") opens a cell but is never closed, so everything ` +
          `after it to the end of the file would be one cell. Close the quote, or double it ("") if it is part of the ` +
          `text.${table.convention()}`,
        { row, column: table.columns?.[column] ?? `Column ${column + 1}` },
      );
    }
    const before = length;
    const normalized = lineEndings.run(text, false);
    if (!lineEndings.insideQuotes) {
      // The quote closed somewhere in this text: count up to the last quote (close enough for a message).
      length = before + normalized.lastIndexOf('"');
      throw new AppError(
        'BAD_CSV',
        `Row ${row}, column ${table.columnName(column)} holds one cell of about ${length.toLocaleString('en-US')} ` +
          `characters; the most a cell can hold here is ${million} million (Excel itself shows at most 32,767). ` +
          `Shorten that cell.${table.convention()}`,
        { row, column: table.columns?.[column] ?? `Column ${column + 1}` },
      );
    }
    length += normalized.length;
  }
}

/**
 * Where each of `positions` (ascending offsets into `text`, which starts at the start of a row) is: rows after
 * the first (line breaks outside quotes) and the cell (from 0) in its row.
 */
export function cellsAt(
  text: string,
  positions: number[],
  delimiter: string,
): { row: number; column: number }[] {
  const found: { row: number; column: number }[] = [];
  let row = 0;
  let column = 0;
  let quoted = false;
  let next = 0;
  for (let i = 0; i < text.length && next < positions.length; i++) {
    while (next < positions.length && positions[next] === i) {
      found.push({ row, column });
      next++;
    }
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n') {
      row++;
      column = 0;
    } else if (text.startsWith(delimiter, i)) {
      column++;
      i += delimiter.length - 1;
    }
  }
  return found;
}

/** The cell (from 0) an unfinished row's text ends in: how many delimiters outside quotes it holds. */
export function openCell(text: string, delimiter: string): number {
  let cell = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text.startsWith(delimiter, i)) {
      cell++;
      i += delimiter.length - 1;
    }
  }
  return cell;
}
