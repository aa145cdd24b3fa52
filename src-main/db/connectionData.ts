// Everything stored about one connection's LMS besides the connection row: what its syncs fetched
// (courses, learners with names and emails, enrolments, groups…), its sync runs and their tracking
// snapshots. Counted for the question before a delete, and deleted with the connection in one
// transaction, so no learner's personal data outlives the connection it came from. Jobs, plans and test
// sends are the admin's own record (History) and stay.
import type { ConnectionDeletePlan } from '../../src-shared/contract/api';
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

export function syncedDataCounts(
  db: Db,
  connectionId: string,
): ConnectionDeletePlan['removes'] & { jobs: number } {
  const n = (table: string) =>
    db.prepare(`SELECT COUNT(*) FROM ${table} WHERE connection_id = ?`).pluck().get(connectionId) as number;
  return {
    courses: n('synced_courses'),
    learners: n('synced_learners'),
    enrolments: n('synced_enrolments'),
    snapshots: n('enrolment_snapshots'),
    syncRuns: n('sync_runs'),
    jobs: n('jobs'),
  };
}

/** Deletes the connection row and everything synced from it, all or nothing. False when there was no row. */
export function deleteConnectionWithData(db: Db, connectionId: string): boolean {
  return db.transaction(() => {
    for (const t of SYNCED_TABLES) db.prepare(`DELETE FROM ${t} WHERE connection_id = ?`).run(connectionId);
    return db.prepare('DELETE FROM connections WHERE id = ?').run(connectionId).changes > 0;
  })();
}
