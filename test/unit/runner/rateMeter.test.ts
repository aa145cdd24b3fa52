// The rate Run shows beside the job's limit, read from the meter. A job's first answers come in a bunch (the
// limit allows its rate within any one second: src-shared/runner/secondWindow.ts) or a gap apart, and the
// meter divided them by the short time since the first: "5.0/s (limit 4.0/s)" in a job's first second,
// three answers 250 ms apart read as 5/s, four in 400 ms as 8/s. What the limit allows never reads above it.
import { describe, expect, it } from 'vitest';
import { ETA_WINDOW_MS } from '../../../src-shared/runner/jobEta';
import { createRateMeter } from '../../../src-shared/runner/rateMeter';

/** The highest rate the meter reads, sampled every 10 ms from the first answer to `until`. */
function highest(times: number[], until: number): { rate: number; at: number } {
  const meter = createRateMeter(5000, 100, ETA_WINDOW_MS); // as a job's
  let best = { rate: 0, at: 0 };
  let next = 0;
  for (let now = times[0]!; now <= until; now += 10) {
    while (next < times.length && times[next]! <= now) meter.record(times[next++]!);
    const rate = meter.ratePerSecond(now);
    if (rate > best.rate) best = { rate, at: now };
  }
  return best;
}

describe('the rate meter', () => {
  it('answers 250 ms apart at 4/s never read above 4/s, from the first answer on', () => {
    const times = Array.from({ length: 60 }, (_, i) => 1000 + i * 250);
    const { rate, at } = highest(times, 16_000);
    expect(rate, `${rate.toFixed(2)}/s at ${at - 1000} ms`).toBeLessThanOrEqual(4);
  });

  it('bunches of 4 a little over a second apart (how the runner keeps 4/s) never read above 4/s', () => {
    // As the runner sent them at --rate 4, two in flight: four within ~400 ms, the next four 1027 ms on.
    const times = Array.from({ length: 15 }, (_, k) =>
      [0, 134, 161, 390].map((d) => 1000 + k * 1027 + d),
    ).flat();
    const { rate, at } = highest(times, 17_000);
    expect(rate, `${rate.toFixed(2)}/s at ${at - 1000} ms`).toBeLessThanOrEqual(4);
  });

  it('once its window is measured, reads the pace kept', () => {
    const meter = createRateMeter();
    for (let t = 0; t < 10_000; t += 250) meter.record(t);
    // 19 or 20 answers in the 5 s the 100 ms buckets cover.
    expect(meter.ratePerSecond(10_000)).toBeGreaterThanOrEqual(3.8);
    expect(meter.ratePerSecond(10_000)).toBeLessThanOrEqual(4);
  });

  it('reads something from the first answer (the ETA has a pace), and nothing before it', () => {
    const meter = createRateMeter();
    expect(meter.ratePerSecond(500)).toBe(0);
    meter.record(1000);
    expect(meter.ratePerSecond(1100)).toBeGreaterThan(0);
  });
});
