// Sync runs, their per-entity cursors, and the upserts of synced LMS data. Every write of a page and
// the advance of its cursor happen in one transaction (see pageWrite), so a resumed run never skips a page
// and re-fetching one only rewrites the same rows.
import { SYNC_ENTITY_LABELS, type SyncCounts, type SyncEntity, type SyncEntityStatus, type SyncRunDto, type SyncRunState } from '../../src-shared/sync/types';
import type { RunForRetention } from '../../src-shared/sync/retention';
import type { Db } from './openDb';

// ---------- runs ----------

interface RunRow {
  id: number;
  connection_id: string;
  state: SyncRunState;
  started_at: number;
  finished_at: number | null;
  requests: number;
  retries: number;
  error: string | null;
}

export function createSyncRun(db: Db, connectionId: string, now: number): number {
  return Number(
    db.prepare(`INSERT INTO sync_runs (connection_id, state, started_at) VALUES (?, 'running', ?)`).run(connectionId, now)
      .lastInsertRowid,
  );
}

/**
 * The run to continue: the latest one, if it did not complete (failed, interrupted, or left running by a
 * crash) and started after `notBefore` — resuming an old run would mix week-old pages with today's.
 */
export function resumableRun(db: Db, connectionId: string, notBefore = 0): number | null {
  const row = db
    .prepare(`SELECT id, state, started_at AS startedAt FROM sync_runs WHERE connection_id = ? ORDER BY id DESC LIMIT 1`)
    .get(connectionId) as { id: number; state: SyncRunState; startedAt: number } | undefined;
  return row && row.state !== 'completed' && row.startedAt >= notBefore ? row.id : null;
}

export function setSyncRunState(db: Db, runId: number, state: SyncRunState, now: number, error: string | null = null): void {
  db.prepare(`UPDATE sync_runs SET state = ?, finished_at = ?, error = ? WHERE id = ?`).run(
    state,
    state === 'running' ? null : now,
    error,
    runId,
  );
}

export function addSyncRequests(db: Db, runId: number, requests: number, retries: number): void {
  db.prepare(`UPDATE sync_runs SET requests = requests + ?, retries = retries + ? WHERE id = ?`).run(requests, retries, runId);
}

/** One connection's runs, for the snapshot retention policy (src-shared/sync/retention.ts). */
export function syncRunsOf(db: Db, connectionId: string): RunForRetention[] {
  return db
    .prepare(`SELECT id, state, started_at AS startedAt, finished_at AS finishedAt FROM sync_runs WHERE connection_id = ?`)
    .all(connectionId) as RunForRetention[];
}

/** Deletes runs with their cursors and tracking snapshots (ON DELETE CASCADE). Returns snapshots removed. */
export function deleteSyncRuns(db: Db, runIds: readonly number[]): number {
  const snapshots = db.prepare(`SELECT COUNT(*) FROM enrolment_snapshots WHERE run_id = ?`).pluck();
  const del = db.prepare(`DELETE FROM sync_runs WHERE id = ?`);
  let removed = 0;
  for (const id of runIds) {
    removed += snapshots.get(id) as number;
    del.run(id);
  }
  return removed;
}

/**
 * At startup, runs a crash left `running` become `interrupted` (the next sync resumes them), stopped at
 * their last saved page (else their start): what is known of when they stopped. `now` — the next start, maybe the next morning — would have
 * `sync status` and the reports' notes name a time the sync never ran at. `now` caps a clock that moved back.
 */
export function markRunningSyncsInterrupted(db: Db, now: number): number {
  return db
    .prepare(
      `UPDATE sync_runs SET state = 'interrupted',
         finished_at = MIN(?, MAX(started_at, COALESCE((SELECT MAX(updated_at) FROM sync_cursors c WHERE c.run_id = sync_runs.id), started_at)))
       WHERE state = 'running'`,
    )
    .run(now).changes;
}

export function getSyncRun(db: Db, runId: number): SyncRunDto | undefined {
  const r = db.prepare(`SELECT * FROM sync_runs WHERE id = ?`).get(runId) as RunRow | undefined;
  return r && toRunDto(db, r);
}

export function latestSyncRun(db: Db, connectionId: string): SyncRunDto | null {
  const r = db.prepare(`SELECT * FROM sync_runs WHERE connection_id = ? ORDER BY id DESC LIMIT 1`).get(connectionId) as
    | RunRow
    | undefined;
  return r ? toRunDto(db, r) : null;
}

export function lastCompletedAt(db: Db, connectionId: string): number | null {
  const r = db
    .prepare(`SELECT MAX(finished_at) AS at FROM sync_runs WHERE connection_id = ? AND state = 'completed'`)
    .get(connectionId) as { at: number | null };
  return r.at;
}

function toRunDto(db: Db, r: RunRow): SyncRunDto {
  return {
    id: r.id,
    connectionId: r.connection_id,
    state: r.state,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    requests: r.requests,
    retries: r.retries,
    error: r.error,
    entities: entityStatuses(db, r.id),
  };
}

// ---------- cursors ----------

export interface Cursor {
  nextPage: number;
  fetched: number;
  status: 'pending' | 'done' | 'unavailable';
  note: string | null;
  /** The key of the last row of the last saved page: the row the next page's check expects before it. */
  lastKey: string | null;
  /** A check not done yet: the row at index `at` must still be `key`. */
  check: { at: number; key: string } | null;
  /** How often the list was read again from its start because it changed. */
  restarts: number;
  /** It kept changing after the last restart allowed: read to its end, but not to be pruned from. */
  changed: boolean;
}

interface CursorRow {
  next_page: number;
  fetched: number;
  status: Cursor['status'];
  note: string | null;
  last_key: string | null;
  check_at: number | null;
  check_key: string | null;
  restarts: number;
  changed: number;
}

const CURSOR_WHERE = `WHERE run_id = ? AND entity = ? AND scope = ?`;

/** The cursor of one entity (and parent scope) in a run, created at page 0 the first time. */
export function cursorFor(db: Db, runId: number, entity: SyncEntity, scope: string, now: number): Cursor {
  db.prepare(
    `INSERT INTO sync_cursors (run_id, entity, scope, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(runId, entity, scope, now);
  const r = db
    .prepare(
      `SELECT next_page, fetched, status, note, last_key, check_at, check_key, restarts, changed FROM sync_cursors ${CURSOR_WHERE}`,
    )
    .get(runId, entity, scope) as CursorRow;
  return {
    nextPage: r.next_page,
    fetched: r.fetched,
    status: r.status,
    note: r.note,
    lastKey: r.last_key,
    check: r.check_at === null || r.check_key === null ? null : { at: r.check_at, key: r.check_key },
    restarts: r.restarts,
    changed: r.changed === 1,
  };
}

export interface PageSaved {
  nextPage: number;
  rows: number;
  lastKey: string | null;
  /** The check this page still needs, done right after it is saved. */
  check: { at: number; key: string } | null;
}

export function advanceCursor(db: Db, runId: number, entity: SyncEntity, scope: string, p: PageSaved, now: number): void {
  db.prepare(
    `UPDATE sync_cursors SET next_page = ?, fetched = fetched + ?, last_key = ?, check_at = ?, check_key = ?, updated_at = ?
     ${CURSOR_WHERE}`,
  ).run(p.nextPage, p.rows, p.lastKey, p.check?.at ?? null, p.check?.key ?? null, now, runId, entity, scope);
}

export function clearCursorCheck(db: Db, runId: number, entity: SyncEntity, scope: string, now: number): void {
  db.prepare(`UPDATE sync_cursors SET check_at = NULL, check_key = NULL, updated_at = ? ${CURSOR_WHERE}`).run(
    now,
    runId,
    entity,
    scope,
  );
}

/** Back to the list's first page; `counted`: because it changed (not because an old cursor cannot be checked). */
export function restartCursor(db: Db, runId: number, entity: SyncEntity, scope: string, counted: boolean, now: number): void {
  db.prepare(
    `UPDATE sync_cursors SET next_page = 0, last_key = NULL, check_at = NULL, check_key = NULL,
       restarts = restarts + ?, updated_at = ? ${CURSOR_WHERE}`,
  ).run(counted ? 1 : 0, now, runId, entity, scope);
}

/** The list changed once more than the restarts allowed: read on to its end, and never prune from it. */
export function markCursorChanged(db: Db, runId: number, entity: SyncEntity, scope: string, now: number): void {
  db.prepare(`UPDATE sync_cursors SET changed = 1, check_at = NULL, check_key = NULL, updated_at = ? ${CURSOR_WHERE}`).run(
    now,
    runId,
    entity,
    scope,
  );
}

export function finishCursor(
  db: Db,
  runId: number,
  entity: SyncEntity,
  scope: string,
  status: 'done' | 'unavailable',
  note: string | null,
  now: number,
): void {
  db.prepare(
    `UPDATE sync_cursors SET status = ?, note = ?, updated_at = ? WHERE run_id = ? AND entity = ? AND scope = ?`,
  ).run(status, note, now, runId, entity, scope);
}

/**
 * Per entity: done when every scope is done (`changed` when any kept changing while read, unavailable
 * when any is), rows fetched summed.
 */
export function entityStatuses(db: Db, runId: number): SyncEntityStatus[] {
  const rows = db
    .prepare(
      `SELECT entity, SUM(fetched) AS fetched, SUM(status = 'pending') AS pending, SUM(status = 'unavailable') AS unavailable,
              MAX(CASE WHEN scope = '' THEN note END) AS note,
              json_group_array(CASE WHEN changed = 1 THEN scope END) AS changedScopes, MAX(restarts) AS restarts
       FROM sync_cursors WHERE run_id = ? GROUP BY entity`,
    )
    .all(runId) as {
    entity: SyncEntity;
    fetched: number;
    pending: number;
    unavailable: number;
    note: string | null;
    changedScopes: string;
    restarts: number;
  }[];
  return rows.map((r) => {
    const label = SYNC_ENTITY_LABELS[r.entity] ?? r.entity;
    const changed = (JSON.parse(r.changedScopes) as (string | null)[]).filter((x): x is string => x !== null);
    return {
      entity: r.entity,
      label,
      status: r.pending > 0 ? 'pending' : changed.length > 0 ? 'changed' : r.unavailable > 0 ? 'unavailable' : 'done',
      fetched: r.fetched,
      note: changed.length > 0 ? changedNote(label, changed, r.restarts + 1) : r.note,
    };
  });
}

/** "Users kept changing in the LMS while they were read (4 times): …", which list and what the sync did. */
function changedNote(label: string, scopes: readonly string[], reads: number): string {
  const parts = scopes.filter((x) => x !== '');
  const what = parts.length ? `${label} (${parts.join(', ')})` : label;
  return (
    `${what} kept changing in the LMS while they were read (${reads} times), so rows missing from the list were ` +
    'kept, not removed. The next sync reads them again.'
  );
}

// ---------- synced data ----------

export interface Stamp {
  connectionId: string;
  runId: number;
  syncedAt: number;
}

export interface ScreenRecord {
  screenId: string;
  sequence: number | null;
  typeId: string | null;
  typeName: string;
  typeTitle: string;
}

export interface CourseRecord {
  courseId: string;
  title: string;
  description: string | null;
  status: string | null;
  clientIdentifier: string | null;
  createdAt: number | null;
  updatedAt: number | null;
  publishedAt: number | null;
  screensCount: number | null;
  /** Coassemble only; replaces the course's screens. */
  screens?: ScreenRecord[];
}

export interface ScreenTypeRecord {
  typeId: string;
  name: string;
  title: string | null;
  description: string | null;
}

export interface ClientRecord {
  clientIdentifier: string;
  company: string | null;
  metadataJson: string | null;
  userCount: number | null;
  createdAt: number | null;
  updatedAt: number | null;
}

export interface LearnerRecord {
  learnerId: string;
  email: string | null;
  name: string | null;
  company: string | null;
  department: string | null;
  clientIdentifier: string | null;
  country: string | null;
  externalId: string | null;
  role: string | null;
  metadataJson: string | null;
  createdAt: number | null;
  updatedAt: number | null;
}

export interface GroupRecord {
  groupId: string;
  name: string;
  memberCount: number | null;
  createdAt: number | null;
}

export interface ProgramRecord {
  programId: string;
  title: string;
}

export interface EnrolmentRecord {
  recordId: string;
  courseId: string;
  learnerId: string;
  status: string | null;
  progress: number | null;
  score: number | null;
  passed: boolean | null;
  enrolledAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  totalTimeS: number | null;
  certificate: string | null;
}

const stampArgs = (s: Stamp) => ({ connectionId: s.connectionId, runId: s.runId, syncedAt: s.syncedAt });

export function upsertCourses(db: Db, s: Stamp, rows: readonly CourseRecord[]): void {
  const course = db.prepare(
    `INSERT INTO synced_courses (connection_id, course_id, title, description, status, client_identifier, created_at,
       updated_at, published_at, screens_count, run_id, synced_at)
     VALUES (@connectionId, @courseId, @title, @description, @status, @clientIdentifier, @createdAt, @updatedAt,
       @publishedAt, @screensCount, @runId, @syncedAt)
     ON CONFLICT (connection_id, course_id) DO UPDATE SET title = excluded.title, description = excluded.description,
       status = excluded.status, client_identifier = excluded.client_identifier, created_at = excluded.created_at,
       updated_at = excluded.updated_at, published_at = excluded.published_at, screens_count = excluded.screens_count,
       run_id = excluded.run_id, synced_at = excluded.synced_at`,
  );
  const clearScreens = db.prepare(`DELETE FROM synced_course_screens WHERE connection_id = ? AND course_id = ?`);
  const screen = db.prepare(
    `INSERT INTO synced_course_screens (connection_id, course_id, screen_id, sequence, type_id, type_name, type_title, run_id, synced_at)
     VALUES (@connectionId, @courseId, @screenId, @sequence, @typeId, @typeName, @typeTitle, @runId, @syncedAt)`,
  );
  for (const r of rows) {
    const { screens, ...c } = r;
    course.run({ ...stampArgs(s), ...c });
    if (screens) {
      clearScreens.run(s.connectionId, r.courseId);
      for (const sc of screens) screen.run({ ...stampArgs(s), courseId: r.courseId, ...sc });
    }
  }
}

export function upsertScreenTypes(db: Db, s: Stamp, rows: readonly ScreenTypeRecord[]): void {
  const st = db.prepare(
    `INSERT INTO synced_screen_types (connection_id, type_id, name, title, description, run_id, synced_at)
     VALUES (@connectionId, @typeId, @name, @title, @description, @runId, @syncedAt)
     ON CONFLICT (connection_id, type_id) DO UPDATE SET name = excluded.name, title = excluded.title,
       description = excluded.description, run_id = excluded.run_id, synced_at = excluded.synced_at`,
  );
  for (const r of rows) st.run({ ...stampArgs(s), ...r });
}

export function upsertClients(db: Db, s: Stamp, rows: readonly ClientRecord[]): void {
  const st = db.prepare(
    `INSERT INTO synced_clients (connection_id, client_identifier, company, metadata_json, user_count, created_at, updated_at, run_id, synced_at)
     VALUES (@connectionId, @clientIdentifier, @company, @metadataJson, @userCount, @createdAt, @updatedAt, @runId, @syncedAt)
     ON CONFLICT (connection_id, client_identifier) DO UPDATE SET company = excluded.company,
       metadata_json = excluded.metadata_json, user_count = excluded.user_count, created_at = excluded.created_at,
       updated_at = excluded.updated_at, run_id = excluded.run_id, synced_at = excluded.synced_at`,
  );
  for (const r of rows) st.run({ ...stampArgs(s), ...r });
}

export function upsertLearners(db: Db, s: Stamp, rows: readonly LearnerRecord[]): void {
  const st = db.prepare(
    `INSERT INTO synced_learners (connection_id, learner_id, email, name, company, department, client_identifier, country,
       external_id, role, metadata_json, created_at, updated_at, run_id, synced_at)
     VALUES (@connectionId, @learnerId, @email, @name, @company, @department, @clientIdentifier, @country, @externalId,
       @role, @metadataJson, @createdAt, @updatedAt, @runId, @syncedAt)
     ON CONFLICT (connection_id, learner_id) DO UPDATE SET email = excluded.email, name = excluded.name,
       company = excluded.company, department = excluded.department, client_identifier = excluded.client_identifier,
       country = excluded.country, external_id = excluded.external_id, role = excluded.role,
       metadata_json = excluded.metadata_json, created_at = excluded.created_at, updated_at = excluded.updated_at,
       run_id = excluded.run_id, synced_at = excluded.synced_at`,
  );
  for (const r of rows) st.run({ ...stampArgs(s), ...r });
}

export function upsertGroups(db: Db, s: Stamp, rows: readonly GroupRecord[]): void {
  const st = db.prepare(
    `INSERT INTO synced_groups (connection_id, group_id, name, member_count, created_at, run_id, synced_at)
     VALUES (@connectionId, @groupId, @name, @memberCount, @createdAt, @runId, @syncedAt)
     ON CONFLICT (connection_id, group_id) DO UPDATE SET name = excluded.name, member_count = excluded.member_count,
       created_at = excluded.created_at, run_id = excluded.run_id, synced_at = excluded.synced_at`,
  );
  for (const r of rows) st.run({ ...stampArgs(s), ...r });
}

export function upsertPrograms(db: Db, s: Stamp, rows: readonly ProgramRecord[]): void {
  const st = db.prepare(
    `INSERT INTO synced_programs (connection_id, program_id, title, run_id, synced_at)
     VALUES (@connectionId, @programId, @title, @runId, @syncedAt)
     ON CONFLICT (connection_id, program_id) DO UPDATE SET title = excluded.title, run_id = excluded.run_id,
       synced_at = excluded.synced_at`,
  );
  for (const r of rows) st.run({ ...stampArgs(s), ...r });
}

export function upsertGroupMembers(db: Db, s: Stamp, groupId: string, learnerIds: readonly string[]): void {
  const st = db.prepare(
    `INSERT INTO synced_group_members (connection_id, group_id, learner_id, run_id, synced_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, group_id, learner_id) DO UPDATE SET run_id = excluded.run_id, synced_at = excluded.synced_at`,
  );
  for (const id of learnerIds) st.run(s.connectionId, groupId, id, s.runId, s.syncedAt);
}

/** The current state of each enrolment, and its snapshot in this run (for comparing dates). */
export function upsertEnrolments(db: Db, s: Stamp, rows: readonly EnrolmentRecord[]): void {
  const st = db.prepare(
    `INSERT INTO synced_enrolments (connection_id, record_id, course_id, learner_id, status, progress, score, passed,
       enrolled_at, started_at, completed_at, total_time_s, certificate, run_id, synced_at)
     VALUES (@connectionId, @recordId, @courseId, @learnerId, @status, @progress, @score, @passed, @enrolledAt,
       @startedAt, @completedAt, @totalTimeS, @certificate, @runId, @syncedAt)
     ON CONFLICT (connection_id, record_id) DO UPDATE SET course_id = excluded.course_id, learner_id = excluded.learner_id,
       status = excluded.status, progress = excluded.progress, score = excluded.score, passed = excluded.passed,
       enrolled_at = excluded.enrolled_at, started_at = excluded.started_at, completed_at = excluded.completed_at,
       total_time_s = excluded.total_time_s, certificate = excluded.certificate, run_id = excluded.run_id,
       synced_at = excluded.synced_at`,
  );
  const snap = db.prepare(
    `INSERT INTO enrolment_snapshots (run_id, record_id, connection_id, course_id, learner_id, progress, score, started_at,
       completed_at, taken_at)
     VALUES (@runId, @recordId, @connectionId, @courseId, @learnerId, @progress, @score, @startedAt, @completedAt, @syncedAt)
     ON CONFLICT (run_id, record_id) DO UPDATE SET progress = excluded.progress, score = excluded.score,
       started_at = excluded.started_at, completed_at = excluded.completed_at, taken_at = excluded.taken_at`,
  );
  for (const r of rows) {
    const args = { ...stampArgs(s), ...r, passed: r.passed === null ? null : r.passed ? 1 : 0 };
    st.run(args);
    snap.run(args);
  }
}

/**
 * Ids of the parents this run synced, for the lists that fan out per parent. Soft-deleted courses are
 * kept in the catalog (to restore them by title) but have no learners' progress worth reading.
 */
export function courseIdsOfRun(db: Db, connectionId: string, runId: number): string[] {
  return (
    db
      .prepare(
        `SELECT course_id FROM synced_courses WHERE connection_id = ? AND run_id = ? AND COALESCE(status, '') <> 'deleted'
         ORDER BY course_id`,
      )
      .all(connectionId, runId) as { course_id: string }[]
  ).map((r) => r.course_id);
}

export function groupIdsOfRun(db: Db, connectionId: string, runId: number): string[] {
  return (
    db
      .prepare(`SELECT group_id FROM synced_groups WHERE connection_id = ? AND run_id = ? ORDER BY group_id`)
      .all(connectionId, runId) as { group_id: string }[]
  ).map((r) => r.group_id);
}

const TABLE_OF: Partial<Record<SyncEntity, string[]>> = {
  'coassemble.courses': ['synced_courses', 'synced_course_screens'],
  'coassemble.screenTypes': ['synced_screen_types'],
  'coassemble.clients': ['synced_clients'],
  'coassemble.users': ['synced_learners'],
  'coassemble.trackings': ['synced_enrolments'],
  'coursepath.courses': ['synced_courses'],
  'coursepath.members': ['synced_learners'],
  'coursepath.courseMembers': ['synced_enrolments'],
  'coursepath.groups': ['synced_groups'],
  'coursepath.programs': ['synced_programs'],
  'coursepath.groupMembers': ['synced_group_members'],
};

/**
 * After a complete run: rows this run did not see are gone from the LMS (a deleted course, a removed
 * member), so they leave the current state. Only for entities the run fetched completely; snapshots stay.
 */
export function pruneUnseen(db: Db, connectionId: string, runId: number, entities: readonly SyncEntity[]): void {
  for (const e of entities)
    for (const table of TABLE_OF[e] ?? [])
      db.prepare(`DELETE FROM ${table} WHERE connection_id = ? AND run_id <> ?`).run(connectionId, runId);
}

export function syncCounts(db: Db, connectionId: string): SyncCounts {
  const n = (sql: string) => (db.prepare(sql).get(connectionId) as { n: number }).n;
  return {
    courses: n(`SELECT COUNT(*) AS n FROM synced_courses WHERE connection_id = ? AND COALESCE(status, '') <> 'deleted'`),
    learners: n(`SELECT COUNT(*) AS n FROM synced_learners WHERE connection_id = ?`),
    enrolments: n(`SELECT COUNT(*) AS n FROM synced_enrolments WHERE connection_id = ?`),
    clients: n(`SELECT COUNT(*) AS n FROM synced_clients WHERE connection_id = ?`),
    groups: n(`SELECT COUNT(*) AS n FROM synced_groups WHERE connection_id = ?`),
    snapshots: n(`SELECT COUNT(*) AS n FROM enrolment_snapshots WHERE connection_id = ?`),
  };
}

/**
 * Coassemble's users list may lack an email (and may be gated by plan), while each tracking carries the
 * learner's email and name: fill what is missing, and add learners only known from their trackings.
 * A tracking seen in this run is a sighting of its learner too: the row takes this run's stamp, or
 * pruneUnseen would drop a learner the users list leaves out at the end of every other sync.
 */
export function fillLearnersFromTrackings(
  db: Db,
  s: Stamp,
  rows: readonly { learnerId: string; email: string | null; name: string | null; clientIdentifier: string | null }[],
): void {
  const st = db.prepare(
    `INSERT INTO synced_learners (connection_id, learner_id, email, name, client_identifier, run_id, synced_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, learner_id) DO UPDATE SET email = COALESCE(synced_learners.email, excluded.email),
       name = COALESCE(synced_learners.name, excluded.name),
       client_identifier = COALESCE(synced_learners.client_identifier, excluded.client_identifier),
       run_id = excluded.run_id, synced_at = excluded.synced_at`,
  );
  for (const r of rows) st.run(s.connectionId, r.learnerId, r.email, r.name, r.clientIdentifier, s.runId, s.syncedAt);
}
