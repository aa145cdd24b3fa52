// Empty columns before a table (every line starting with the delimiter: ",email,name", a table started in
// column B) are left out of a CSV as they are of a workbook's sheet (workbookWorker.ts), rather than coming in
// as an empty "Column 1". A CSV is read as a stream and its rows are stored as they come, so whether a column is
// empty in every row is known only at its end: when the header starts with an empty cell, a first read of the
// file finds out (leftOutColumns), stopping at the first row with something there, and the read that stores
// the rows leaves them out. Messages keep naming columns by the letters a spreadsheet shows for the file.
import { columnLetters } from './labels';

/**
 * The sentence that says which empty columns before the table were left out, by the index of the first
 * column kept (≥ 1): "column A is empty, so it was left out: the table starts at column B." (a workbook's
 * warning puts its sheet first, a CSV's starts it with a capital).
 */
export function leftOutSentence(first: number): string {
  const left =
    first === 1 ? 'column A is' : `columns A ${first === 2 ? 'and' : 'to'} ${columnLetters(first - 1)} are`;
  return `${left} empty, so ${first === 1 ? 'it was' : 'they were'} left out: the table starts at column ${columnLetters(first)}.`;
}

/** Thrown to end the first read as soon as every column before the table turns out to hold something. */
const NONE_EMPTY = Symbol('no empty columns before the table');

/**
 * Watches the records of a table (the header first, blank rows not included) for the columns before the
 * first with anything in it: a cell that is not empty text, a space included (as in a workbook).
 */
export class EmptyColumnsWatch {
  /** How many columns at the start are empty in every record so far; undefined before the header. */
  count: number | undefined;

  see(record: readonly string[]): void {
    const limit = this.count ?? record.length;
    let i = 0;
    while (i < limit && (record[i] ?? '') === '') i++;
    this.count = i;
    if (i === 0) throw NONE_EMPTY;
  }
}

/**
 * How many columns before the table are empty in every row, header included, by reading the file once with
 * `read` (which feeds `watch` every record). 0 when there are none, and when the read fails: the read that
 * stores the rows then fails the same way, saying why, with the file's columns as they are.
 */
export async function leftOutColumns(
  read: (watch: EmptyColumnsWatch) => Promise<unknown>,
  signal?: AbortSignal,
): Promise<number> {
  const watch = new EmptyColumnsWatch();
  try {
    await read(watch);
    return watch.count ?? 0;
  } catch {
    // NONE_EMPTY, or the file is not a good table: the read that stores it says why.
    signal?.throwIfAborted();
    return 0;
  }
}
