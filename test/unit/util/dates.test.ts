// The one way dates read to the admin (src-shared/util/dates.ts): the local day and clock, the same in
// any locale. The zone is the process's: the far-from-UTC cases set TZ in this process (Node reads it at
// run time; three tsx child processes took 1–6 s, past the 5 s limit on a loaded machine), checked to take
// hold. The language is fixed when a process starts, so that case still runs in child processes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as dates from '../../../src-shared/util/dates';

const MODULE = fileURLToPath(new URL('../../../src-shared/util/dates.ts', import.meta.url));

/** [formatDate, formatDateTime, formatDateTime with seconds, formatClock, isoDay] of `ms` with TZ=`tz`, LANG=`lang`. */
function formattedIn(tz: string, ms: number, lang = 'en_US.UTF-8'): string[] {
  const code =
    `const d = await import(${JSON.stringify(MODULE)}); const t = ${ms};` +
    'console.log(JSON.stringify([d.formatDate(t), d.formatDateTime(t), d.formatDateTime(t, { seconds: true }), d.formatClock(t), d.isoDay(t)]));';
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, TZ: tz, LANG: lang, LC_ALL: lang },
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

/** formattedIn's five, read in this process while its zone is `tz` (checked to be in force). */
function formattedHere(tz: string, ms: number): string[] {
  process.env.TZ = tz;
  const offset = new Date(ms).getTimezoneOffset();
  expect(offset, `the zone ${tz} took hold`).toBe(
    { UTC: 0, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840 }[tz],
  );
  return [
    dates.formatDate(ms),
    dates.formatDateTime(ms),
    dates.formatDateTime(ms, { seconds: true }),
    dates.formatClock(ms),
    dates.isoDay(ms),
  ];
}

describe('dates as the admin reads them', () => {
  // 3 Dec 2026 23:46:05 UTC: already the 4th east of Greenwich, still the 3rd (afternoon) in California.
  const t = Date.UTC(2026, 11, 3, 23, 46, 5);

  it('writes the local day and a 24-hour clock, day before month', () => {
    expect(formattedHere('UTC', t)).toEqual([
      '3 Dec 2026',
      '3 Dec 2026, 23:46',
      '3 Dec 2026, 23:46:05',
      '23:46',
      '2026-12-03',
    ]);
    expect(formattedHere('America/Los_Angeles', t)).toEqual([
      '3 Dec 2026',
      '3 Dec 2026, 15:46',
      '3 Dec 2026, 15:46:05',
      '15:46',
      '2026-12-03',
    ]);
    expect(formattedHere('Pacific/Kiritimati', t)).toEqual([
      '4 Dec 2026',
      '4 Dec 2026, 13:46',
      '4 Dec 2026, 13:46:05',
      '13:46',
      '2026-12-04',
    ]);
  });

  it('reads the same whatever the machine’s language', () => {
    expect(formattedIn('UTC', t, 'de_DE.UTF-8')).toEqual(formattedIn('UTC', t, 'en_US.UTF-8'));
  });

  it('pads the clock, not the day', async () => {
    const { formatDateTime } = await import('../../../src-shared/util/dates');
    const early = new Date(2026, 0, 5, 7, 3, 9).getTime(); // local
    expect(formatDateTime(early, { seconds: true })).toBe('5 Jan 2026, 07:03:09');
  });

  it('writes a dash for a time it cannot place', async () => {
    const { formatDate, formatDateTime } = await import('../../../src-shared/util/dates');
    expect(formatDate(Number.NaN)).toBe('—');
    expect(formatDateTime(8.64e15 + 1)).toBe('—');
  });
});
