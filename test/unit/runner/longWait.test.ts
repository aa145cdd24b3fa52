// What a job, a sync or a plan says when the LMS asks for a wait longer than Bulk Desk waits by itself.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src-shared/runner/classifyResponse';
import type { JobEventDto } from '../../../src-shared/contract/api';
import { addJobEvent } from '../../../src-shared/runner/jobEvents';
import { longPlanWaitMessage, longSyncWaitMessage, longWaitMessage } from '../../../src-shared/runner/longWait';

const at = Date.UTC(2026, 11, 5, 3, 0);

describe('a wait longer than Bulk Desk waits by itself', () => {
  it('names the wait asked and when it ends', () => {
    expect(longWaitMessage(86_400_000, '86400', at)).toMatch(
      /^The LMS asked to wait 24 h 0 min \(Retry-After: 86400\), until 6 Dec 2026, \d\d:\d\d: longer than Bulk Desk waits by itself \(15 min 0 s\)\. The job is paused/,
    );
  });

  it('says a wait of years or more as such, not "Infinity h NaN min" nor an end date of "—"', () => {
    for (const header of ['99999999999999999999', '1' + '0'.repeat(400), '3153600000']) {
      const asked = parseRetryAfter(header, at)!;
      for (const m of [
        longWaitMessage(asked, header, at),
        longSyncWaitMessage(asked, header, at, at + 86_400_000),
        longPlanWaitMessage(asked, header, at),
      ]) {
        expect(m, header).toMatch(/^The LMS asked to wait more than a year \(Retry-After: \d+…?\): longer than Bulk Desk waits by itself \(15 min 0 s\)\. /);
        expect(m).not.toMatch(/Infinity|NaN|—/);
      }
    }
  });

  it('keeps a Retry-After of hundreds of digits as just over a year, said so: not Infinity in the event nor "Retry-After Infinity s"', () => {
    for (const header of ['1' + '0'.repeat(400), '99999999999999999999']) {
      const asked = parseRetryAfter(header, at)!;
      expect(Number.isFinite(asked), header).toBe(true); // stored in the event's retryAfterMs, compared, added to a time
      expect(asked).toBeGreaterThan(366 * 24 * 3_600_000);
      const e = addJobEvent([] as JobEventDto[], 'j', { kind: 'throttled', at, rowNumber: 5, status: 429, retryAfterMs: asked });
      expect(e.retryAfterMs).toBe(asked);
      expect(e.message).toBe(
        'The LMS asked to slow down (HTTP 429): Retry-After more than a year. The rows wait and are sent again; no attempt is used up.',
      );
    }
  });
});
