// Which delimiters the CSV reader takes. papaparse splits on any text, so a delimiter may be longer than
// one character ("::"), but not a quote (it opens quoted cells) or a line break (it ends rows); a
// byte-order mark is an invisible leftover of copying, never meant. One rule for the reader, the import
// screen and the CLI.

export const MAX_DELIMITER_LENGTH = 8;

/** Why `d` cannot be a CSV delimiter, as a clause ("a delimiter cannot be empty"); undefined when it can. */
export function delimiterProblem(d: string): string | undefined {
  if (d.length === 0) return 'a delimiter cannot be empty';
  if (d.includes('"')) return 'a quote (") cannot be a delimiter: it opens and closes quoted cells';
  if (/[\r\n]/.test(d)) return 'a line break cannot be a delimiter: it ends a row';
  if (d.includes('\uFEFF')) return 'a byte-order mark (U+FEFF) cannot be a delimiter';
  if (d.length > MAX_DELIMITER_LENGTH) {
    return `a delimiter is at most ${MAX_DELIMITER_LENGTH} characters long; this one has ${d.length}`;
  }
  return undefined;
}
