// The words a person reads for a row's status and a job's state: one table, so History's badges, its
// filter, the drawer, the recipe timeline and the exports say the same thing ("waiting to retry", never
// "retry_wait" in one place and "retry wait" in another). The internal values stay in data attributes,
// the database and --json.
import type { ItemStatus, JobState } from '../contract/api';

export const ITEM_STATUS_WORDS: Readonly<Record<ItemStatus, string>> = {
  pending: 'pending',
  sending: 'sending',
  retry_wait: 'waiting to retry',
  succeeded: 'succeeded',
  failed: 'failed',
  in_doubt: 'in doubt',
  skipped: 'skipped',
  waiting: 'waiting',
  blocked: 'blocked',
};

export const JOB_STATE_WORDS: Readonly<Record<JobState, string>> = {
  ready: 'ready',
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

export function statusWords(s: ItemStatus | JobState): string {
  return (
    (ITEM_STATUS_WORDS as Record<string, string>)[s] ?? (JOB_STATE_WORDS as Record<string, string>)[s] ?? s
  );
}

/**
 * "the failed rows", "the rows waiting to retry": rows of one status, as a sentence says them; a recipe
 * job's items (a step of a row) with `unit` 'item'.
 */
export function rowsWithStatus(s: ItemStatus, unit: 'row' | 'item' = 'row'): string {
  const w = ITEM_STATUS_WORDS[s];
  return w.includes(' ') ? `the ${unit}s ${w}` : `the ${w} ${unit}s`;
}
