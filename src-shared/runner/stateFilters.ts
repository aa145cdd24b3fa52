// The states History's "Show" filter offers for a job: the ones its rows are in. Listing every state a
// row can be in put a column of "(0)" choices before the few that show anything.
import type { ItemCounts, ItemStatus } from '../contract/api';

/** The usual order: what needs a look first. */
const ORDER: ItemStatus[] = [
  'failed',
  'succeeded',
  'skipped',
  'in_doubt',
  'retry_wait',
  'pending',
  'sending',
  'blocked',
  'waiting',
];

/** `chosen` stays listed when its rows have moved on (a failure retried), so the select still shows it. */
export function stateFilters(counts: ItemCounts, chosen: ItemStatus | 'all'): (ItemStatus | 'all')[] {
  return ['all', ...ORDER.filter((s) => counts[s] > 0 || s === chosen)];
}
