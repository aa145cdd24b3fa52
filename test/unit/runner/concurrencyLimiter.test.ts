import { describe, expect, it } from 'vitest';
import {
  ConcurrencyLimiter,
  MAX_CONCURRENCY,
  MIN_SAMPLES,
  type AnswerSignal,
} from '../../../src-shared/runner/concurrencyLimiter';
import { mulberry32 } from '../../../src-main/sandbox/prng';
import { simulate, type LmsModel } from '../../helpers/queueingLms';

const latency = { minMs: 80, maxMs: 400 };

/** Feeds one window of answers of `ms` each, sent at the current limit with the limit in flight. */
function window(l: ConcurrencyLimiter, ms: number, now: number, n = Math.max(MIN_SAMPLES, l.limit)) {
  const tags = Array.from({ length: n }, () => l.launched(l.limit));
  let moved = false;
  for (const t of tags) moved = l.answered(t, 'ok', ms, now) || moved;
  return moved;
}

const auto = (l: ConcurrencyLimiter) => ({
  limit: () => l.limit,
  launched: (n: number) => l.launched(n),
  answered: (t: number, s: Parameters<ConcurrencyLimiter['answered']>[1], ms: number, now: number) =>
    void l.answered(t, s, ms, now),
});

/** The best fixed concurrency of a sweep, by rows per second (1–3 and beyond 48 never win here). */
function bestFixed(rows: number, lms: LmsModel) {
  let best = { c: 0, rowsPerSec: 0 };
  for (const c of [4, 8, 16, 24, 32, 40, 48]) {
    const r = simulate(rows, lms, { limit: () => c });
    if (r.rowsPerSec > best.rowsPerSec) best = { c, rowsPerSec: r.rowsPerSec };
  }
  return best;
}

describe('automatic concurrency (concurrencyLimiter.ts)', () => {
  it('doubles while answers stay as fast, then stops doubling when they slow down', () => {
    const l = new ConcurrencyLimiter({ initial: 4 });
    expect(l.status()).toMatchObject({ mode: 'auto', limit: 4 });
    window(l, 200, 1000);
    expect(l.limit).toBe(8);
    expect(l.status().reason).toMatch(/raised: answers stay fast \(200 ms/);
    window(l, 205, 2000);
    expect(l.limit).toBe(16);
    window(l, 280, 3000); // 1.4× the best: no longer doubling, and not yet too slow: +1
    expect(l.limit).toBe(17);
    window(l, 210, 4000); // fast again, but slow start is over: + √limit
    expect(l.limit).toBe(21);
  });

  it('lowers in proportion when answers slow beyond the tolerance, never by more than half', () => {
    const l = new ConcurrencyLimiter({ initial: 32 });
    window(l, 200, 1000); // baseline 200 ms; limit 64 (the most)
    expect(l.limit).toBe(MAX_CONCURRENCY);
    window(l, 400, 2000); // 2× slower: × 1.5/2
    expect(l.limit).toBe(48);
    expect(l.status().reason).toMatch(/lowered: answers slowed to 400 ms \(200 ms at best\)/);
    window(l, 2000, 3000); // 10× slower: halved, not less
    expect(l.limit).toBe(24);
  });

  it('a 429 or 503 cuts once for the burst: answers to requests sent before the cut do not cut again', () => {
    const l = new ConcurrencyLimiter({ initial: 20 });
    window(l, 200, 500); // baseline 200 ms (and raised to 40)
    l.pin(20, 600);
    l.pin(null, 700);
    const tags = Array.from({ length: 20 }, () => l.launched(20));
    for (const t of tags.slice(0, 4)) l.answered(t, 'ok', 300, 1000); // answers slowing: the LMS is full
    expect(l.answered(tags[4]!, 'unavailable', 5, 1000)).toBe(true);
    expect(l.limit).toBe(15);
    expect(l.status().reason).toBe('lowered: the LMS answered 503 (busy)');
    for (const t of tags.slice(5)) expect(l.answered(t, 'unavailable', 5, 1001)).toBe(false);
    expect(l.limit).toBe(15);
    const next = l.launched(15);
    l.answered(next, 'rateLimited', 5, 1002);
    expect(l.limit).toBe(11);
    expect(l.status().reason).toMatch(/429/);
  });

  it('a lone 503 among fast answers is one busy backend, not our load: no cut; a cluster of them cuts', () => {
    const l = new ConcurrencyLimiter({ initial: 20 });
    window(l, 200, 500);
    const limit = l.limit;
    const tags = Array.from({ length: 40 }, () => l.launched(limit));
    for (const t of tags.slice(0, 30)) l.answered(t, 'ok', 200, 1000);
    expect(l.answered(tags[30]!, 'unavailable', 5, 1000)).toBe(false);
    expect(l.answered(tags[31]!, 'unavailable', 5, 1000)).toBe(false); // 2 of 32: what 2% of 503s often gives
    expect(l.limit).toBe(limit);
    expect(l.answered(tags[32]!, 'unavailable', 5, 1000)).toBe(true); // 3 of 33: clustering
    expect(l.limit).toBe(Math.floor(limit * 0.75));
  });

  it('isolated faults and a nearby LMS’s jitter do not ratchet the limit down (it sat at 1–2)', () => {
    // The durable-runner mix against an LMS answering in 1–40 ms with room to spare: 5% 500s (answers:
    // their time counts), 5% no answer at all (resets, timeouts, lost answers), 2% 503s, each on its
    // own. Rounds of `limit` requests sent together, on a virtual clock.
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = mulberry32(seed);
      const l = new ConcurrencyLimiter({ initial: 4 });
      let now = 0;
      let lowest = Infinity;
      for (let answers = 0; answers < 2000; now += 41) {
        const tags = Array.from({ length: l.limit }, () => l.launched(l.limit));
        for (const tag of tags) {
          const r = rng();
          const ms = 1 + Math.floor(rng() * 40);
          const signal: AnswerSignal = r < 0.05 ? 'error' : r < 0.07 ? 'unavailable' : 'ok';
          l.answered(tag, signal, ms, now + ms);
          answers++;
        }
        if (answers > 500) lowest = Math.min(lowest, l.limit);
      }
      // Cut now and then by a few 503s together, by a quarter, and grown back: never down to a few.
      expect(lowest).toBeGreaterThanOrEqual(24);
      expect(l.limit).toBeGreaterThanOrEqual(32);
    }
  });

  it('is not raised while the job does not use it (a rate, not parallel requests, sets the pace)', () => {
    const l = new ConcurrencyLimiter({ initial: 2 });
    for (let i = 0; i < 10; i++) {
      const tags = Array.from({ length: MIN_SAMPLES }, () => l.launched(1));
      for (const t of tags) l.answered(t, 'ok', 200, 1000 + i);
    }
    expect(l.limit).toBe(2);
  });

  it('a pinned number never moves; pin(null) hands it back to the app', () => {
    const l = new ConcurrencyLimiter({ initial: 4, pinned: 6 });
    expect(l.status()).toMatchObject({ mode: 'pinned', limit: 6, reason: 'set for this job' });
    window(l, 200, 1000);
    l.answered(l.launched(6), 'unavailable', 5, 1001);
    expect(l.limit).toBe(6);
    l.pin(null, 2000);
    expect(l.status()).toMatchObject({ mode: 'auto', limit: 6, changedAt: null });
    window(l, 200, 3000);
    expect(l.limit).toBeGreaterThan(6);
    l.pin(3, 4000);
    expect(l.status()).toMatchObject({ mode: 'pinned', limit: 3, reason: 'set by you', changedAt: 4000 });
  });

  it('forgets a baseline older than its horizon (an LMS that became slower for good is the new normal)', () => {
    const l = new ConcurrencyLimiter({ initial: 8 });
    window(l, 100, 0);
    const before = l.limit;
    window(l, 300, 60_000); // 3× the old best, but the old best is a minute old
    expect(l.limit).toBeGreaterThanOrEqual(before);
  });

  it('reaches at least 95% of the best fixed concurrency against an LMS with a hidden capacity, with under 1% refused', () => {
    const lms: LmsModel = { workers: 24, queue: 24, latency };
    const best = bestFixed(5000, lms);
    for (const seed of [1, 2, 3]) {
      const r = simulate(5000, { ...lms, seed }, auto(new ConcurrencyLimiter({ initial: 4 })));
      expect(r.rowsPerSec / best.rowsPerSec).toBeGreaterThanOrEqual(0.95);
      expect(r.refused / r.requests).toBeLessThan(0.01);
    }
  });

  it('follows a capacity that drops or rises half-way through the job', () => {
    for (const change of [
      { from: 32, to: 8 },
      { from: 8, to: 40 },
    ]) {
      const lms: LmsModel = {
        workers: change.from,
        queue: change.from,
        latency,
        change: { afterRequests: 2500, workers: change.to, queue: change.to },
      };
      const best = bestFixed(5000, lms);
      const r = simulate(5000, lms, auto(new ConcurrencyLimiter({ initial: 4 })));
      expect(r.rowsPerSec / best.rowsPerSec).toBeGreaterThanOrEqual(0.95);
      expect(r.refused / r.requests).toBeLessThan(0.01);
      // The limit it used in each half sits between the LMS's workers and what it would queue.
      expect(r.meanLimit[0]).toBeGreaterThanOrEqual(change.from * 0.9);
      expect(r.meanLimit[0]).toBeLessThanOrEqual(change.from * 2);
      expect(r.meanLimit[1]).toBeGreaterThanOrEqual(change.to * 0.9);
      expect(r.meanLimit[1]).toBeLessThanOrEqual(change.to * 2);
    }
  });
});
