import { describe, expect, it } from 'vitest';
import { WindowLimiter } from '../../../src-shared/runner/windowLimiter';

describe('WindowLimiter', () => {
  it('allows N per window, measured from each answer, and counts requests in flight', () => {
    const w = new WindowLimiter({ requests: 2, windowMs: 1000 });
    expect(w.waitTime(0)).toBe(0);
    w.start();
    w.start();
    expect(w.waitTime(0)).toBe(Infinity); // both slots in flight: only an answer frees one
    w.finish(100);
    w.finish(150);
    expect(w.waitTime(150)).toBe(951); // the first answer leaves the window after 100 + 1000
    expect(w.waitTime(1101)).toBe(0);
  });

  it('never has more than N in any window, whatever the latency', () => {
    const w = new WindowLimiter({ requests: 5, windowMs: 1000 });
    const sent: number[] = [];
    let now = 0;
    const inFlight: number[] = [];
    for (let step = 0; step < 5000 && sent.length < 100; step++, now += 7) {
      while (inFlight.length && inFlight[0]! <= now) w.finish(inFlight.shift()!);
      if (w.waitTime(now) === 0) {
        w.start();
        sent.push(now);
        inFlight.push(now + 5 + (step % 13) * 10); // varying latency
      }
    }
    for (let i = 5; i < sent.length; i++) expect(sent[i]! - sent[i - 5]!).toBeGreaterThanOrEqual(1000);
  });

  it('does nothing without a limit', () => {
    const w = new WindowLimiter(null);
    for (let i = 0; i < 100; i++) w.start();
    expect(w.waitTime(0)).toBe(0);
  });
});

describe('WindowLimiter shared by everything on one host', () => {
  it("counts every caller's requests against each caller's own limit", () => {
    const w = new WindowLimiter(null);
    const tight = { requests: 3, windowMs: 1000 };
    // A caller with no limit of its own (another connection, or a sync) still uses up the window.
    w.start();
    w.start();
    w.finish(10);
    w.finish(20);
    expect(w.waitTime(20)).toBe(0);
    expect(w.waitTime(20, tight)).toBe(0); // 2 of 3
    w.start();
    expect(w.waitTime(30, tight)).toBe(981); // 3 of 3: the answer at 10 leaves the window at 1010
    w.finish(40);
    expect(w.waitTime(1011, tight)).toBe(0);
  });

  it("holds every caller for a 429's Retry-After", () => {
    const w = new WindowLimiter({ requests: 100, windowMs: 60_000 });
    w.hold(5000);
    expect(w.waitTime(1000)).toBe(4000);
    expect(w.waitTime(1000, null)).toBe(4000);
    expect(w.waitTime(5000)).toBe(0);
  });
});
