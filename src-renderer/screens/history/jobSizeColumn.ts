// History's jobs list counts each job in its own unit: a plain job the rows of its file, a recipe job its
// items (a step of a row: "10 items" for a 2-row file). The column's header says what it counts — "Rows",
// "Items", or over a list mixing both "Rows / items", each cell then with its unit.
import { plural } from '../../../src-shared/util/plural';

type Sized = { counts: { total: number }; recipe?: unknown };

export function jobSizeColumn(jobs: readonly Sized[]): { header: string; cell(job: Sized): string } {
  const recipes = jobs.filter((j) => j.recipe).length;
  const mixed = recipes > 0 && recipes < jobs.length;
  return {
    header: recipes === 0 ? 'Rows' : mixed ? 'Rows / items' : 'Items',
    cell: (j) =>
      j.recipe ? plural(j.counts.total, 'item') : mixed ? plural(j.counts.total, 'row') : j.counts.total.toLocaleString('en-US'),
  };
}
