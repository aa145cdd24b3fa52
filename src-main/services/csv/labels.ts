// How messages name rows, columns and cells: as a spreadsheet shows them.
import { quoteValue } from '../../../src-shared/util/quoteValue';

/** 0 → "1 (A)", 27 → "28 (AB)": the position and the letter a spreadsheet shows. */
export function columnLabel(index: number): string {
  return `${index + 1} (${columnLetters(index)})`;
}

export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A header, cell or sheet name in a message: escaped and quoted, a long one cut (quoteValue). */
export function quoted(s: string): string {
  return quoteValue(s, JSON.stringify);
}

export function preview(columns: string[]): string {
  const shown = columns.slice(0, 5).map(quoted).join(', ');
  return columns.length > 5 ? `${shown}, … ${columns.length} in all` : shown;
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** 1 → "1st", 2 → "2nd", 13 → "13th", 22 → "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
