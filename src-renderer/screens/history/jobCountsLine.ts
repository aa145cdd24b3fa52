// The counts on History's line under an open job: its size in its unit, then succeeded and failed, and
// each other count only when there are any — skipped, in doubt, and a recipe job's items waiting on an
// earlier step of their row (in doubt, say: the in-doubt panel's decision frees them) or blocked by one
// (as `jobs show` lists them), so a job held by its items in doubt does not hide the items it holds.
// Pure: no store.
import type { ItemCounts } from '../../../src-shared/contract/api';
import { plural } from '../../../src-shared/util/plural';

const n = (k: number) => k.toLocaleString('en-US');

/** "10 items · 0 succeeded · 0 failed · 2 in doubt · 8 waiting on an earlier step". */
export function jobCountsLine(c: ItemCounts, unit: 'row' | 'item'): string {
  const parts = [plural(c.total, unit), `${n(c.succeeded)} succeeded`, `${n(c.failed)} failed`];
  if (c.skipped) parts.push(`${n(c.skipped)} skipped`);
  if (c.in_doubt) parts.push(`${n(c.in_doubt)} in doubt`);
  if (c.waiting) parts.push(`${n(c.waiting)} waiting on an earlier step`);
  if (c.blocked) parts.push(`${n(c.blocked)} blocked by an earlier step`);
  return parts.join(' · ');
}
