// Run's requests-per-second series: one point a second while the job sends; where it stops sending the
// line falls to zero and stays there until it sends again — not a straight line across a pause, as if
// the job had sent all along (what Run drew before: points only while running, joined across the gap).
import { describe, expect, it } from 'vitest';
import { addRatePoint, type RatePoint } from '../../../src-shared/runner/rateSeries';

const point = (at: number, rate: number): RatePoint => ({ at, rate, limit: 10, lowered: null });

function feed(steps: [at: number, rate: number, sending: boolean][]): RatePoint[] {
  let series: RatePoint[] = [];
  for (const [at, rate, sending] of steps) series = addRatePoint(series, point(at, rate), sending);
  return series;
}

describe('addRatePoint', () => {
  it('keeps one point a second while sending: the latest of that second', () => {
    const s = feed([
      [0, 5, true],
      [1_000, 9, true],
      [1_400, 10, true],
      [2_100, 10, true],
    ]);
    expect(s.map((p) => [p.at, p.rate])).toEqual([
      [0, 5],
      [1_000, 10],
      [2_100, 10],
    ]);
  });

  it('falls to zero at a pause and stays at zero until the job sends again', () => {
    const s = feed([
      [0, 10, true],
      [1_000, 10, true],
      [1_500, 10, false], // paused
      [1_600, 10, false], // another progress while paused: nothing new
      [4_000, 3, true], // resumed
      [5_000, 10, true],
    ]);
    expect(s.map((p) => [p.at, p.rate])).toEqual([
      [0, 10],
      [1_000, 10],
      [1_500, 0],
      [3_999, 0],
      [4_000, 3],
      [5_000, 10],
    ]);
    // The zero stretch is marked as not sending, and keeps the limit line going.
    expect(s.filter((p) => p.idle).map((p) => p.limit)).toEqual([10, 10]);
    // A sample while still stopped adds nothing: the same series, so the chart is not redrawn.
    const paused = feed([
      [0, 10, true],
      [1_000, 10, false],
    ]);
    expect(addRatePoint(paused, point(1_500, 10), false)).toBe(paused);
  });

  it('a resume within the same second does not erase the pause', () => {
    const s = feed([
      [0, 10, true],
      [1_000, 10, true],
      [1_200, 10, false],
      [1_500, 4, true],
      [1_900, 6, true],
    ]);
    expect(s.map((p) => [p.at, p.rate])).toEqual([
      [0, 10],
      [1_000, 10],
      [1_200, 0],
      [1_499, 0],
      [1_500, 6],
    ]);
  });

  it('draws nothing for a job that was never seen sending', () => {
    expect(feed([[0, 0, false]])).toEqual([]);
  });

  it('keeps the last 600 points', () => {
    const s = feed(Array.from({ length: 700 }, (_, i) => [i * 1_000, 1, true] as [number, number, boolean]));
    expect(s).toHaveLength(600);
    expect(s[0]!.at).toBe(100_000);
  });
});
