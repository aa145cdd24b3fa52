import { describe, expect, it } from 'vitest';
import { KEEP_EVERY_SYNC_DAYS, runsToPrune, type RunForRetention } from '../../../src-shared/sync/retention';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 23, 9, 0); // Monday 23 November 2026, 09:00 UTC

/** A completed nightly sync at 02:00 UTC for each of the last `days` days, oldest first. */
function nightly(days: number): RunForRetention[] {
  return Array.from({ length: days }, (_, i) => {
    const t = Date.UTC(2026, 10, 23 - (days - i), 2, 0);
    return { id: i + 1, state: 'completed' as const, startedAt: t - 60_000, finishedAt: t };
  });
}

const kept = (runs: RunForRetention[]) => {
  const gone = new Set(runsToPrune(runs, NOW));
  return runs.filter((r) => !gone.has(r.id));
};
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('tracking snapshot retention', () => {
  it('keeps every sync of the last 7 days, then one a week for 12 weeks, then one a month', () => {
    const runs = nightly(400);
    const left = kept(runs);
    const recent = left.filter((r) => r.finishedAt! >= NOW - KEEP_EVERY_SYNC_DAYS * DAY);
    expect(recent.map((r) => iso(r.finishedAt!))).toEqual(
      [
        '2026-11-16',
        '2026-11-17',
        '2026-11-18',
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
        '2026-11-22',
      ].slice(1),
    ); // the 16th at 02:00 is more than 7 days before Monday the 23rd at 09:00
    const older = left
      .filter((r) => r.finishedAt! < NOW - KEEP_EVERY_SYNC_DAYS * DAY)
      .map((r) => iso(r.finishedAt!));
    // Weekly for the 12 weeks (Monday to Sunday) before the week of the 7-day cut: each week's Sunday night,
    // and the cut's own week so far (Monday the 16th).
    const weekly = older.filter((d) => d >= '2026-08-24');
    expect(weekly).toEqual([
      '2026-08-30',
      '2026-09-06',
      '2026-09-13',
      '2026-09-20',
      '2026-09-27',
      '2026-10-04',
      '2026-10-11',
      '2026-10-18',
      '2026-10-25',
      '2026-11-01',
      '2026-11-08',
      '2026-11-15',
      '2026-11-16',
    ]);
    // Monthly before that: the last night of each month (August's last before the weekly range).
    expect(older.filter((d) => d < '2026-08-24')).toEqual([
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-23',
    ]);
    // 400 nightly snapshots become 30.
    expect(left).toHaveLength(6 + 13 + 11);
  });

  it('always keeps the newest complete sync, however old', () => {
    const old = {
      id: 1,
      state: 'completed' as const,
      startedAt: NOW - 400 * DAY,
      finishedAt: NOW - 400 * DAY,
    };
    const older = {
      id: 2,
      state: 'completed' as const,
      startedAt: NOW - 401 * DAY,
      finishedAt: NOW - 401 * DAY + 1,
    };
    expect(runsToPrune([old, older], NOW)).toEqual([2]);
  });

  it('drops syncs that never completed once they are 7 days old, and never one still running', () => {
    const runs: RunForRetention[] = [
      { id: 1, state: 'completed', startedAt: NOW - DAY, finishedAt: NOW - DAY },
      { id: 2, state: 'failed', startedAt: NOW - 9 * DAY, finishedAt: NOW - 9 * DAY },
      { id: 3, state: 'interrupted', startedAt: NOW - 2 * DAY, finishedAt: NOW - 2 * DAY },
      { id: 4, state: 'running', startedAt: NOW - 30 * DAY, finishedAt: null },
      { id: 5, state: 'interrupted', startedAt: NOW - 20 * DAY, finishedAt: null },
    ];
    expect(runsToPrune(runs, NOW).sort()).toEqual([2, 5]);
  });

  it('keeps everything when there is nothing old', () => {
    expect(runsToPrune(nightly(5), NOW)).toEqual([]);
    expect(runsToPrune([], NOW)).toEqual([]);
  });
});
