// How a report cell reads to a person, the same on the Reports screen and in the CLI's text output
// (CSV export writes the raw values instead, for spreadsheets to compute with).
import type { Cell, ColumnType } from './types';

/** Percent cells hold percentages already (27.3 means 27.3%). `empty` stands in for a missing value. */
export function formatCell(v: Cell, type: ColumnType, empty = '—'): string {
  if (v === null || v === '') return empty;
  if (type === 'percent' && typeof v === 'number') return `${v.toFixed(1)}%`;
  if (typeof v === 'number') return v.toLocaleString('en-US');
  return v;
}
