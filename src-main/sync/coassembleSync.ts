// Coassemble's read entities (reference coassemble.md §3.2, §6.1, §7, §8.1, §9): courses (with their
// screens and screen types), the retired screen types list, clients, users and trackings. Lists take
// zero-based `page` and `length` (at most 100) and answer bare arrays. Trackings now need a course `id`,
// so they are fetched per course, and their rows do not carry it: the course id is added here.
// No list offers an "updated since" filter (trackings' start/end filter on `commenced`, which misses
// progress on older trackings), so each sync reads everything and upserts.
import type { SyncEntity } from '../../src-shared/sync/types';
import {
  courseIdsOfRun,
  fillLearnersFromTrackings,
  upsertClients,
  upsertCourses,
  upsertEnrolments,
  upsertLearners,
  upsertScreenTypes,
  type ClientRecord,
  type CourseRecord,
  type EnrolmentRecord,
  type LearnerRecord,
  type ScreenTypeRecord,
} from '../db/sync';
import { bool, first, num, obj, stampOf, str, syncList, time, type SyncContext } from './syncContext';

const BASE = '/api/v1/headless';
const q = (page: number, length: number, extra = '') => `?page=${page}&length=${length}${extra}`;

/** Coassemble never sends more than 100 per page (reference §3.2). */
export const COASSEMBLE_MAX_PAGE = 100;

function course(v: unknown): CourseRecord | null {
  const c = obj(v);
  const id = str(c.id);
  if (id === null) return null;
  const screens = Array.isArray(c.screens) ? c.screens.map(obj) : [];
  const status = c.deleted ? 'deleted' : c.published ? 'published' : 'draft';
  return {
    courseId: id,
    title: str(first(c, 'title', 'name')) ?? `Course ${id}`,
    description: str(c.description),
    status,
    clientIdentifier: str(c.clientIdentifier),
    createdAt: time(first(c, 'created', 'created_at')),
    updatedAt: time(first(c, 'updated', 'updated_at')),
    publishedAt: time(c.published),
    screensCount: num(first(c, 'screens_count')) ?? screens.length,
    // A deleted course is in the catalog for lookups only: its screens leave the content reports.
    screens: (status === 'deleted' ? [] : screens).map((s, i) => {
      const t = obj(s.type);
      const name = str(t.name) ?? str(s.type) ?? 'unknown';
      return {
        screenId: str(s.id) ?? `${id}-${i}`,
        sequence: num(s.sequence),
        typeId: str(t.id),
        typeName: name,
        typeTitle: str(t.title) ?? name,
      };
    }),
  };
}

function screenType(v: unknown): ScreenTypeRecord | null {
  const t = obj(v);
  const name = str(t.name);
  if (name === null) return null;
  return { typeId: str(t.id) ?? name, name, title: str(t.title), description: str(t.description) };
}

function client(v: unknown): ClientRecord | null {
  const c = obj(v);
  const id = str(c.clientIdentifier);
  if (id === null) return null;
  const metadata = obj(c.metadata);
  return {
    clientIdentifier: id,
    company: str(metadata.company),
    metadataJson: c.metadata === undefined ? null : JSON.stringify(c.metadata),
    userCount: num(c.userCount),
    createdAt: time(c.created),
    updatedAt: time(c.updated),
  };
}

function user(v: unknown): LearnerRecord | null {
  const u = obj(v);
  const id = str(u.identifier);
  if (id === null) return null;
  const metadata = obj(u.metadata);
  return {
    learnerId: id,
    email: str(u.email),
    name: str(u.name),
    company: str(metadata.company),
    department: str(first(metadata, 'department', 'Department')),
    clientIdentifier: str(u.clientIdentifier),
    country: str(metadata.country),
    externalId: null,
    role: null,
    metadataJson: u.metadata === undefined ? null : JSON.stringify(u.metadata),
    createdAt: time(u.created),
    updatedAt: time(u.updated),
  };
}

interface Tracking extends EnrolmentRecord {
  email: string | null;
  name: string | null;
  clientIdentifier: string | null;
}

function tracking(courseId: string, v: unknown): Tracking | null {
  const t = obj(v);
  const id = str(t.id);
  const learner = str(t.identifier);
  if (id === null || learner === null) return null;
  const completedAt = time(t.completed);
  const startedAt = time(t.commenced);
  return {
    recordId: id,
    courseId,
    learnerId: learner,
    status: completedAt !== null ? 'completed' : startedAt !== null ? 'in_progress' : 'not_started',
    progress: num(first(t, 'progress_percent', 'progressPercent', 'progress')),
    score: num(first(t, 'score', 'scorePercent')),
    passed: bool(t.passed),
    enrolledAt: time(t.created),
    startedAt,
    completedAt,
    totalTimeS: num(first(t, 'total_time', 'totalTime')),
    certificate: null,
    email: str(t.email),
    name: str(t.name),
    clientIdentifier: str(t.clientIdentifier),
  };
}

const keep = <T>(xs: (T | null)[]): T[] => xs.filter((x): x is T => x !== null);

export async function syncCoassemble(ctx: SyncContext): Promise<SyncEntity[]> {
  const complete: SyncEntity[] = [];
  const size = Math.min(ctx.pageSize, COASSEMBLE_MAX_PAGE);
  const c = { ...ctx, pageSize: size };
  const list = async <T>(entity: SyncEntity, label: string, path: (p: number, n: number) => string, parse: (v: unknown) => T | null, write: (rows: T[]) => void, key: (row: unknown) => string | null) => {
    const r = await syncList(c, { entity, scope: '', label, paging: 'page', path, key, prepare: (rows) => keep(rows.map(parse)), write });
    if (r === 'done') complete.push(entity);
  };

  // Soft-deleted courses are hidden from the list unless `deleted=true` (reference §6.6); they are kept in
  // the catalog with their state, so a course can be restored by its title. Whether `deleted=true` lists
  // only deleted courses or all of them is not documented, so both lists are read (upserts make it safe).
  const courseList = (scope: string, label: string, extra: string) =>
    syncList(c, {
      entity: 'coassemble.courses',
      scope,
      label,
      paging: 'page',
      path: (p, n) => `${BASE}/courses${q(p, n, extra)}`,
      prepare: (rows) => keep(rows.map(course)),
      write: (rows) => upsertCourses(c.db, stampOf(c), rows),
    });
  const live = await courseList('', 'Courses', '');
  const deleted = await courseList('deleted', 'Deleted courses', '&deleted=true');
  const courses = live === 'done' && deleted === 'done';
  if (courses) complete.push('coassemble.courses');
  // Retired: the API answers 404 NOT_FOUND (reference §7); recorded as "not available", never an error.
  await list('coassemble.screenTypes', 'Screen types', (p, n) => `${BASE}/screen/types${q(p, n)}`, screenType, (rows) => upsertScreenTypes(c.db, stampOf(c), rows), (v) => screenType(v)?.typeId ?? null);
  // Clients and users have no numeric id (reference §9): their identifiers are their keys.
  await list('coassemble.clients', 'Clients', (p, n) => `${BASE}/clients${q(p, n)}`, client, (rows) => upsertClients(c.db, stampOf(c), rows), (v) => str(obj(v).clientIdentifier));
  await list('coassemble.users', 'Users', (p, n) => `${BASE}/users${q(p, n)}`, user, (rows) => upsertLearners(c.db, stampOf(c), rows), (v) => str(obj(v).identifier));

  let trackingsComplete = true;
  const titles = new Map(
    (c.db.prepare(`SELECT course_id, title FROM synced_courses WHERE connection_id = ?`).all(c.connection.id) as { course_id: string; title: string }[]).map((r) => [r.course_id, r.title]),
  );
  for (const courseId of courseIdsOfRun(c.db, c.connection.id, c.runId)) {
    const r = await syncList(c, {
      entity: 'coassemble.trackings',
      scope: courseId,
      label: `Trackings · ${titles.get(courseId) ?? courseId}`,
      paging: 'page',
      path: (p, n) => `${BASE}/trackings${q(p, n, `&id=${encodeURIComponent(courseId)}`)}`,
      prepare: (rows) => keep(rows.map((v) => tracking(courseId, v))),
      write: (rows) => {
        const s = stampOf(c);
        upsertEnrolments(c.db, s, rows);
        fillLearnersFromTrackings(c.db, s, rows);
      },
    });
    if (r !== 'done') trackingsComplete = false;
  }
  // Only a live list read to its end unchanged names every course: one that changed or was not offered
  // may have missed a course, whose trackings were then not read, so they are not pruned on its strength.
  if (trackingsComplete && live === 'done') complete.push('coassemble.trackings');
  return complete;
}
