import type { ItemCounts } from '../../src-shared/contract/api';

/** A job's counters for a test: the ones given, the rest 0; `total` is their sum unless given. */
export function itemCounts(c: Partial<ItemCounts>): ItemCounts {
  const base = {
    pending: 0,
    sending: 0,
    retry_wait: 0,
    succeeded: 0,
    failed: 0,
    in_doubt: 0,
    skipped: 0,
    waiting: 0,
    blocked: 0,
    ...c,
  };
  return { ...base, total: c.total ?? Object.values(base).reduce((a, b) => a + b, 0) };
}
