import { describe, expect, it } from 'vitest';
import type { ItemCounts } from '../../../src-shared/contract/api';
import { parseRetryAfter } from '../../../src-shared/runner/classifyResponse';
import { runStatus, sendingMs, type RunStatusInput } from '../../../src-shared/runner/runStatus';
import { itemCounts } from '../../helpers/itemCounts';

const counts = (c: Partial<ItemCounts>): ItemCounts => itemCounts({ total: 60, ...c });
const base: RunStatusInput = {
  state: 'running',
  counts: counts({ pending: 40, succeeded: 20 }),
  inFlight: 2,
  ratePerSecond: 9.6,
  waitingUntil: null,
  loweredRate: null,
  limitRate: 10,
  stopReason: null,
  lastThrottle: null,
  unreachableSince: null,
  runMs: 0,
};
const at = (i: Partial<RunStatusInput>) => runStatus({ ...base, ...i }, 100_000, () => '14:02:11');

describe('what a job is doing now, in one sentence', () => {
  it('sending, with its rate and limit', () => {
    expect(at({})).toEqual({
      kind: 'sending',
      live: true,
      text: 'Sending at 9.6/s (limit 10/s), 2 in flight.',
    });
  });

  // Run said "Sending at 48.0/min (limit 1.7/s)" under Coassemble's 100 a minute (uiReview.spec.ts's walk):
  // two units in one sentence, so whether the job was under its limit took arithmetic.
  it('a rate and its limit in one unit, the minute when either is under one a second', () => {
    expect(at({ ratePerSecond: 0.8, limitRate: 100 / 60 }).text).toBe('Sending at 48/min (limit 100/min), 2 in flight.');
    expect(at({ loweredRate: 0.5, limitRate: 100 / 60 }).text).toMatch(/^Slowed to 30\/min \(limit 100\/min\):/);
  });

  it('waiting because the LMS asked, in its words, and for how long', () => {
    const s = at({ waitingUntil: 104_500, lastThrottle: { status: 503, retryAfterMs: 5000 } });
    expect(s).toMatchObject({ kind: 'waiting', live: false });
    expect(s.text).toBe(
      'Waiting: the LMS is busy (HTTP 503, Retry-After 5 s); sending again in 5 s. Rows that were refused are sent again without using up an attempt.',
    );
  });

  it('a Retry-After of hundreds of digits is said as more than a year, not "Retry-After Infinity s"', () => {
    const retryAfterMs = parseRetryAfter('9'.repeat(400), 100_000);
    const s = at({ waitingUntil: 104_500, lastThrottle: { status: 429, retryAfterMs } });
    expect(s.text).toMatch(/\(HTTP 429, Retry-After more than a year\)/);
    expect(s.text).not.toMatch(/Infinity|\d{9,}/);
  });

  it('slowed after throttle signals: why the rate fell', () => {
    const s = at({ loweredRate: 1.8, lastThrottle: { status: 429, retryAfterMs: null } });
    expect(s.text).toBe(
      'Slowed to 1.8/s (limit 10/s): the LMS asked to slow down (HTTP 429) several times; the pace comes back up by itself after calm seconds.',
    );
  });

  it('waiting to retry when only retries are left', () => {
    expect(at({ counts: counts({ retry_wait: 3, succeeded: 57 }), inFlight: 0 }).kind).toBe('retrying');
  });

  it('paused: by whom, with no live rate', () => {
    expect(at({ state: 'paused' })).toEqual({
      kind: 'paused',
      live: false,
      text: 'Paused by you: nothing is being sent; 40 rows wait. Resume to send them.',
    });
    expect(at({ state: 'paused', stopReason: { kind: 'canary', message: 'x', at: 1 } }).text).toMatch(
      /^Paused by Bulk Desk/,
    );
    // Ctrl+C twice: the admin's pause, its rows in flight in doubt (the reason above says so).
    expect(at({ state: 'paused', stopReason: { kind: 'stoppedInFlight', message: 'x', at: 1 } }).text).toBe(
      'Paused by you before the answers came back (see above): nothing is being sent; 40 rows wait.',
    );
  });

  it('disconnected wins over what the screen last heard', () => {
    const s = at({ unreachableSince: 90_000 });
    expect(s).toMatchObject({ kind: 'disconnected', live: false });
    expect(s.text).toMatch(/^Disconnected: Bulk Desk's service has not answered since 14:02:11\./);
    expect(at({ state: 'completed', unreachableSince: 90_000, runMs: 63_000 }).text).toBe(
      'Completed in 1 min 3 s of sending.',
    );
  });

  it('says a job of under a second in milliseconds, as the Sending-for figure beside it does', () => {
    expect(at({ state: 'completed', runMs: 148 }).text).toBe('Completed in 148 ms of sending.');
    expect(at({ state: 'completed', runMs: 4_200 }).text).toBe('Completed in 4 s of sending.');
  });
});

describe('time spent sending', () => {
  const job = { state: 'running' as const, runMs: 5_000, runningSince: 90_000 };
  it('counts while the job runs', () => {
    expect(sendingMs(job, 100_000, null)).toBe(15_000);
  });
  it('stands still while paused, interrupted or finished', () => {
    expect(sendingMs({ ...job, state: 'paused', runningSince: null }, 100_000, null)).toBe(5_000);
    expect(sendingMs({ ...job, state: 'completed' }, 100_000, null)).toBe(5_000);
  });
  it('stands still while the service does not answer: the numbers are from then', () => {
    expect(sendingMs(job, 100_000, 94_000)).toBe(9_000);
    expect(sendingMs(job, 200_000, 94_000)).toBe(9_000);
    // Lost before this stretch of running began (a clock skew): nothing of it is counted.
    expect(sendingMs(job, 100_000, 80_000)).toBe(5_000);
  });
});
