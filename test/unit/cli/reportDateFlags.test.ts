// `reports run progressOverTime --from/--to` in odd forms: an offset no clock has is refused like any other
// bad date (not read as 99 hours away), and a year before 100 is that year, not 1900 plus it.
import { describe, expect, it } from 'vitest';
import { reportRequest } from '../../../src-main/cli/syncReportCommands';

const req = (from: string, to: string) => reportRequest('progressOverTime', { from, to }) as { from: number; to: number };

describe('progressOverTime date flags', () => {
  it('refuses an offset beyond ±14:00 or with minutes past 59, naming the flag and the value', () => {
    for (const bad of ['2026-12-04T10:00+99:99', '2026-12-04T10:00+15:00', '2026-12-04T10:00-02:60', '2026-12-04T10:00+2399'])
      expect(() => req(bad, '2026-12-31'), bad).toThrow(`--from must be a date like 2026-01-31, not "${bad}"`);
  });

  it('takes the offsets clocks use, from -12:00 to +14:00', () => {
    expect(req('2026-12-04T10:00+14:00', '2026-12-04T10:00-12:00')).toEqual({
      name: 'progressOverTime',
      from: Date.UTC(2026, 11, 3, 20, 0),
      to: Date.UTC(2026, 11, 4, 22, 0),
    });
    expect(req('2026-12-04T10:00+0545', '2026-12-05').from).toBe(Date.UTC(2026, 11, 4, 4, 15));
  });

  it('a year before 100 is that year ("from the beginning"), not 1900 plus it', () => {
    const r = req('0001-01-01', '2026-12-31');
    expect(new Date(r.from).getUTCFullYear()).toBe(1);
    expect(r.from).toBeLessThan(r.to);
  });
});
