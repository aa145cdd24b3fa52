// Writing CSV that is safe to open in a spreadsheet. Pure string functions, so the CLI's exports and
// the UI's "Download" produce byte-for-byte the same file.
//
// Formula injection (CSV injection): Excel, LibreOffice and Google Sheets treat a cell that starts with
// = + - @ (and, in some versions, a leading tab or carriage return) as a formula, so a name like
// `=HYPERLINK(...)` from a hostile spreadsheet or an API message would run when the admin opens the
// export. OWASP's advice is to prefix such cells with a single quote, which spreadsheets show as text.
//
// The cost: `-0042` comes back as `'-0042`, and a failed-rows file fixed and imported again would send
// the quote to the LMS. So the escape is made exactly reversible — a quote is added before any run of
// quotes that ends in a formula character (`=x` → `'=x`, and an original `'=x` → `''=x`), so removing
// one quote from such a cell always gives the original back — and the importer reverses it for files
// it recognises as its own failed-rows exports (they end with the FAILED_ROWS_MARKER column: see
// src-main/services/ownExport.ts). Recognising the file, rather than unescaping every file, means a
// spreadsheet that really holds `'-5` from somewhere else is imported as it is; such cells in a file not
// recognised (our export with its last column deleted) are named in a warning (./escapedCells.ts).

/** A run of quotes, then a character that makes a spreadsheet read the cell as a formula. */
const ESCAPED_OR_FORMULA = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

/** `=1+1` → `'=1+1`, `'=1` → `''=1`; anything else unchanged. */
export function escapeFormula(cell: string): string {
  return ESCAPED_OR_FORMULA.test(cell) ? `'${cell}` : cell;
}

/** The exact inverse of escapeFormula, for a cell written by it. */
export function unescapeFormula(cell: string): string {
  return ESCAPED.test(cell) ? cell.slice(1) : cell;
}

/** Whether a cell reads like escapeFormula's output (so unescapeFormula would change it). */
export function looksEscaped(cell: string): boolean {
  return ESCAPED.test(cell);
}

/**
 * The last column of a failed-rows export: why each row was not sent. It tells the admin what to fix, and
 * tells the importer that the file is ours, so its formula escapes are reversed and this column dropped.
 */
export const FAILED_ROWS_MARKER = 'Bulk Desk: why it was not sent';

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
