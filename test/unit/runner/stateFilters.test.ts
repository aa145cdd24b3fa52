// History's "Show" filter listed every state a row can be in, most with (0) beside them: a finished job of
// 3 rows offered "waiting to retry (0)", "sending (0)", "blocked (0)"… It lists the states the job's rows
// are in.
import { describe, expect, it } from 'vitest';
import type { ItemCounts } from '../../../src-shared/contract/api';
import { stateFilters } from '../../../src-shared/runner/stateFilters';

const counts = (c: Partial<ItemCounts>): ItemCounts => ({
  pending: 0,
  sending: 0,
  retry_wait: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  in_doubt: 0,
  blocked: 0,
  waiting: 0,
  total: 0,
  ...c,
});

describe('stateFilters', () => {
  it('all rows, then only the states some rows are in, in the usual order', () => {
    expect(stateFilters(counts({ succeeded: 2, failed: 1, total: 3 }), 'all')).toEqual([
      'all',
      'failed',
      'succeeded',
    ]);
    expect(stateFilters(counts({ pending: 5, in_doubt: 1, total: 6 }), 'all')).toEqual([
      'all',
      'in_doubt',
      'pending',
    ]);
  });

  it('keeps the state chosen when its rows have moved on (a retried failure), so the choice still shows', () => {
    expect(stateFilters(counts({ succeeded: 3, total: 3 }), 'failed')).toEqual([
      'all',
      'failed',
      'succeeded',
    ]);
  });

  it('a job with no rows offers all rows alone', () => {
    expect(stateFilters(counts({}), 'all')).toEqual(['all']);
  });
});
