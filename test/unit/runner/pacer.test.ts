import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src-shared/runner/backoff';
import { classifyResponse, parseRetryAfter } from '../../../src-shared/runner/classifyResponse';
import * as pacing from '../../../src-shared/runner/pacer';

describe('pacer', () => {
  it('spaces requests at the target rate', () => {
    let p = pacing.createPacer(2, 0);
    expect(pacing.waitTime(p, 0)).toBe(0);
    p = pacing.take(p, 0);
    expect(pacing.waitTime(p, 0)).toBe(500);
    expect(pacing.waitTime(p, 500)).toBe(0);
  });

  const hard = (retryAfterMs: number | null) => ({ retryAfterMs, soft: false });
  const soft = (retryAfterMs: number | null) => ({ retryAfterMs, soft: true });

  it('holds for Retry-After; scattered 429s keep the pace, clustered ones halve it once, and it recovers within seconds', () => {
    let p = pacing.createPacer(10, 0);
    p = pacing.onThrottled(p, 1000, hard(3000));
    expect(pacing.waitTime(p, 1000)).toBe(3000);
    expect(pacing.effectiveRate(p, 4000)).toBe(10); // one signal among successes: no cut
    for (let i = 0; i < 10; i++) p = pacing.onSuccess(p, 4000 + i);
    p = pacing.onThrottled(p, 4050, hard(50));
    expect(pacing.effectiveRate(p, 4100)).toBe(10); // two among the last 20 answers: still scattered
    p = pacing.onThrottled(p, 4100, hard(3000)); // a third: a cluster
    expect(pacing.effectiveRate(p, 4100)).toBe(5);
    p = pacing.onThrottled(p, 4200, hard(3000));
    p = pacing.onThrottled(p, 4300, hard(3000));
    p = pacing.onThrottled(p, 4400, hard(3000)); // same episode (still holding): no second cut
    expect(pacing.effectiveRate(p, 7400)).toBe(5);
    expect(pacing.effectiveRate(p, 7900)).toBeCloseTo(5 * Math.SQRT2);
    expect(pacing.effectiveRate(p, 8400)).toBe(10); // one second of calm after the hold: back
  });

  it("runs a 429's hold its full time, even when other answers succeed meanwhile", () => {
    let p = pacing.createPacer(Infinity, 0);
    p = pacing.onThrottled(p, 0, hard(2000), 50);
    p = pacing.onSuccess(p, 100);
    expect(pacing.waitTime(p, 100)).toBe(1900);
  });

  it("ends a 503's hold when an answer comes back 2xx after it (the service is answering)", () => {
    let p = pacing.createPacer(Infinity, 0);
    p = pacing.onThrottled(p, 0, soft(1000), 50);
    expect(pacing.waitTime(p, 10)).toBe(990);
    p = pacing.onSuccess(p, 20);
    expect(pacing.waitTime(p, 20)).toBe(0);
    // A 429 during a 503's hold makes it a hard one.
    p = pacing.onThrottled(p, 30, soft(1000), 50);
    p = pacing.onThrottled(p, 40, hard(500), 50);
    p = pacing.onSuccess(p, 50);
    expect(pacing.waitTime(p, 50)).toBe(980);
  });

  it('with no rate set, one early 503 leaves no ceiling behind (it used to cap the job at a few per second)', () => {
    let p = pacing.createPacer(Infinity, 0);
    for (let t = 1; t <= 5; t++) p = pacing.onSuccess(pacing.take(p, t), t);
    p = pacing.onThrottled(p, 6, soft(1000), 10); // 5 requests in: the meter says ~10 per second
    expect(pacing.effectiveRate(p, 6)).toBe(Infinity);
    p = pacing.onSuccess(p, 8);
    expect(pacing.waitTime(p, 8)).toBe(0);
  });

  it('with no rate set, a cluster cuts to half the achieved rate, gone within seconds of calm', () => {
    let p = pacing.createPacer(Infinity, 0);
    p = pacing.onThrottled(p, 0, hard(1000), 40);
    p = pacing.onThrottled(p, 1005, hard(1000), 40);
    p = pacing.onThrottled(p, 1010, hard(1000), 40);
    expect(pacing.effectiveRate(p, 2010)).toBe(20);
    expect(pacing.effectiveRate(p, 4010)).toBe(80);
    expect(pacing.effectiveRate(p, 8010)).toBe(Infinity); // 20 × 2^6 > 1000: no longer binds
    expect(pacing.effectiveRate(pacing.setRate(p, 7), 2010)).toBe(7); // the admin's word resets it
  });

  it('never waits with no limit', () => {
    const p = pacing.take(pacing.createPacer(Infinity, 0), 0);
    expect(pacing.waitTime(p, 0)).toBe(0);
  });
});

describe('retry policy', () => {
  it('classifies outcomes', () => {
    expect(classifyResponse(201, '', null, 0).kind).toBe('success');
    expect(classifyResponse(429, '', '7', 0)).toEqual({ kind: 'throttled', retryAfterMs: 7000, cause: 'rateLimited' });
    expect(classifyResponse(503, '', null, 0)).toEqual({ kind: 'throttled', retryAfterMs: null, cause: 'unavailable' });
    expect(classifyResponse(403, '{"message":"Rate limit exceeded"}', null, 0).kind).toBe('throttled');
    expect(classifyResponse(403, '{"message":"Forbidden"}', null, 0).kind).toBe('fatal');
    expect(classifyResponse(500, '', null, 0).kind).toBe('retry');
    expect(classifyResponse(null, '', null, 0).kind).toBe('retry');
    expect(classifyResponse(400, '', null, 0).kind).toBe('fatal');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('12', 0)).toBe(12_000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('reads a negative or bare-number Retry-After as unreadable, not as a date long past (no wait at all)', () => {
    // Date.parse('-5') is a date in 2001 to V8: the job would send again at once instead of the default hold.
    const now = Date.UTC(2026, 11, 4);
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter('1.5.2', now)).toBeNull();
    expect(parseRetryAfter('Fri, 04 Dec 2026 00:00:30 GMT', now)).toBe(30_000);
  });

  it('reads words with a number as unreadable, not as a day in 2001 (no wait at all), and every HTTP-date form', () => {
    // V8's Date.parse takes 'wait 10', 'May 5' or 'retry 2' for days in 2001: the job sent again at once,
    // and the event said 'Retry-After 0 s' of a header it could not read.
    const now = Date.UTC(2026, 11, 4);
    for (const garbage of ['wait 10', 'retry 2', 'May 5', 'Thursday 3', 'Dec 2026'])
      expect(parseRetryAfter(garbage, now), garbage).toBeNull();
    // RFC 9110's three forms: IMF-fixdate, the obsolete RFC 850 and asctime.
    expect(parseRetryAfter('Fri, 04 Dec 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Friday, 04-Dec-26 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Fri Dec  4 00:01:00 2026', now)).toBe(60_000);
  });

  it('backs off exponentially with full jitter under a cap', () => {
    expect(backoffDelay(1, 0.999)).toBeLessThan(500);
    expect(backoffDelay(3, 0.999)).toBeLessThan(2000);
    expect(backoffDelay(3, 0.999)).toBeGreaterThan(1900);
    expect(backoffDelay(30, 0.999)).toBeLessThan(30_000);
    expect(backoffDelay(5, 0)).toBe(0);
  });
});
