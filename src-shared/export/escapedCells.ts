// Cells that read like our formula escape (`'=cmd`, `'+1`: ./csv.ts) in an imported file that is not
// recognised as our own failed-rows export. The usual cause: the admin deleted the export's last column,
// "Bulk Desk: why it was not sent", before importing the fixed rows, and that column is the only sign
// the export carries. Such a file is still imported as it is — the same cells from another source may
// really start with a quote, and guessing would change them silently — but the import warns, naming
// the columns and rows and how to get the cells back without the quote, so the quotes are not sent
// unnoticed.
import { firstFew } from '../util/firstFew';
import { FAILED_ROWS_MARKER, looksEscaped } from './csv';

/** Columns named one by one, and rows named per column; the count covers them all. */
const MAX_COLUMNS_NAMED = 5;
const MAX_ROWS_NAMED = 3;

export class EscapedCellFinder {
  private cells = 0;
  private example: string | null = null;
  /** Column index → spreadsheet rows of its first escaped-looking cells, and how many it has. */
  private readonly byColumn = new Map<number, { rows: number[]; count: number }>();

  constructor(private readonly columns: readonly string[]) {}

  /** A batch of consecutive rows: rows[i] is spreadsheet row firstRowNumber + i. */
  add(rows: readonly (readonly string[])[], firstRowNumber: number): void {
    rows.forEach((cells, i) => {
      cells.forEach((cell, c) => {
        if (!looksEscaped(cell)) return;
        this.cells++;
        this.example ??= cell;
        let col = this.byColumn.get(c);
        if (!col) this.byColumn.set(c, (col = { rows: [], count: 0 }));
        col.count++;
        if (col.rows.length < MAX_ROWS_NAMED) col.rows.push(firstRowNumber + i);
      });
    });
  }

  /** The warning for the import, or null when no cell looked escaped. */
  warning(): string | null {
    if (this.cells === 0) return null;
    const columns = [...this.byColumn.entries()].sort(([a], [b]) => a - b);
    const named = columns.slice(0, MAX_COLUMNS_NAMED).map(([c, { rows, count }]) => {
      const one = count === 1;
      return `column ${JSON.stringify(this.columns[c] ?? `Column ${c + 1}`)} (${one ? 'row' : 'rows'} ${firstFew(rows, count)})`;
    });
    if (columns.length > MAX_COLUMNS_NAMED) named.push(`${columns.length - MAX_COLUMNS_NAMED} more columns`);
    const example = this.example!.length > 40 ? `${this.example!.slice(0, 39)}…` : this.example!;
    const [they, them] = this.cells === 1 ? ['It was', 'it'] : ['They were', 'them'];
    return (
      `${this.cells.toLocaleString('en-US')} ${this.cells === 1 ? 'cell starts' : 'cells start'} with ' before = + - @, ` +
      `a tab or a carriage return, the way Bulk Desk's exports escape formulas: ${named.join(', ')}. ` +
      `${they} imported as ${they === 'It was' ? 'it is' : 'they are'}, quote included, and a job would send ${them} so (e.g. ${JSON.stringify(example)}). ` +
      `If this file is a failed-rows export whose last column, "${FAILED_ROWS_MARKER}", was removed, put that column ` +
      'back at the end (its cells may be empty) and import the file again: the quotes are then removed. ' +
      '(Rows are numbered as a spreadsheet shows them.)'
    );
  }
}
