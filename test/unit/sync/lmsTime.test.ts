// Timestamps read from the LMS (syncContext.ts `time`): one without an offset ("2026-12-01T10:00:00")
// is UTC, whatever zone the machine running the sync is in. JavaScript reads such a string in the
// process's local zone, so the check runs in child processes with TZ set far from UTC.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../../src-main/sync/syncContext.ts', import.meta.url));

const SAMPLES = [
  '2026-12-01T10:00:00',
  '2026-12-01T10:00:00.250',
  '2026-12-01T10:00',
  '2026-12-01 10:00:00',
  '2026-12-01T10:00:00Z',
  '2026-12-01T12:00:00+02:00',
  '2026-12-01',
];

/** `time()` of each sample, read in a child process whose local zone is `tz`. */
function timesIn(tz: string): (number | null)[] {
  const code = `const { time } = await import(${JSON.stringify(MODULE)}); console.log(JSON.stringify(${JSON.stringify(SAMPLES)}.map(time)));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(out) as (number | null)[];
}

describe('LMS timestamps', () => {
  it('reads a timestamp without an offset as UTC, in any local zone', () => {
    const ten = Date.UTC(2026, 11, 1, 10, 0, 0);
    const want = [ten, ten + 250, ten, ten, ten, ten, Date.UTC(2026, 11, 1)];
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])
      expect(timesIn(tz), tz).toEqual(want);
  });
});
