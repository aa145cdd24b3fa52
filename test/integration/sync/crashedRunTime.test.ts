// A sync killed outright (kill -9, a power cut) is found `running` by the next start and marked
// interrupted. Its "stopped at" was the time of that next start — the next morning, say — so `sync status`
// and every report's note ("its first sync was stopped at …") named a time the sync never ran at. It is
// the time of its last saved page: what is known of when it stopped.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src-main/db/openDb';
import { advanceCursor, createSyncRun, cursorFor, latestSyncRun, markRunningSyncsInterrupted } from '../../../src-main/db/sync';
import { tempDir } from '../../helpers/tempDir';

describe('a sync run left running by a crash', () => {
  let db: Db | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    db?.close();
    dir?.remove();
  });

  it('is marked interrupted at its last saved page, not at the next start', () => {
    dir = tempDir();
    db = openDb(join(dir.path, 'bulk-desk.sqlite'));
    db.prepare(
      `INSERT INTO connections (id, name, api, base_url, identity_json, created_at) VALUES ('c1', 'Acme', 'coursepath', 'https://acme.test', '{"api":"coursepath","email":"a@acme.test"}', 0)`,
    ).run();
    const started = Date.UTC(2026, 11, 3, 22, 0);
    const lastPage = started + 90_000;
    const nextMorning = Date.UTC(2026, 11, 4, 8, 0);
    const run = createSyncRun(db, 'c1', started);
    cursorFor(db, run, 'coursepath.courses', '', started);
    advanceCursor(db, run, 'coursepath.courses', '', { nextPage: 100, rows: 100, lastKey: '7', check: null }, lastPage);
    const withoutPages = createSyncRun(db, 'c1', started + 1); // killed before its first page
    expect(markRunningSyncsInterrupted(db, nextMorning)).toBe(2);
    const byId = (id: number) => db!.prepare(`SELECT state, finished_at AS finishedAt FROM sync_runs WHERE id = ?`).get(id);
    expect(byId(run)).toEqual({ state: 'interrupted', finishedAt: lastPage });
    expect(byId(withoutPages)).toEqual({ state: 'interrupted', finishedAt: started + 1 });
    expect(latestSyncRun(db, 'c1')?.finishedAt).toBe(started + 1);
  });
});
