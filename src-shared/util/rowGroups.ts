// Rows that share one problem, said once: "Rows 2–61 (60 rows): User identifier: is required". A file
// whose every row misses the same mapped field printed the same line for each row ("Row 2: …", "Row 3: …"),
// burying a different problem in row 40 under "and 50 more".
import { andList } from './andList';
import { plural } from './plural';

export interface RowMessage {
  rowNumber: number;
  /** "Row 7: <text>" (preflight's form) or the text alone. */
  message: string;
}

/** "2–4, 7 and 9–10": ascending row numbers as ranges; after `maxRanges` ranges, how many rows more. */
export function rowRanges(rows: readonly number[], maxRanges = 6): string {
  const ranges: string[] = [];
  let shownRows = 0;
  for (let i = 0; i < rows.length && ranges.length < maxRanges;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    ranges.push(j === i ? String(rows[i]) : `${rows[i]}–${rows[j]}`);
    shownRows += j - i + 1;
    i = j + 1;
  }
  const rest = rows.length - shownRows;
  return rest > 0 ? `${ranges.join(', ')} and ${plural(rest, 'more row')}` : andList(ranges);
}

/** One problem and the rows that have it, said as one line. */
export interface RowGroup {
  line: string;
  rows: number;
}

/**
 * One line per distinct problem, in the order each first appears: a problem of one row keeps its own
 * line; one shared by several says their rows and how many.
 */
export function groupRowMessages(list: readonly RowMessage[]): RowGroup[] {
  const groups = new Map<string, number[]>();
  for (const { rowNumber, message } of list) {
    const prefix = `Row ${rowNumber}: `;
    const text = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    const rows = groups.get(text);
    if (rows) rows.push(rowNumber);
    else groups.set(text, [rowNumber]);
  }
  return [...groups].map(([text, rows]) => ({
    rows: rows.length,
    line:
      rows.length === 1
        ? `Row ${rows[0]}: ${text}`
        : `Rows ${rowRanges([...rows].sort((a, b) => a - b))} (${plural(rows.length, 'row')}): ${text}`,
  }));
}
