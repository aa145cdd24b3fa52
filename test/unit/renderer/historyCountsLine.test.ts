// History's line under an open job counts every item with an outcome or waiting for one: a recipe job held
// by its items in doubt said "10 items · 0 succeeded · 0 failed · 2 in doubt" of a job whose other 8 items
// wait on those 2 — the 8 were nowhere on the line. Now they are counted as the in-doubt panel and the
// filter name them, and a recipe's blocked items too, as `jobs show` lists them.
import { describe, expect, it } from 'vitest';
import type { ItemCounts } from '../../../src-shared/contract/api';
import { ITEM_STATUSES } from '../../../src-shared/contract/dto/jobs';
import { jobCountsLine, jobOtherCounts } from '../../../src-renderer/screens/history/jobCountsLine';

const counts = (c: Partial<ItemCounts>): ItemCounts => {
  const all = { ...Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])), ...c } as ItemCounts;
  all.total = ITEM_STATUSES.reduce((n, s) => n + all[s], 0);
  return all;
};

describe("History's counts line", () => {
  it('counts a recipe job\'s items waiting on items in doubt', () => {
    expect(jobCountsLine(counts({ in_doubt: 2, waiting: 8 }), 'item')).toBe(
      '10 items · 0 succeeded · 0 failed · 2 in doubt · 8 waiting on an earlier step',
    );
  });

  it('and its blocked items, each only when there are any', () => {
    expect(jobCountsLine(counts({ succeeded: 3, failed: 1, blocked: 2, skipped: 1 }), 'item')).toBe(
      '7 items · 3 succeeded · 1 failed · 1 skipped · 2 blocked by an earlier step',
    );
    expect(jobCountsLine(counts({ succeeded: 1200, failed: 1 }), 'row')).toBe('1,201 rows · 1,200 succeeded · 1 failed');
  });

  it('adds up to the total: what is still to send and what is on its way are on the line too', () => {
    // A paused job said "10 rows · 4 succeeded · 0 failed" of a job with 6 rows left to send.
    expect(jobCountsLine(counts({ succeeded: 4, pending: 5, retry_wait: 1 }), 'row')).toBe(
      '10 rows · 4 succeeded · 0 failed · 6 not sent yet',
    );
    expect(jobCountsLine(counts({ succeeded: 4, pending: 3, sending: 2 }), 'row')).toBe(
      '9 rows · 4 succeeded · 0 failed · 2 sending · 3 not sent yet',
    );
  });

  // The jobs list showed "completed · 299 succeeded · 0 failed · 300 rows" for a job with a row in doubt
  // (a fresh-eyes walk at 1024×700, uiReview.spec.ts): 299 + 0 is not 300, and nothing said why.
  it("the jobs list's other counts: what is neither succeeded nor failed, so its row adds up", () => {
    expect(jobOtherCounts(counts({ succeeded: 299, in_doubt: 1 }))).toBe('1 in doubt');
    expect(jobOtherCounts(counts({ succeeded: 59, skipped: 1 }))).toBe('1 skipped');
    expect(jobOtherCounts(counts({ succeeded: 4, pending: 3, sending: 2 }))).toBe('2 sending · 3 not sent yet');
    expect(jobOtherCounts(counts({ succeeded: 1200, failed: 1 }))).toBe('');
  });
});
