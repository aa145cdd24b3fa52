// What a sheet hides or shows otherwise than its cells say, for the warnings: rows and columns it hides, merged
// ranges, a header row merged across columns; and the sheet's rows and cell addresses these are named by.
import * as XLSX from '@e965/xlsx';
import type { Cell, CellRead } from './cellText.ts';
import type { Hidden, Ranges } from './openDocumentFixes.ts';
import type { Found } from './workerMessages.ts';

/** Cells named in a warning; the others are counted. */
export const SHOWN = 5;

/** Whether position i is in `ranges`, for i that only grow from call to call (one pass, however many ranges). */
function inRanges(ranges: Ranges): (i: number) => boolean {
  let k = 0;
  return (i) => {
    while (k < ranges.length && ranges[k]![1] <= i) k++;
    return k < ranges.length && ranges[k]![0] <= i;
  };
}

/**
 * The rows with data and the columns with data the sheet hides (hidden by hand, filtered out, folded into
 * an outline): by row number, and by column letter.
 */
export function hiddenCells(
  sheet: XLSX.WorkSheet,
  odf: Hidden | undefined,
  rows: Cell[][],
  width: number,
  read: CellRead,
): { rows: Found; columns: Found } {
  const rowInfo = sheet['!rows'] ?? [];
  const colInfo = sheet['!cols'] ?? [];
  const odfRow = inRanges(odf?.rows ?? []);
  const odfColumn = inRanges(odf?.columns ?? []);
  const hidden = { rows: { cells: [], count: 0 } as Found, columns: { cells: [], count: 0 } as Found };
  for (let r = 0; r < rows.length; r++) {
    if ((rowInfo[r]?.hidden || odfRow(r)) && hasText(rows[r], read)) count(hidden.rows, String(r + 1));
  }
  for (let c = 0; c < width; c++) {
    if ((colInfo[c]?.hidden || odfColumn(c)) && rows.some((row) => read(row?.[c]).text.trim() !== '')) {
      count(hidden.columns, letters(c));
    }
  }
  return hidden;
}

export function rowsOf(sheet: XLSX.WorkSheet): Cell[][] {
  return ((sheet as unknown as { '!data'?: Cell[][] })['!data'] ?? []) as Cell[][];
}

export function hasText(row: Cell[] | undefined, read: CellRead): boolean {
  if (!row) return false;
  for (const c of row) if (read(c).text.trim() !== '') return true;
  return false;
}

export function count(found: Found, ref: string): void {
  if (found.cells.length < SHOWN) found.cells.push(ref);
  found.count++;
}

/**
 * The merged ranges whose top-left cell shows something (its value is shown across the range, while the
 * file holds it in that cell alone), in sheet order. A merged range with nothing in it hides nothing.
 */
export function mergedRanges(sheet: XLSX.WorkSheet, rows: Cell[][], read: CellRead): Found {
  const found: Found = { cells: [], count: 0 };
  const merges = [...(sheet['!merges'] ?? [])].sort((a, b) => a.s.r - b.s.r || a.s.c - b.s.c);
  for (const m of merges) {
    if (read(rows[m.s.r]?.[m.s.c]).text !== '') count(found, XLSX.utils.encode_range(m));
  }
  return found;
}

/**
 * The header row (the first with text) when it has cells merged across columns and names more than one
 * column: a two-row header, groups ("Person", "Course") over the column names, reads as names for only the
 * first column of each group. Its merged ranges with text, as `A1:B1 "Person"`, in column order. (One named
 * cell over wider rows is the title line the table builder warns about.)
 */
export function headerMerges(
  sheet: XLSX.WorkSheet,
  rows: Cell[][],
  read: CellRead,
): { row: number; ranges: string[] } | null {
  const header = rows.findIndex((row) => hasText(row, read));
  if (header < 0) return null;
  const text = (c: number) => read(rows[header]?.[c]).text.trim();
  const named = (rows[header] ?? []).filter((_, c) => text(c) !== '').length;
  const ranges = (sheet['!merges'] ?? [])
    .filter((m) => m.s.r === header && m.e.c > m.s.c && text(m.s.c) !== '')
    .sort((a, b) => a.s.c - b.s.c)
    .map((m) => `${XLSX.utils.encode_range(m)} ${JSON.stringify(text(m.s.c))}`);
  return named > 1 && ranges.length ? { row: header + 1, ranges } : null;
}

export function letters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
