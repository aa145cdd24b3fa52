// Recognises a failed-rows export of Bulk Desk's own when it is imported again (the admin fixed the
// rows in a spreadsheet or with sed): its last column is FAILED_ROWS_MARKER. Such a file is read back as
// the original columns — the marker column dropped, every formula escape reversed, in the header too — so the next job
// sends exactly the cells of the first one (`-0042` stays `-0042`, not `'-0042`). Any other file is
// imported as it is (src-shared/export/csv.ts says why), with a warning naming cells that look escaped
// (src-shared/export/escapedCells.ts): the column is the only sign, and deleting it is easy.
import { FAILED_ROWS_MARKER, unescapeFormula } from '../../src-shared/export/csv';

export interface OwnExportReader {
  /** The columns as the original file had them. */
  columns: string[];
  /** One data row as the original file had it. */
  row(cells: string[]): string[];
}

export function failedRowsExportReader(columns: readonly string[]): OwnExportReader | null {
  if (columns.length < 2 || columns.at(-1) !== FAILED_ROWS_MARKER) return null;
  const width = columns.length - 1;
  return {
    // The header was escaped as every cell is (a column named "=name" was written "'=name").
    columns: columns.slice(0, width).map(unescapeFormula),
    row: (cells) => {
      const out = new Array<string>(width);
      for (let i = 0; i < width; i++) out[i] = unescapeFormula(cells[i] ?? '');
      return out;
    },
  };
}
