// Timestamps read from the LMS (syncContext.ts `time`): one without an offset ("2026-12-01T10:00:00")
// is UTC, whatever zone the machine running the sync is in. JavaScript reads such a string in the
// process's local zone, so the check sets the zone (Node reads a TZ set at run time) far from UTC —
// in this process, not three child processes that each compiled the module again (1–7 s, past the
// 5 s limit on a loaded machine) — and checks first that the zone took hold.
import { afterEach, describe, expect, it } from 'vitest';
import { time } from '../../../src-main/sync/syncContext';

const SAMPLES = [
  '2026-12-01T10:00:00',
  '2026-12-01T10:00:00.250',
  '2026-12-01T10:00',
  '2026-12-01 10:00:00',
  '2026-12-01T10:00:00Z',
  '2026-12-01T12:00:00+02:00',
  '2026-12-01',
];

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

/** `time()` of each sample, read while the local zone is `tz`. */
function timesIn(tz: string): (number | null)[] {
  process.env.TZ = tz;
  return SAMPLES.map(time);
}

describe('LMS timestamps', () => {
  it('reads a timestamp without an offset as UTC, in any local zone', () => {
    const ten = Date.UTC(2026, 11, 1, 10, 0, 0);
    const want = [ten, ten + 250, ten, ten, ten, ten, Date.UTC(2026, 11, 1)];
    // The zone is in force: JavaScript's own reading of the first sample is 8 hours late in Los Angeles
    // and 14 early in Kiritimati, so a `time` that left it to JavaScript would fail below.
    const local = (tz: string) => ((process.env.TZ = tz), new Date(SAMPLES[0]!).getTime());
    expect(local('America/Los_Angeles') - ten).toBe(8 * 3600_000);
    expect(local('Pacific/Kiritimati') - ten).toBe(-14 * 3600_000);
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])
      expect(timesIn(tz), tz).toEqual(want);
  });
});
