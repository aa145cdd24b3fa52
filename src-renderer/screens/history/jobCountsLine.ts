// The counts on History's line under an open job: its size in its unit, then succeeded and failed, and
// each other count only when there are any — skipped, in doubt, and a recipe job's items waiting on an
// earlier step of their row (in doubt, say: the in-doubt panel's decision frees them) or blocked by one
// (as `jobs show` lists them), so a job held by its items in doubt does not hide the items it holds;
// then those on their way and those not sent yet, so the counts add up to the total.
// Pure: no store.
import type { ItemCounts } from '../../../src-shared/contract/api';
import { plural } from '../../../src-shared/util/plural';

const n = (k: number) => k.toLocaleString('en-US');

/** "10 items · 0 succeeded · 0 failed · 2 in doubt · 8 waiting on an earlier step". */
export function jobCountsLine(c: ItemCounts, unit: 'row' | 'item'): string {
  return [plural(c.total, unit), `${n(c.succeeded)} succeeded`, `${n(c.failed)} failed`, ...otherCounts(c)].join(' · ');
}

/**
 * The counts beyond succeeded and failed, for the jobs list: its row shows those two and the total, so
 * without these a completed job with a row in doubt read "299 · 0 · 300". Empty when there are none.
 */
export function jobOtherCounts(c: ItemCounts): string {
  return otherCounts(c).join(' · ');
}

function otherCounts(c: ItemCounts): string[] {
  const parts: string[] = [];
  if (c.skipped) parts.push(`${n(c.skipped)} skipped`);
  if (c.in_doubt) parts.push(`${n(c.in_doubt)} in doubt`);
  if (c.waiting) parts.push(`${n(c.waiting)} waiting on an earlier step`);
  if (c.blocked) parts.push(`${n(c.blocked)} blocked by an earlier step`);
  // So the line adds up to the total on a paused or running job, as its "Resume" button counts them.
  if (c.sending) parts.push(`${n(c.sending)} sending`);
  if (c.pending + c.retry_wait) parts.push(`${n(c.pending + c.retry_wait)} not sent yet`);
  return parts;
}
