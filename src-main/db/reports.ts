// Reads for the reports: the synced tables as the plain rows of src-shared/reports/types.ts, each with its
// connection's name as the source. The figures themselves are computed in src-shared/reports.
import type { EnrolmentCoverage, RemovedCourse } from '../../src-shared/reports/progressOverTime';
import {
  courseKey,
  type CourseRow,
  type EnrolmentRow,
  type LearnerRow,
  type ScreenRow,
  type SyncedData,
} from '../../src-shared/reports/types';
import type { UnfinishedSync } from '../../src-shared/reports/unfinishedSyncNotes';
import type { SyncEntity, SyncRunSummary } from '../../src-shared/sync/types';
import type { Db } from './openDb';

/** `AND x.connection_id IN (?, ?…)` when some connections are chosen, nothing for all. */
function scope(alias: string, ids: readonly string[] | undefined): { sql: string; args: string[] } {
  if (!ids) return { sql: '', args: [] };
  if (ids.length === 0) return { sql: ' AND 0', args: [] };
  return { sql: ` AND ${alias}.connection_id IN (${ids.map(() => '?').join(', ')})`, args: [...ids] };
}

export function readCourses(db: Db, ids?: readonly string[]): CourseRow[] {
  const s = scope('sc', ids);
  return db
    .prepare(
      `SELECT sc.connection_id AS connectionId, c.name AS source, c.api AS api, sc.course_id AS courseId, sc.title AS title,
              sc.status AS status
       FROM synced_courses sc JOIN connections c ON c.id = sc.connection_id
       WHERE COALESCE(sc.status, '') <> 'deleted'${s.sql} ORDER BY c.name, sc.title`, // soft-deleted courses are in the catalog for lookups only
    )
    .all(...s.args) as CourseRow[];
}

/** Soft-deleted courses (kept for lookups, left out of the reports): course key → title. */
export function deletedCourses(db: Db, ids?: readonly string[]): Map<string, string> {
  const s = scope('sc', ids);
  const rows = db
    .prepare(
      `SELECT sc.connection_id AS connectionId, sc.course_id AS courseId, sc.title AS title FROM synced_courses sc
       WHERE sc.status = 'deleted'${s.sql}`,
    )
    .all(...s.args) as { connectionId: string; courseId: string; title: string }[];
  return new Map(rows.map((r) => [courseKey(r.connectionId, r.courseId), r.title]));
}

/**
 * The courses of `rows` (snapshot enrolments) that readCourses leaves out: soft-deleted ones with their
 * title, and ones the LMS no longer lists at all (a complete sync removed them: title null).
 */
export function removedCourses(db: Db, rows: readonly EnrolmentRow[]): RemovedCourse[] {
  const live = db.prepare(
    `SELECT COALESCE(status, '') <> 'deleted' AS live, title FROM synced_courses WHERE connection_id = ? AND course_id = ?`,
  );
  const connection = db.prepare(`SELECT name AS source, api FROM connections WHERE id = ?`);
  const seen = new Set<string>();
  const out: RemovedCourse[] = [];
  for (const r of rows) {
    const k = `${r.connectionId}:${r.courseId}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const c = live.get(r.connectionId, r.courseId) as { live: number; title: string } | undefined;
    const src = connection.get(r.connectionId) as Pick<CourseRow, 'source' | 'api'> | undefined;
    if (c?.live || !src) continue;
    out.push({ connectionId: r.connectionId, ...src, courseId: r.courseId, title: c?.title ?? null, deleted: c !== undefined });
  }
  return out;
}

export function readLearners(db: Db, ids?: readonly string[]): LearnerRow[] {
  const s = scope('l', ids);
  return db
    .prepare(
      `SELECT l.connection_id AS connectionId, c.name AS source, c.api AS api, l.learner_id AS learnerId, l.email AS email,
              l.name AS name, COALESCE(l.company, cl.company, l.client_identifier) AS company, l.department AS department,
              l.client_identifier AS client, l.role AS role
       FROM synced_learners l JOIN connections c ON c.id = l.connection_id
       LEFT JOIN synced_clients cl ON cl.connection_id = l.connection_id AND cl.client_identifier = l.client_identifier
       WHERE 1${s.sql} ORDER BY c.name, l.learner_id`,
    )
    .all(...s.args) as LearnerRow[];
}

const ENROLMENT_COLUMNS = `e.connection_id AS connectionId, e.course_id AS courseId, e.learner_id AS learnerId,
  e.started_at AS startedAt, e.completed_at AS completedAt, e.progress AS progress, e.score AS score`;

export function readEnrolments(db: Db, ids?: readonly string[]): EnrolmentRow[] {
  const s = scope('e', ids);
  const rows = db
    .prepare(
      `SELECT ${ENROLMENT_COLUMNS}, e.passed AS passed FROM synced_enrolments e WHERE 1${s.sql} ORDER BY e.connection_id, e.record_id`,
    )
    .all(...s.args) as (Omit<EnrolmentRow, 'passed'> & { passed: number | boolean | null })[];
  for (const r of rows) r.passed = r.passed === null ? null : r.passed === 1 || r.passed === true; // SQLite keeps 0/1
  return rows as EnrolmentRow[];
}

export function readScreens(db: Db, ids?: readonly string[]): ScreenRow[] {
  const s = scope('sc', ids);
  return db
    .prepare(
      `SELECT sc.connection_id AS connectionId, sc.course_id AS courseId, sc.type_name AS typeName, sc.type_title AS typeTitle
       FROM synced_course_screens sc WHERE 1${s.sql} ORDER BY sc.connection_id, sc.course_id, sc.sequence`,
    )
    .all(...s.args) as ScreenRow[];
}

export function readSyncedData(db: Db, ids?: readonly string[]): SyncedData {
  return {
    courses: readCourses(db, ids),
    learners: readLearners(db, ids),
    enrolments: readEnrolments(db, ids),
    screens: readScreens(db, ids),
  };
}

/** Completed runs, newest first: the dates a progress comparison can use. */
export function completedRuns(db: Db, ids?: readonly string[]): SyncRunSummary[] {
  const s = scope('r', ids);
  return db
    .prepare(
      `SELECT r.id AS id, r.connection_id AS connectionId, c.name AS connectionName, r.finished_at AS finishedAt,
              (SELECT COUNT(*) FROM enrolment_snapshots es WHERE es.run_id = r.id) AS enrolments
       FROM sync_runs r JOIN connections c ON c.id = r.connection_id
       WHERE r.state = 'completed'${s.sql} ORDER BY r.finished_at DESC, r.id DESC`,
    )
    .all(...s.args) as SyncRunSummary[];
}

/**
 * Every enrolment as the last complete sync at or before `at` saw it, per connection; and which runs
 * those were. A connection not yet synced by then contributes nothing.
 */
export function snapshotAt(db: Db, at: number, ids?: readonly string[]): { rows: EnrolmentRow[]; runs: SyncRunSummary[] } {
  const runs: SyncRunSummary[] = [];
  const seen = new Set<string>();
  for (const r of completedRuns(db, ids)) {
    if (r.finishedAt > at || seen.has(r.connectionId)) continue;
    seen.add(r.connectionId);
    runs.push(r);
  }
  const rows: EnrolmentRow[] = [];
  const st = db.prepare(
    `SELECT ${ENROLMENT_COLUMNS}, NULL AS passed FROM enrolment_snapshots e WHERE e.run_id = ? ORDER BY e.record_id`,
  );
  // Row by row, not push(...all): a call takes at most ~125,000 arguments, and an academy has more enrolments.
  for (const r of runs) for (const e of st.iterate(r.id) as IterableIterator<EnrolmentRow>) rows.push(e);
  return { rows, runs };
}

/**
 * Per connection, what the sync behind its snapshot read of each course's enrolments (see
 * EnrolmentCoverage): a course list refused or cut short, a course's list left unfinished.
 */
export function enrolmentCoverage(db: Db, runs: readonly SyncRunSummary[]): Map<string, EnrolmentCoverage> {
  const cursors = db.prepare(
    `SELECT entity, scope, status, changed FROM sync_cursors WHERE run_id = ?
       AND entity IN ('coassemble.courses', 'coursepath.courses', 'coassemble.trackings', 'coursepath.courseMembers')`,
  );
  const out = new Map<string, EnrolmentCoverage>();
  for (const r of runs) {
    const read = new Set<string>();
    const unread = new Set<string>();
    let listedAll = false;
    for (const c of cursors.iterate(r.id) as IterableIterator<{ entity: string; scope: string; status: string; changed: number }>) {
      const whole = c.status === 'done' && c.changed === 0;
      // The live course list (scope ''); Coassemble's list of deleted courses names none that has trackings.
      if (c.entity.endsWith('.courses')) listedAll ||= c.scope === '' && whole;
      else (c.status === 'done' ? read : unread).add(c.scope);
    }
    out.set(r.connectionId, { connectionId: r.connectionId, syncedAt: r.finishedAt, listedAll, read, unread });
  }
  return out;
}

/**
 * Per connection, the learners kept enrolled without a result (a Coursepath result answered 404,
 * ../sync/coursepathSync.ts `noResult`): how many, in how many courses.
 */
export function noResultEnrolments(
  db: Db,
  ids?: readonly string[],
): { source: string; learners: number; courses: number }[] {
  const s = scope('e', ids);
  return db
    .prepare(
      `SELECT c.name AS source, COUNT(*) AS learners, COUNT(DISTINCT e.course_id) AS courses
       FROM synced_enrolments e JOIN connections c ON c.id = e.connection_id
       WHERE e.status = 'no_result'${s.sql}
       GROUP BY c.name ORDER BY c.name`,
    )
    .all(...s.args) as { source: string; learners: number; courses: number }[];
}

/** The lists the latest completed sync of each connection could not read (403/404), with its note. */
export function unavailableLists(
  db: Db,
  ids?: readonly string[],
): { source: string; entity: SyncEntity; scope: string; note: string | null }[] {
  const s = scope('r', ids);
  return db
    .prepare(
      `SELECT c.name AS source, sc.entity AS entity, sc.scope AS scope, sc.note AS note
       FROM sync_runs r JOIN connections c ON c.id = r.connection_id
       JOIN sync_cursors sc ON sc.run_id = r.id AND sc.status = 'unavailable'
       WHERE r.id IN (SELECT MAX(id) FROM sync_runs WHERE state = 'completed' GROUP BY connection_id)${s.sql}
       ORDER BY c.name, sc.entity, sc.scope`,
    )
    .all(...s.args) as { source: string; entity: SyncEntity; scope: string; note: string | null }[];
}

/**
 * The courses (`connectionId:courseId`) whose trackings (Coassemble) or course members (Coursepath) a
 * sync has read to the end: a course outside it, e.g. one a failed first sync never reached, has no
 * known completions, and compliance says it cannot judge it rather than list everyone as missing it.
 */
export function enrolmentsRead(db: Db, ids?: readonly string[]): Set<string> {
  const s = scope('r', ids);
  const rows = db
    .prepare(
      `SELECT DISTINCT r.connection_id AS connectionId, sc.scope AS courseId
       FROM sync_cursors sc JOIN sync_runs r ON r.id = sc.run_id
       WHERE sc.entity IN ('coassemble.trackings', 'coursepath.courseMembers') AND sc.status = 'done'${s.sql}`,
    )
    .all(...s.args) as { connectionId: string; courseId: string }[];
  return new Set(rows.map((r) => courseKey(r.connectionId, r.courseId)));
}

/** Connections whose latest sync did not complete, with when their last complete one finished. */
export function unfinishedSyncs(db: Db, ids?: readonly string[]): UnfinishedSync[] {
  const s = scope('r', ids);
  return db
    .prepare(
      `SELECT c.name AS source, r.state AS state, r.started_at AS startedAt, r.finished_at AS finishedAt,
              (SELECT MAX(d.finished_at) FROM sync_runs d WHERE d.connection_id = r.connection_id AND d.state = 'completed')
                AS lastCompletedAt
       FROM sync_runs r JOIN connections c ON c.id = r.connection_id
       WHERE r.id IN (SELECT MAX(id) FROM sync_runs GROUP BY connection_id) AND r.state <> 'completed'${s.sql}
       ORDER BY c.name`,
    )
    .all(...s.args) as UnfinishedSync[];
}
