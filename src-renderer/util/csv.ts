// CSV writing for exports: RFC 4180 quoting, and cells that a spreadsheet would run as a formula
// (starting with =, +, -, @, or a tab / carriage return) prefixed with an apostrophe (OWASP's advice
// against CSV injection), so opening an export in Excel never executes anything.

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function csvCell(value: string | number | null | undefined): string {
  const s = escapeFormula(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
