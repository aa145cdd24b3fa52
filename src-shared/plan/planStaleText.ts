// Words for a plan out of date (PlanDto.sentSince): rows were sent to its connection after it read the
// LMS, so its verdicts describe the LMS as it was. Said on the Plan screen and its step in the sidebar;
// the answer is a new plan, not counts patched from the jobs' outcomes — only a new read knows what the
// LMS holds now (a failed or in-doubt row, a change made elsewhere).
import type { PlanDto } from '../contract/dto/plans';

type StaleOf = Pick<PlanDto, 'state' | 'jobId' | 'sentSince' | 'connectionName' | 'source'>;

/** Is the plan out of date: ready, not run, and written to since it read? */
export const planIsStale = (p: StaleOf): boolean => p.state === 'ready' && !p.jobId && p.sentSince.length > 0;

/**
 * "Out of date: 3 rows were sent to Sandbox · Coursepath since this plan read it (job 1a2b3c4d)." — or
 * null when the plan is not out of date.
 */
export function planStaleText(p: StaleOf): string | null {
  if (!planIsStale(p)) return null;
  const rows = p.sentSince.reduce((n, j) => n + j.rows, 0);
  const ids = p.sentSince.map((j) => j.id.slice(0, 8));
  const jobs =
    ids.length === 1
      ? `job ${ids[0]}`
      : ids.length <= 3
        ? `jobs ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`
        : `jobs ${ids.slice(0, 2).join(', ')} and ${ids.length - 2} more`;
  const since =
    p.source.kind === 'sync'
      ? 'since the catalog this plan compared with was synced'
      : 'since this plan read it';
  return `Out of date: ${rows.toLocaleString('en-US')} row${rows === 1 ? ' was' : 's were'} sent to ${p.connectionName} ${since} (${jobs}).`;
}
