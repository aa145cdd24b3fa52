import { describe, expect, it } from 'vitest';
import { estimateRun } from '../../../src-shared/runner/estimate';
import { throttleSettings } from '../../../src-shared/runner/throttleDefaults';

describe('run estimate before starting', () => {
  it("Coassemble's 100 per rolling minute: 500 rows take about 5 minutes", () => {
    const s = throttleSettings('coassemble', {});
    const e = estimateRun({
      rows: 500,
      ratePerSecond: null,
      rateLimit: s.rateLimit,
      concurrency: s.concurrency,
    });
    expect(e.boundBy).toBe('window');
    expect(e.ratePerSecond).toBeCloseTo(100 / 60, 5);
    expect(e.durationMs).toBe(300_000);
  });

  it('a rate below the window is the pace', () => {
    const e = estimateRun({
      rows: 60,
      ratePerSecond: 0.5,
      rateLimit: { requests: 100, windowMs: 60_000 },
      concurrency: 2,
    });
    expect(e).toMatchObject({ boundBy: 'rate', durationMs: 120_000 });
  });

  it('no limit: parallel requests and the answer time decide, measured when known', () => {
    const assumed = estimateRun({ rows: 1000, ratePerSecond: null, rateLimit: null, concurrency: 4 });
    expect(assumed).toMatchObject({ boundBy: 'parallel', answerMeasured: false, answerMs: 300 });
    expect(assumed.durationMs).toBe(75_000); // 4 in flight, 0.3 s each: 13.3/s
    const measured = estimateRun({
      rows: 1000,
      ratePerSecond: null,
      rateLimit: null,
      concurrency: 4,
      answerMs: 100,
    });
    expect(measured).toMatchObject({ answerMeasured: true, durationMs: 25_000 });
  });

  it('canary rows go one at a time', () => {
    const e = estimateRun({
      rows: 105,
      ratePerSecond: null,
      rateLimit: null,
      concurrency: 4,
      answerMs: 200,
      canary: 5,
    });
    expect(e.durationMs).toBe(5 * 200 + (100 / 20) * 1000);
  });
});
