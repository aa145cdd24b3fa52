// A list of spreadsheet row numbers as an admin types it: "4,7,12-15" (spaces allowed). Row numbers
// are as the spreadsheet shows them (the header is row 1), so the smallest a data row can have is 2.

export const MAX_LISTED_ROWS = 1_000_000;

/** The rows in ascending order without repeats; throws an Error naming the part it cannot read. */
export function parseRowList(text: string): number[] {
  const rows = new Set<number>();
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a row number or a range like 12-15`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    // Past 2^53 a number no longer goes up by one (1e20 + 1 === 1e20): the loop below would never end.
    // No spreadsheet has a row near there, so say so rather than read it.
    if (!Number.isSafeInteger(to))
      throw new Error(`"${part}": no spreadsheet has row ${m[2] ?? m[1]}; see the row numbers the job lists`);
    if (from < 1) throw new Error(`"${part}": row numbers start at 1 (the header row); data rows start at 2`);
    if (to < from) throw new Error(`"${part}" is not a range of row numbers (like 12-15)`);
    if (to - from + 1 + rows.size > MAX_LISTED_ROWS)
      throw new Error(`"${part}": more than ${MAX_LISTED_ROWS} rows; use --all instead`);
    for (let r = from; r <= to; r++) rows.add(r);
  }
  if (rows.size === 0) throw new Error('no row numbers given (e.g. 4,7,12-15)');
  return [...rows].sort((a, b) => a - b);
}
