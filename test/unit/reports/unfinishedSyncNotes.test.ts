import { describe, expect, it } from 'vitest';
import { unfinishedSyncNotes, type UnfinishedSync } from '../../../src-shared/reports/unfinishedSyncNotes';
import { formatDateTime } from '../../../src-shared/util/dates';

const T = Date.UTC(2026, 11, 1, 10, 0);
const HOUR = 3_600_000;
/** On the admin's clock, as every date on screen (src-shared/util/dates.ts): `1 Dec 2026, 10:00`, no UTC. */
const at = (ms: number) => formatDateTime(ms);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sync = (over: Partial<UnfinishedSync>): UnfinishedSync => ({
  source: 'Acme · Coassemble',
  state: 'failed',
  startedAt: T - HOUR,
  finishedAt: T,
  lastCompletedAt: null,
  ...over,
});

describe('notes about a sync that did not finish', () => {
  it('a first sync: the figures are partial; what to do in the app and on the command line', () => {
    expect(unfinishedSyncNotes('completionRate', [sync({})])).toEqual([
      `Acme · Coassemble: its first sync failed at ${at(T)}. Its figures are partial: what it had not read yet is missing (a course whose trackings or results were not read shows nobody enrolled). Sync again to finish it (Reports → Sync now, or bulk-desk sync run).`,
    ]);
    expect(unfinishedSyncNotes('scores', [sync({ state: 'interrupted' })])[0]).toMatch(
      new RegExp(
        `^Acme · Coassemble: its first sync was stopped at ${esc(at(T))} before it finished\\. Its figures are partial`,
      ),
    );
  });

  it('after a complete sync: the figures are that sync’s, with the unfinished one’s pages over them', () => {
    const [note] = unfinishedSyncNotes('compliance', [sync({ lastCompletedAt: T - 24 * HOUR })]);
    expect(note).toBe(
      `Acme · Coassemble: its latest sync failed at ${at(T)}. These figures are from the complete sync of ${at(T - 24 * HOUR)}, with the pages the unfinished sync read written over them, so they may mix the two. Sync again to finish it (Reports → Sync now, or bulk-desk sync run).`,
    );
  });

  it('says when on the admin’s clock, as the rest of the app does, not in UTC', () => {
    expect(unfinishedSyncNotes('completionRate', [sync({})])[0]).not.toContain('UTC');
  });

  it('a sync still running says to wait; the progress comparison says it leaves the unfinished sync out', () => {
    expect(
      unfinishedSyncNotes('startedNotFinished', [sync({ state: 'running', finishedAt: null })])[0],
    ).toMatch(
      new RegExp(
        `its first sync is still running \\(started ${esc(at(T - HOUR))}\\)\\. Its figures are partial.*Wait for it to finish\\.$`,
      ),
    );
    expect(unfinishedSyncNotes('progressOverTime', [sync({ lastCompletedAt: T - HOUR })])).toEqual([
      `Acme · Coassemble: its latest sync failed at ${at(T)}. This comparison uses complete syncs only and leaves that one out. Sync again to finish it (Reports → Sync now, or bulk-desk sync run).`,
    ]);
    expect(unfinishedSyncNotes('contentFormats', [])).toEqual([]);
  });
});
