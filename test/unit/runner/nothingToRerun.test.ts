// "Rerun failed rows" on a job without failed rows: when it still has rows to send (a rerun that was
// stopped, Bulk Desk closed mid-job) or rows in doubt, the answer says so and names the way on, rather
// than only "no failed rows".
import { describe, expect, it } from 'vitest';
import { nothingToRerun, rerunFailedRefusal } from '../../../src-shared/runner/rerunFailed';

const counts = (c: Partial<Record<'pending' | 'retry_wait' | 'in_doubt', number>>) => ({
  pending: 0,
  retry_wait: 0,
  in_doubt: 0,
  ...c,
});

describe('nothing to rerun', () => {
  it('a finished job: no failed rows, and nothing else to say', () => {
    expect(nothingToRerun('j1', counts({}), false)).toBe('This job has no failed rows to rerun.');
  });

  it('rows not sent yet: resume sends them', () => {
    const m = nothingToRerun('j1', counts({ pending: 3, retry_wait: 1 }), false);
    expect(m).toMatch(/^This job has no failed rows to rerun, but 4 rows it has not sent yet: resume it/);
    expect(m).toContain('bulk-desk jobs resume j1');
  });

  it('rows in doubt: look them up and settle them', () => {
    const m = nothingToRerun('j1', counts({ in_doubt: 1 }), true);
    expect(m).toMatch(/1 item in doubt/);
    expect(m).toContain('bulk-desk jobs in-doubt j1');
  });
});

describe('a rerun refused for rows never sent', () => {
  const c = { pending: 2, retry_wait: 0, failed: 1 };

  it('names the rows in doubt that would go too', () => {
    expect(rerunFailedRefusal('j1', 'paused', { ...c, in_doubt: 1 }, false)).toMatch(
      /^This job is paused with 2 rows it has not sent yet \(and 1 row in doubt that may go too \(sent again when a lookup finds the LMS never got it, or when the call is safe to repeat\)\), and rerunning its failed row would send them too\. /,
    );
  });

  it('says nothing of rows in doubt when there are none', () => {
    expect(rerunFailedRefusal('j1', 'cancelled', { ...c, in_doubt: 0 }, true)).toMatch(
      /^This job is cancelled with 2 items it has not sent yet, and rerunning its failed item would send them too\. /,
    );
  });
});
