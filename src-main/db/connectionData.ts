// Everything stored about one connection's LMS besides the connection row: what its syncs fetched
// (courses, learners with names and emails, enrolments, groups…), its sync runs and their tracking
// snapshots, and what its plans read (the LMS's records, and each row's compared values: old → new).
// Counted for the question before a delete, and deleted with the connection in one transaction, so no
// learner's personal data outlives the connection it came from. Jobs and test sends are the admin's own
// record (History) and stay. A plan a job was made from keeps its row — what it compared, when, its
// counts, which the job's audit names (./audit.ts planOfJob) — but not its rows or reads: the job carries
// what it sends (the member ids the plan found are bound into its mapping) and, undo on, the state before
// each write (its 'prior' attempts); it only reads its plan again to resume, which needs the connection.
import type { ConnectionDataCounts } from '../../src-shared/contract/api';
import type { Db } from './openDb';

/** Every table keyed by the connection whose rows came from its LMS. sync_runs last: its cursors and
 * snapshots go with it (ON DELETE CASCADE), and snapshots are also deleted by connection first. */
const SYNCED_TABLES = [
  'synced_course_screens',
  'synced_screen_types',
  'synced_courses',
  'synced_clients',
  'synced_group_members',
  'synced_groups',
  'synced_programs',
  'synced_enrolments',
  'synced_learners',
  'enrolment_snapshots',
  'sync_runs',
] as const;

/** A plan's own tables, emptied for every plan of the connection. */
const PLAN_DATA_TABLES = ['plan_reads', 'plan_lists', 'plan_rows'] as const;
const ITS_PLANS = 'plan_id IN (SELECT id FROM plans WHERE connection_id = ?)';

export interface ConnectionData extends ConnectionDataCounts {
  /** Plans a job was made from: their row stays. */
  plansKept: number;
  jobs: number;
}

export function connectionDataCounts(db: Db, connectionId: string): ConnectionData {
  const n = (table: string, where = 'connection_id = ?') =>
    db.prepare(`SELECT COUNT(*) FROM ${table} WHERE ${where}`).pluck().get(connectionId) as number;
  return {
    courses: n('synced_courses'),
    learners: n('synced_learners'),
    enrolments: n('synced_enrolments'),
    snapshots: n('enrolment_snapshots'),
    syncRuns: n('sync_runs'),
    plans: n('plans', 'connection_id = ? AND job_id IS NULL'),
    planReads: n('plan_reads', ITS_PLANS),
    plansKept: n('plans', 'connection_id = ? AND job_id IS NOT NULL'),
    jobs: n('jobs'),
  };
}

/**
 * The connection's jobs that are not finished (any state but completed or cancelled) with rows not sent
 * (pending, waiting to retry, or a recipe's later steps): what its delete strands.
 */
export function unfinishedJobs(db: Db, connectionId: string): { jobs: number; rows: number } {
  return db
    .prepare(
      `SELECT COUNT(DISTINCT j.id) AS jobs, COUNT(i.id) AS rows
         FROM jobs j JOIN job_items i ON i.job_id = j.id
        WHERE j.connection_id = ? AND j.state NOT IN ('completed', 'cancelled')
          AND i.status IN ('pending', 'retry_wait', 'waiting')`,
    )
    .get(connectionId) as { jobs: number; rows: number };
}

/** Rows in doubt in the connection's jobs, whatever the job's state, and how many jobs hold them. */
export function inDoubtRows(db: Db, connectionId: string): { jobs: number; rows: number } {
  return db
    .prepare(
      `SELECT COUNT(DISTINCT j.id) AS jobs, COUNT(i.id) AS rows
         FROM jobs j JOIN job_items i ON i.job_id = j.id
        WHERE j.connection_id = ? AND i.status = 'in_doubt'`,
    )
    .get(connectionId) as { jobs: number; rows: number };
}

/**
 * Deletes the connection row and everything read from its LMS, all or nothing, and says what went (counted
 * in the same transaction). Null when there was no row.
 */
export function deleteConnectionWithData(db: Db, connectionId: string): ConnectionData | null {
  return db.transaction(() => {
    const counts = connectionDataCounts(db, connectionId);
    for (const t of SYNCED_TABLES) db.prepare(`DELETE FROM ${t} WHERE connection_id = ?`).run(connectionId);
    for (const t of PLAN_DATA_TABLES) db.prepare(`DELETE FROM ${t} WHERE ${ITS_PLANS}`).run(connectionId);
    db.prepare('DELETE FROM plans WHERE connection_id = ? AND job_id IS NULL').run(connectionId);
    return db.prepare('DELETE FROM connections WHERE id = ?').run(connectionId).changes > 0 ? counts : null;
  })();
}
