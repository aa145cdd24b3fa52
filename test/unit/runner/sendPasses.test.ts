// When a job's run stops going round (../../../src-main/runner/activeJob.ts run): a pass reads what is in
// doubt, then sends. Found by review: a recipe step skipped as already sent in the run's last pass had its
// later steps held for a read of what it captured that no pass was left to do — the job could end
// `completed` with items `waiting`. Now the pass limit does not end the run while items wait on such a read.
import { describe, expect, it } from 'vitest';
import { mayStartPass } from '../../../src-shared/runner/sendPasses';

describe('mayStartPass', () => {
  it('runs the first pass and one more per attempt', () => {
    expect(mayStartPass({ pass: 0, maxAttempts: 3, awaitingRead: 0, awaitingBefore: 0 })).toBe(true);
    expect(mayStartPass({ pass: 3, maxAttempts: 3, awaitingRead: 0, awaitingBefore: 0 })).toBe(true);
    expect(mayStartPass({ pass: 4, maxAttempts: 3, awaitingRead: 0, awaitingBefore: 0 })).toBe(false);
  });

  it('goes round again past the limit while items wait on a read of what an earlier step captured', () => {
    expect(mayStartPass({ pass: 4, maxAttempts: 3, awaitingRead: 2, awaitingBefore: 0 })).toBe(true);
    // Each such pass reads them (captured, or their later steps failed): fewer wait after it.
    expect(mayStartPass({ pass: 5, maxAttempts: 3, awaitingRead: 1, awaitingBefore: 2 })).toBe(true);
    expect(mayStartPass({ pass: 6, maxAttempts: 3, awaitingRead: 0, awaitingBefore: 1 })).toBe(false);
  });

  it('does not go round for ever when a pass past the limit settles none of them', () => {
    expect(mayStartPass({ pass: 5, maxAttempts: 3, awaitingRead: 2, awaitingBefore: 2 })).toBe(false);
  });
});
