// A report table as CSV: a header of column labels, then one line per row. Text cells go through the
// shared writer, which quotes and defuses formula-looking cells (= + - @); numbers are written as
// numbers (a plain number is not a formula, and `'-3` would stop a spreadsheet from summing it).
import { csvField, csvLine, UTF8_BOM } from '../export/csv';
import type { Cell, ReportTable } from './types';

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCellOf(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') {
    const s = Number.isFinite(v) ? String(v) : '';
    return PLAIN_NUMBER.test(s) ? s : csvField(s);
  }
  return csvField(v);
}

/**
 * The whole table, with a BOM so Excel reads UTF-8, CRLF line breaks. Figures that are partial (`partial`:
 * the notes saying why, ReportView.partial) are said on a first line of their own, above the header, so the
 * file says it wherever it goes.
 */
export function reportCsv(table: ReportTable, partial?: readonly string[]): string {
  let out = UTF8_BOM;
  if (partial?.length) out += csvLine([`Partial figures: ${partial.join(' ')}`]);
  out += csvLine(table.columns.map((c) => c.label));
  for (const row of table.rows) out += table.columns.map((c) => csvCellOf(row[c.key] ?? null)).join(',') + '\r\n';
  return out;
}
