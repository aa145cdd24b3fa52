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

  it('holds until Retry-After and halves the rate on a 429, then recovers carefully', () => {
    let p = pacing.createPacer(10, 0);
    p = pacing.onThrottled(p, 1000, 3000);
    expect(pacing.waitTime(p, 1000)).toBe(3000);
    expect(pacing.effectiveRate(p)).toBe(5);
    for (let i = 0; i < 100; i++) p = pacing.onSuccess(p);
    expect(pacing.effectiveRate(p)).toBeGreaterThan(5);
    expect(pacing.effectiveRate(p)).toBeLessThanOrEqual(10);
  });

  it('never waits with no limit', () => {
    const p = pacing.take(pacing.createPacer(Infinity, 0), 0);
    expect(pacing.waitTime(p, 0)).toBe(0);
  });
});

describe('retry policy', () => {
  it('classifies outcomes', () => {
    expect(classifyResponse(201, '', null, 0).kind).toBe('success');
    expect(classifyResponse(429, '', '7', 0)).toEqual({ kind: 'throttled', retryAfterMs: 7000 });
    expect(classifyResponse(503, '', null, 0)).toEqual({ kind: 'throttled', retryAfterMs: null });
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

  it('backs off exponentially with full jitter under a cap', () => {
    expect(backoffDelay(1, 0.999)).toBeLessThan(500);
    expect(backoffDelay(3, 0.999)).toBeLessThan(2000);
    expect(backoffDelay(3, 0.999)).toBeGreaterThan(1900);
    expect(backoffDelay(30, 0.999)).toBeLessThan(30_000);
    expect(backoffDelay(5, 0)).toBe(0);
  });
});
