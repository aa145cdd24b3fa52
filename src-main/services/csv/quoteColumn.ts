// Which column a malformed quoted cell is in. papaparse reports only where that cell's text starts (just
// after its opening quote); a cell's value cannot tell, since a quote may also sit inside an unquoted cell
// (`=H("a")`) or be a doubled one (`""`). So the text is walked again, field by field, as papaparse reads
// it: a quote opens a cell only at its start, a doubled quote inside is one quote, a closing quote may be
// followed by spaces before the delimiter or line break. Everything before the error was read without one.

/**
 * The column (from 0) of the field whose opening quote is at `quoteAt` in `text`, which starts at the
 * start of a row and has `\n` line breaks; null when the walk does not land on it (then say less).
 */
export function quotedFieldColumn(text: string, quoteAt: number, delimiter: string): number | null {
  let column = 0;
  let i = 0;
  for (;;) {
    if (i === quoteAt) return text[i] === '"' ? column : null;
    if (i > quoteAt) return null;
    if (text[i] === '"') {
      let q = text.indexOf('"', i + 1);
      while (q >= 0 && text[q + 1] === '"') q = text.indexOf('"', q + 2);
      if (q < 0) return null;
      i = q + 1;
      while (text[i] === ' ') i++;
    } else {
      const d = text.indexOf(delimiter, i);
      const n = text.indexOf('\n', i);
      i = d < 0 ? n : n < 0 ? d : Math.min(d, n);
      if (i < 0) return null;
    }
    if (text.startsWith(delimiter, i)) {
      column++;
      i += delimiter.length;
    } else if (text[i] === '\n') {
      column = 0;
      i++;
    } else {
      return null;
    }
  }
}

/** The line around a malformed quoted cell, split as a spreadsheet splits it (see strayQuoteLine). */
export interface StrayQuoteLine {
  /** Cells in the row. */
  cells: number;
  /** The malformed cell as written, from its opening quote to the delimiter or line break that ends it. */
  cell: string;
}

/**
 * The row holding the malformed quoted cell that opens at `quoteAt` (found by quotedFieldColumn to be
 * column `column`), split as Excel and Python's csv read a stray quote: a cell that opens with a quote
 * runs to the next quote that is not doubled, then on as plain text to the next delimiter or line break.
 * Papaparse instead reads everything after the stray quote as one cell, so the row's own record cannot
 * tell whether it has too many cells (an unquoted delimiter earlier in the row). `final`: the text ends
 * where the file ends. Null when the row's end is not in the text (a quote never closed, a cut chunk).
 */
export function strayQuoteLine(
  text: string,
  quoteAt: number,
  column: number,
  delimiter: string,
  final: boolean,
): StrayQuoteLine | null {
  let cells = column;
  let cell: string | undefined;
  let i = quoteAt;
  for (;;) {
    if (text[i] === '"') {
      let q = text.indexOf('"', i + 1);
      while (q >= 0 && text[q + 1] === '"') q = text.indexOf('"', q + 2);
      if (q < 0) return null;
      i = q + 1;
    }
    const d = text.indexOf(delimiter, i);
    const n = text.indexOf('\n', i);
    const end = d < 0 ? n : n < 0 ? d : Math.min(d, n);
    if (end < 0 && !final) return null;
    cells++;
    cell ??= text.slice(quoteAt, end < 0 ? text.length : end);
    if (end < 0 || end === n) return { cells, cell };
    i = end + delimiter.length;
  }
}
