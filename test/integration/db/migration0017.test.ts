// Migration 17 (sync list checks): a version-16 database with a sync stopped mid-list keeps its runs and
// cursors; the new columns start empty (no key to check against, no restarts, not changed), which the
// sync reads as "cannot check this list's next page" and reads that list again from its start.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { createSyncRun, cursorFor, entityStatuses } from '../../../src-main/db/sync';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0017-sync-list-checks', () => {
  const temp = useTempDb();

  it('keeps a stopped run’s cursors, with nothing to check against yet', () => {
    const db = temp.open(16);
    const run = createSyncRun(db, 'c', 1);
    db.prepare(
      `INSERT INTO sync_cursors (run_id, entity, scope, next_page, fetched, status, updated_at)
       VALUES (?, 'coassemble.users', '', 3, 300, 'pending', 2), (?, 'coassemble.clients', '', 1, 4, 'done', 2)`,
    ).run(run, run);

    migrate(db, 17);
    expect(db.pragma('user_version', { simple: true })).toBe(17);
    expect(cursorFor(db, run, 'coassemble.users', '', 3)).toEqual({
      nextPage: 3,
      fetched: 300,
      status: 'pending',
      note: null,
      lastKey: null,
      check: null,
      restarts: 0,
      changed: false,
    });
    expect(entityStatuses(db, run).map((e) => [e.entity, e.status])).toEqual([
      ['coassemble.clients', 'done'],
      ['coassemble.users', 'pending'],
    ]);
    expect(() => db.prepare(`UPDATE sync_cursors SET changed = 2`).run()).toThrow(/CHECK/);
  });
});
