// Counts said in words with the plural right ("1 row", "2 rows"), shared by the screens and the CLI.

/** "1 row", "2 rows", "1,024 rows"; `many` defaults to `one` + "s". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** A heading over the rows shown: "Row 2" or "Rows 2–11", and "(1 row in the file)" beside it. */
export function rowRangeHeading(
  first: number,
  last: number,
  total: number,
): { range: string; total: string } {
  return {
    range: first === last ? `Row ${first}` : `Rows ${first}–${last}`,
    total: `${plural(total, 'row')} in the file`,
  };
}
