import { describe, expect, it } from 'vitest';
import { unfinishedSyncNotes, type UnfinishedSync } from '../../../src-shared/reports/unfinishedSyncNotes';

const T = Date.UTC(2026, 11, 1, 10, 0);
const HOUR = 3_600_000;
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
      'Acme · Coassemble: its first sync failed at 2026-12-01 10:00 UTC. Its figures are partial: what it had not read yet is missing (a course whose trackings or results were not read shows nobody enrolled). Sync again to finish it (Reports → Sync now, or bulk-desk sync run).',
    ]);
    expect(unfinishedSyncNotes('scores', [sync({ state: 'interrupted' })])[0]).toMatch(
      /^Acme · Coassemble: its first sync was stopped at 2026-12-01 10:00 UTC before it finished\. Its figures are partial/,
    );
  });

  it('after a complete sync: the figures are that sync’s, with the unfinished one’s pages over them', () => {
    const [note] = unfinishedSyncNotes('compliance', [sync({ lastCompletedAt: T - 24 * HOUR })]);
    expect(note).toBe(
      'Acme · Coassemble: its latest sync failed at 2026-12-01 10:00 UTC. These figures are from the complete sync of 2026-11-30 10:00 UTC, with the pages the unfinished sync read written over them, so they may mix the two. Sync again to finish it (Reports → Sync now, or bulk-desk sync run).',
    );
  });

  it('a sync still running says to wait; the progress comparison says it leaves the unfinished sync out', () => {
    expect(
      unfinishedSyncNotes('startedNotFinished', [sync({ state: 'running', finishedAt: null })])[0],
    ).toMatch(
      /its first sync is still running \(started 2026-12-01 09:00 UTC\)\. Its figures are partial.*Wait for it to finish\.$/,
    );
    expect(unfinishedSyncNotes('progressOverTime', [sync({ lastCompletedAt: T - HOUR })])).toEqual([
      'Acme · Coassemble: its latest sync failed at 2026-12-01 10:00 UTC. This comparison uses complete syncs only and leaves that one out. Sync again to finish it (Reports → Sync now, or bulk-desk sync run).',
    ]);
    expect(unfinishedSyncNotes('contentFormats', [])).toEqual([]);
  });
});
