// The ETA under the LMS's "wait" answers (a stop-25 finding): a 429 with Retry-After holds every request
// for a few seconds, and an ETA read from the last seconds' pace alone leapt to many times its value for
// each hold, then back. The hold's own length is added as it counts down; the pace is the job's over a
// longer stretch, so a short hold moves the estimate by about its length, not by a multiple of it.
import { describe, expect, it } from 'vitest';
import { ETA_WINDOW_MS, jobEtaMs } from '../../../src-shared/runner/jobEta';
import { createRateMeter } from '../../../src-shared/runner/rateMeter';

describe('jobEtaMs', () => {
  it('a 4 s hold every 20 s moves the estimate by about the hold, not by a multiple of the whole', () => {
    const meter = createRateMeter(5000, 100, ETA_WINDOW_MS); // as a job's
    const total = 2000;
    let sent = 0;
    const samples: { at: number; eta: number; held: boolean }[] = [];
    // 10 rows a second, except while the LMS asks to wait: 4 s out of every 20 from the 30th second on.
    for (let t = 0; t < 120_000; t += 100) {
      const cycle = t >= 30_000 ? (t - 30_000) % 20_000 : -1;
      const held = cycle >= 0 && cycle < 4_000;
      if (!held && sent < total) {
        meter.record(t);
        sent++;
      }
      if (t % 1000 === 0 && t >= 10_000) {
        const waitingUntil = held ? t - cycle + 4_000 : null;
        const eta = jobEtaMs({ remaining: total - sent, meter, waitingUntil, now: t });
        samples.push({ at: t, eta: eta!, held });
      }
    }
    // From one second to the next, the estimate falls by about a second, or rises by at most the hold's
    // length and a little of the pace it costs: never doubles.
    for (let i = 1; i < samples.length; i++) {
      const [a, b] = [samples[i - 1]!, samples[i]!];
      expect(b.eta, `at ${b.at / 1000} s: ${a.eta} ms → ${b.eta} ms`).toBeLessThan(
        a.eta + 4_000 + a.eta * 0.15,
      );
      expect(b.eta).toBeLessThan(a.eta * 1.5);
    }
  });

  it('says nothing before the first answer, and nothing when no row is left', () => {
    const meter = createRateMeter();
    expect(jobEtaMs({ remaining: 10, meter, waitingUntil: null, now: 1000 })).toBeNull();
    meter.record(1000);
    expect(jobEtaMs({ remaining: 0, meter, waitingUntil: null, now: 1100 })).toBeNull();
    expect(jobEtaMs({ remaining: 10, meter, waitingUntil: null, now: 1100 })).toBeGreaterThan(0);
  });

  it('adds what is left of a wait the LMS asked for', () => {
    const meter = createRateMeter();
    for (let t = 0; t < 5000; t += 100) meter.record(t); // 10 a second
    const free = jobEtaMs({ remaining: 100, meter, waitingUntil: null, now: 5000 })!;
    const held = jobEtaMs({ remaining: 100, meter, waitingUntil: 8000, now: 5000 })!;
    expect(held - free).toBe(3000);
  });
});
