import { describe, expect, it } from 'vitest';
import { Throttle } from '../../../src-main/runner/throttle';
import { MARGIN_MS } from '../../../src-shared/runner/secondWindow';
import { WindowLimiter } from '../../../src-shared/runner/windowLimiter';

/** Sends as soon as the throttle lets one go, every millisecond from `from` to `to`; returns the send times. */
function sendGreedily(t: Throttle, from: number, to: number): number[] {
  const sent: number[] = [];
  for (let now = from; now < to; now++) {
    while (t.waitTime(now) === 0) {
      t.take(now);
      sent.push(now);
    }
  }
  return sent;
}

/** The most sends in any one second (a half-open window starting at a send). */
function busiestSecond(sent: number[]): number {
  let most = 0;
  for (let i = 0; i < sent.length; i++) {
    let n = 0;
    while (i + n < sent.length && (sent[i + n] ?? 0) < (sent[i] ?? 0) + 1000) n++;
    most = Math.max(most, n);
  }
  return most;
}

describe('Throttle: the admin’s requests per second', () => {
  it('never lets more than the rate leave in any one second, even after an idle spell (it sent 9 at 5/s)', () => {
    const t = new Throttle(5, new WindowLimiter(null), 0);
    const sent = [...sendGreedily(t, 0, 1), ...sendGreedily(t, 2000, 6000)];
    expect(busiestSecond(sent)).toBe(5);
    // …and still keeps the rate on average: ~5 per second over the four busy seconds.
    expect(sent.length).toBeGreaterThanOrEqual(1 + 19);
  });

  it('a rate that is not a whole number: at most the next whole number in any second, the average kept', () => {
    const t = new Throttle(2.5, new WindowLimiter(null), 0);
    const sent = [...sendGreedily(t, 0, 1), ...sendGreedily(t, 3000, 13_000)];
    expect(busiestSecond(sent)).toBe(3);
    expect(sent.length).toBeGreaterThanOrEqual(1 + 24);
    expect(sent.length).toBeLessThanOrEqual(1 + 27);
  });

  it('a lowered pace (after clustered 429s) is the one counted per second', () => {
    const t = new Throttle(10, new WindowLimiter(null), 0);
    for (let i = 0; i < 3; i++) t.onThrottled(i, 100, 10);
    // Halved to 5/s from the hold's end (t ≈ 102); recovering by doubling every second after it.
    const sent = sendGreedily(t, 102, 302);
    expect(sent.length).toBeLessThanOrEqual(5);
  });

  it('a row claimed by a turn counts from when it leaves, not from its claim (14 in 990 ms at 10/s)', () => {
    const t = new Throttle(1, new WindowLimiter(null), 0);
    sendGreedily(t, 0, 1);
    let claimedAt = 1;
    while (t.waitTime(claimedAt) > 0) claimedAt++;
    t.claim(claimedAt);
    // Meanwhile it counts as leaving now: nothing else may leave.
    expect(t.waitTime(claimedAt + 200)).toBeGreaterThan(0);
    // It left 300 ms after its claim (its turn's commit was slow): the next waits a second from then.
    t.left(claimedAt + 300);
    expect(t.waitTime(claimedAt + 1000 + MARGIN_MS)).toBeGreaterThan(0);
    expect(t.waitTime(claimedAt + 300 + 1000 + MARGIN_MS)).toBe(0);
  });

  it('a second is counted with a margin for the LMS’s arrival jitter: a bunch never lands a second after the last', () => {
    const t = new Throttle(3, new WindowLimiter(null), 0);
    const sent = sendGreedily(t, 0, 5000);
    for (let i = 3; i < sent.length; i++)
      expect(sent[i]! - sent[i - 3]!).toBeGreaterThanOrEqual(1000 + MARGIN_MS);
  });

  it('no rate set: nothing counted per second', () => {
    const t = new Throttle(Infinity, new WindowLimiter(null), 0);
    let n = 0;
    while (t.waitTime(0) === 0 && n < 500) {
      t.take(0);
      n++;
    }
    expect(n).toBe(500);
  });
});
