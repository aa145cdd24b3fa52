// Writing CSV that is safe to open in a spreadsheet. Pure string functions, so the CLI's exports and
// the UI's "Download" produce byte-for-byte the same file.
//
// Formula injection (CSV injection): Excel, LibreOffice and Google Sheets treat a cell that starts with
// = + - @ (and, in some versions, a leading tab or carriage return) as a formula, so a name like
// `=HYPERLINK(...)` from a hostile spreadsheet or an API message would run when the admin opens the
// export. OWASP's advice is to prefix such cells with a single quote, which spreadsheets show as text.
// The cost: a value like `-5` or `+31 6…` comes back as `'-5`; a re-import of a failed-rows file keeps
// that quote, which is why `unescapeFormula` exists for readers that know the file came from us.

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** `=1+1` → `'=1+1`; anything else unchanged. */
export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The inverse of escapeFormula, for a cell known to have been written by it. */
export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export interface CsvWriteOptions {
  /** Default ','. */
  delimiter?: string;
  /** Default true: prefix formula-looking cells with a quote (see above). */
  escapeFormulas?: boolean;
}

/** One RFC 4180 field: quoted when it holds the delimiter, a quote, or a line break. */
export function csvField(cell: string, opts: CsvWriteOptions = {}): string {
  const delimiter = opts.delimiter ?? ',';
  const v = opts.escapeFormulas === false ? cell : escapeFormula(cell);
  const needsQuotes = v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r');
  return needsQuotes ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One record followed by CRLF (RFC 4180's line break, which Excel expects). */
export function csvLine(cells: readonly (string | number | null | undefined)[], opts: CsvWriteOptions = {}): string {
  return `${cells.map((c) => csvField(c === null || c === undefined ? '' : String(c), opts)).join(opts.delimiter ?? ',')}\r\n`;
}

/**
 * Column names for a results file: the input columns, then the result columns. A result column whose
 * name is already an input column gets a ` (result)` suffix, so a file with its own `error` column
 * keeps both.
 */
export function resultHeader(inputColumns: readonly string[], resultColumns: readonly string[]): string[] {
  const taken = new Set(inputColumns);
  const out = [...inputColumns];
  for (const c of resultColumns) {
    let name = c;
    while (taken.has(name)) name = `${name} (result)`;
    taken.add(name);
    out.push(name);
  }
  return out;
}

/** UTF-8 byte-order mark: lets Excel on Windows open a UTF-8 export with accents intact. */
export const UTF8_BOM = '\uFEFF';
