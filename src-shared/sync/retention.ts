// How long tracking snapshots are kept. Every complete sync stores a snapshot of every enrolment, so a
// nightly sync of an LMS with 100,000 enrolments adds 100,000 rows a night; kept forever, that is tens of
// millions a year. The progress-over-time report compares the last sync at or before each of two dates,
// so recent syncs matter day by day and older ones week by week, then month by month:
//   - every sync of the last 7 days;
//   - the last sync of each week (Monday to Sunday, UTC) for the 12 weeks before that;
//   - the last sync of each calendar month (UTC) before that.
// The newest complete sync is always kept. Syncs that never completed hold partial snapshots that no
// report reads; they go once they are older than 7 days (a recent one may still be resumed).
import type { SyncRunState } from './types';

const DAY = 24 * 60 * 60 * 1000;
export const KEEP_EVERY_SYNC_DAYS = 7;
export const KEEP_WEEKLY_WEEKS = 12;

export interface RunForRetention {
  id: number;
  state: SyncRunState;
  startedAt: number;
  finishedAt: number | null;
}

/** The Monday (UTC, midnight) of the week `t` falls in. */
function weekStart(t: number): number {
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY;
}

function monthKey(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${d.getUTCMonth()}`;
}

/** The ids of one connection's runs whose snapshots (and the runs themselves) can go, by the policy above. */
export function runsToPrune(runs: readonly RunForRetention[], now: number): number[] {
  const recent = now - KEEP_EVERY_SYNC_DAYS * DAY;
  const weekly = weekStart(recent) - KEEP_WEEKLY_WEEKS * 7 * DAY;
  const completed = runs
    .filter((r) => r.state === 'completed' && r.finishedAt !== null)
    .sort((a, b) => b.finishedAt! - a.finishedAt! || b.id - a.id); // newest first
  const keep = new Set<number>();
  if (completed[0]) keep.add(completed[0].id);
  const seenPeriods = new Set<string>();
  for (const r of completed) {
    const t = r.finishedAt!;
    if (t >= recent) {
      keep.add(r.id);
      continue;
    }
    // Newest first, so the first run met in a period is that period's last.
    const period = t >= weekly ? `w${weekStart(t)}` : `m${monthKey(t)}`;
    if (!seenPeriods.has(period)) {
      seenPeriods.add(period);
      keep.add(r.id);
    }
  }
  return runs
    .filter((r) => {
      if (keep.has(r.id)) return false;
      if (r.state === 'completed') return true;
      if (r.state === 'running') return false;
      return (r.finishedAt ?? r.startedAt) < recent;
    })
    .map((r) => r.id);
}
