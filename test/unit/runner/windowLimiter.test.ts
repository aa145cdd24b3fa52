import { describe, expect, it } from 'vitest';
import { WindowLimiter } from '../../../src-shared/runner/windowLimiter';
import * as pacing from '../../../src-shared/runner/pacer';

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

describe('pacer without a set rate', () => {
  it('learns a ceiling from a 429 and raises it again carefully', () => {
    let p = pacing.createPacer(Infinity, 0);
    p = pacing.onThrottled(p, 0, 1000, 40);
    expect(pacing.effectiveRate(p)).toBe(20); // half the rate achieved when pushed back
    for (let i = 0; i < 3000; i++) p = pacing.onSuccess(p); // 10% per ~5 s of calm requests
    expect(pacing.effectiveRate(p)).toBeGreaterThan(40);
    expect(pacing.effectiveRate(pacing.setRate(p, Infinity))).toBe(Infinity); // the admin's word resets it
  });
});
