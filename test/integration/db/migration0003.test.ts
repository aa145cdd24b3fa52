// Migration 3 (sync): from a version-2 database with a connection in it, the sync tables appear, the
// connection is untouched, and the upserts keep one row per (connection, LMS id).
import { describe, expect, it } from 'vitest';
import { upsertConnection } from '../../../src-main/db/connections';
import { migrate } from '../../../src-main/db/openDb';
import { createSyncRun, upsertLearners, type LearnerRecord } from '../../../src-main/db/sync';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0003-sync', () => {
  const temp = useTempDb();

  it('adds the sync tables to a version-2 database without touching its data', () => {
    const db = temp.open(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    upsertConnection(db, {
      id: 'c1', name: 'Academy', api: 'coursepath', baseUrl: 'https://a.test',
      identity: { api: 'coursepath', email: 'a@a.test' }, isSandbox: false, createdAt: 1,
    });
    migrate(db, 3);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%sync%' OR name LIKE 'enrolment%'`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['sync_runs', 'sync_cursors', 'synced_courses', 'synced_learners', 'synced_enrolments', 'enrolment_snapshots']));
    expect((db.prepare(`SELECT name FROM connections`).get() as { name: string }).name).toBe('Academy');

    const run = createSyncRun(db, 'c1', 10);
    const learner: LearnerRecord = {
      learnerId: '7', email: 'x@a.test', name: 'X', company: null, department: 'Sales', clientIdentifier: null,
      country: null, externalId: null, role: 'learner', metadataJson: null, createdAt: null, updatedAt: null,
    };
    upsertLearners(db, { connectionId: 'c1', runId: run, syncedAt: 10 }, [learner]);
    upsertLearners(db, { connectionId: 'c1', runId: run, syncedAt: 20 }, [{ ...learner, department: 'Legal' }]);
    expect(db.prepare(`SELECT department, synced_at AS at FROM synced_learners`).all()).toEqual([{ department: 'Legal', at: 20 }]);
  });
});
