// The CLI's progress line says what each figure is: the requests actually in flight (with the limit
// beside them), not the limit as if it were in flight ("paused 0/300 · 4 in flight" after a pause);
// and the rate as the job's own sends per second, which is what it counts (a row's read first, for
// undo, is not in it).
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src-main/cli/progress';
import type { JobProgress } from '../../../src-shared/contract/api';
import { itemCounts } from '../../helpers/itemCounts';

const base: JobProgress = {
  jobId: 'j',
  state: 'running',
  runMs: 0,
  runningSince: 1,
  counts: itemCounts({ pending: 290, sending: 2, succeeded: 8 }),
  inFlight: 2,
  ratePerSecond: 3.25,
  etaMs: null,
  stopReason: null,
  concurrency: { limit: 4, mode: 'auto', reason: 'learning' } as JobProgress['concurrency'],
};

describe('progressLine', () => {
  it('running: the requests in flight, the limit beside them, and sends per second', () => {
    const line = progressLine(base);
    expect(line).toContain('· 2 in flight (up to 4, auto)');
    expect(line).toContain('3.3 sent/s');
    expect(line).not.toContain('req/s');
  });

  it('paused: nothing in flight is said as 0, not as the limit', () => {
    const line = progressLine({
      ...base,
      state: 'paused',
      inFlight: 0,
      counts: itemCounts({ pending: 292, succeeded: 8 }),
    });
    expect(line).toContain('· 0 in flight');
    expect(line).not.toMatch(/4 in flight|up to 4/);
  });
});
