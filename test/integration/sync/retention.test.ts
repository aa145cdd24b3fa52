// Tracking snapshots are thinned out when a sync completes (policy: src-shared/sync/retention.ts, unit
// tested). Here, against the real sandbox and a real SQLite file: 60 days of nightly runs already on
// disk, one real sync, and afterwards exactly the runs the policy keeps are left, with their snapshots
// whole; the others are gone with their snapshots and cursors; a progress report still reads both dates.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { createSyncRun, setSyncRunState } from '../../../src-main/db/sync';
import { runsToPrune } from '../../../src-shared/sync/retention';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const DAY = 24 * 60 * 60 * 1000;
const n = (s: Services, sql: string, ...args: unknown[]) =>
  s.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describe('tracking snapshot retention', () => {
  const temp = useTempServices();

  it('keeps the runs the policy keeps, with their snapshots, and drops the rest with theirs', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const now = Date.now();
    // 60 nights of earlier syncs, each with 3 snapshot rows and a cursor; one failed run 10 days ago.
    const insertSnap = s.db.prepare(
      `INSERT INTO enrolment_snapshots (run_id, record_id, connection_id, course_id, learner_id, taken_at, progress)
       VALUES (?, ?, ?, 'c1', ?, ?, ?)`,
    );
    const insertCursor = s.db.prepare(
      `INSERT INTO sync_cursors (run_id, entity, scope, next_page, fetched, status, updated_at)
       VALUES (?, 'coursepath.members', '', 1, 0, 'done', ?)`,
    );
    const old: number[] = [];
    s.db.transaction(() => {
      for (let d = 60; d >= 1; d--) {
        const t = now - d * DAY;
        const id = createSyncRun(s.db, SANDBOX_COURSEPATH_ID, t - 60_000);
        setSyncRunState(s.db, id, 'completed', t);
        for (let r = 1; r <= 3; r++)
          insertSnap.run(id, `r${r}`, SANDBOX_COURSEPATH_ID, `l${r}`, t, (60 - d) / 60);
        insertCursor.run(id, t);
        old.push(id);
      }
      const failed = createSyncRun(s.db, SANDBOX_COURSEPATH_ID, now - 10 * DAY);
      setSyncRunState(s.db, failed, 'failed', now - 10 * DAY, 'network');
      old.push(failed);
    })();
    const before = s.db
      .prepare(`SELECT id, state, started_at AS startedAt, finished_at AS finishedAt FROM sync_runs`)
      .all() as Parameters<typeof runsToPrune>[0];

    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');

    // What the policy says, computed from the runs as they were (the new run is the newest: kept).
    const gone = new Set(runsToPrune(before, Date.now()));
    expect(gone.size).toBeGreaterThan(40); // 60 nightly runs become a handful
    const left = (s.db.prepare(`SELECT id FROM sync_runs ORDER BY id`).pluck().all() as number[]).filter(
      (id) => old.includes(id),
    );
    expect(left).toEqual(old.filter((id) => !gone.has(id)));
    for (const id of old) {
      const want = gone.has(id) ? 0 : id === old.at(-1) ? 0 : 3; // the failed run never had snapshots
      expect(n(s, `SELECT COUNT(*) FROM enrolment_snapshots WHERE run_id = ?`, id), `run ${id}`).toBe(want);
      expect(n(s, `SELECT COUNT(*) FROM sync_cursors WHERE run_id = ?`, id), `run ${id}`).toBe(
        gone.has(id) ? 0 : id === old.at(-1) ? 0 : 1,
      );
    }
    expect(gone.has(old.at(-1)!)).toBe(true); // the failed run, 10 days old

    // The progress report still compares a kept old date with today.
    const oldest = Math.min(...left.map((id) => n(s, `SELECT finished_at FROM sync_runs WHERE id = ?`, id)));
    const view = await callOk(s, 'reports.run', { name: 'progressOverTime', from: oldest, to: Date.now() });
    expect(view.tables[0]!.rows.length).toBeGreaterThan(0);
  });
});
