// How a header cell is read, for the import (src-main/services/csv/tableBuilder.ts) and the row checks
// (../mapping/buildRequest.ts) alike: trimmed, without the characters a spreadsheet does not show, and a
// blank one named "Column 3". A data row that reads the same as the header is the header again (exports
// pasted together): column names, never a user to send.

/**
 * Characters a spreadsheet does not show: zero-width space, non-joiner and joiner, word joiner, a byte-
 * order mark inside the text, soft hyphen. In a header they make two equal-looking names differ.
 */
export const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** A header cell as the column's name: invisible characters removed, then trimmed ('' when blank). */
export function headerName(cell: string): string {
  return cell.replace(INVISIBLE, '').trim();
}

/** The name a column with a blank header cell gets: "Column 3", or "Column 3 (no header)" when that is taken. */
export function blankHeaderName(index: number, taken: boolean): string {
  return taken ? `Column ${index + 1} (no header)` : `Column ${index + 1}`;
}

const BLANK_HEADER_NAME = /^Column \d+(?: \(no header\))?$/;

/**
 * Whether `cell` reads as the header cell that named `column`: the same name in any capitals (a header
 * pasted from another export may be written "Email" over "email"), or blank under a generated one.
 */
function readsAs(column: string, cell: string): 'name' | 'blank' | false {
  if (cell === column) return 'name';
  const read = headerName(cell);
  if (read === column || (read !== '' && read.toLowerCase() === column.toLowerCase()))
    return read === '' ? 'blank' : 'name';
  return read === '' && BLANK_HEADER_NAME.test(column) ? 'blank' : false;
}

/** Whether a row's cells (in column order) read, cell by cell, as the header that named `columns`. */
export function repeatsHeader(columns: readonly string[], cells: readonly string[]): boolean {
  let named = false;
  for (let i = 0; i < columns.length; i++) {
    const r = readsAs(columns[i]!, cells[i] ?? '');
    if (!r) return false;
    if (r === 'name') named = true;
  }
  return named;
}

/** The same for a row as the mapping reads it (column name → cell, every column of the dataset). */
export function rowRepeatsHeader(row: Readonly<Record<string, string>>): boolean {
  let named = false;
  for (const column of Object.keys(row)) {
    const r = readsAs(column, row[column]!);
    if (!r) return false;
    if (r === 'name') named = true;
  }
  return named;
}
