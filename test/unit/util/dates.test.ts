// The one way dates read to the admin (src-shared/util/dates.ts): the local day and clock, the same in
// any locale. The zone is the process's, so the far-from-UTC cases run in child processes with TZ set.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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

describe('dates as the admin reads them', () => {
  // 3 Dec 2026 23:46:05 UTC: already the 4th east of Greenwich, still the 3rd (afternoon) in California.
  const t = Date.UTC(2026, 11, 3, 23, 46, 5);

  it('writes the local day and a 24-hour clock, day before month', () => {
    expect(formattedIn('UTC', t)).toEqual([
      '3 Dec 2026',
      '3 Dec 2026, 23:46',
      '3 Dec 2026, 23:46:05',
      '23:46',
      '2026-12-03',
    ]);
    expect(formattedIn('America/Los_Angeles', t)).toEqual([
      '3 Dec 2026',
      '3 Dec 2026, 15:46',
      '3 Dec 2026, 15:46:05',
      '15:46',
      '2026-12-03',
    ]);
    expect(formattedIn('Pacific/Kiritimati', t)).toEqual([
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
