// Coursepath's read entities (reference coursepath.md §4, §7, §8.1, §8.7, §8.8): courses, members, groups
// with their members, and each course's members with their result (score, success, completed date,
// certificate), which takes one GET per course member. Lists take `offset`/`limit` and answer bare arrays;
// the largest `limit` the API allows is not documented, so pages ask for 100, the smallest documented default.
import type { SyncEntity } from '../../src-shared/sync/types';
import {
  courseIdsOfRun,
  groupIdsOfRun,
  upsertCourses,
  upsertEnrolments,
  upsertGroupMembers,
  upsertGroups,
  upsertLearners,
  upsertPrograms,
  type CourseRecord,
  type EnrolmentRecord,
  type GroupRecord,
  type LearnerRecord,
  type ProgramRecord,
} from '../db/sync';
import { SyncFailure } from './syncFetcher';
import { bool, first, mapLimit, num, obj, stampOf, str, syncList, time, type SyncContext } from './syncContext';

const BASE = '/api/v1';
const q = (offset: number, limit: number) => `?offset=${offset}&limit=${limit}`;
export const COURSEPATH_PAGE = 100;

function course(v: unknown): CourseRecord | null {
  const c = obj(v);
  const id = str(c.id);
  if (id === null) return null;
  return {
    courseId: id,
    title: str(first(c, 'name', 'title')) ?? `Course ${id}`,
    description: str(c.description),
    status: str(c.status),
    clientIdentifier: null,
    createdAt: time(c.created),
    updatedAt: time(c.updated),
    publishedAt: null,
    screensCount: null,
  };
}

function member(v: unknown): LearnerRecord | null {
  const m = obj(v);
  const id = str(m.id);
  if (id === null) return null;
  const name = str(m.name) ?? ([str(m.firstname), str(m.lastname)].filter(Boolean).join(' ') || null);
  return {
    learnerId: id,
    email: str(m.email),
    name,
    company: str(m.company),
    department: str(m.department),
    clientIdentifier: null,
    country: str(m.country),
    externalId: str(m.externalId),
    role: str(m.role),
    metadataJson: null,
    createdAt: time(m.created),
    updatedAt: time(m.updated),
  };
}

function group(v: unknown): GroupRecord | null {
  const g = obj(v);
  const id = str(g.id);
  const name = str(g.name);
  if (id === null || name === null) return null;
  return { groupId: id, name, memberCount: num(g.memberCount), createdAt: time(g.created) };
}

function program(v: unknown): ProgramRecord | null {
  const p = obj(v);
  const id = str(p.id);
  if (id === null) return null;
  return { programId: id, title: str(first(p, 'name', 'title')) ?? `Program ${id}` };
}

function result(courseId: string, memberId: string, v: unknown): EnrolmentRecord {
  const r = obj(v);
  const completedAt = time(first(r, 'completed', 'completedAt', 'completed_at'));
  const startedAt = time(first(r, 'started', 'startedAt', 'started_at'));
  return {
    recordId: `${courseId}:${memberId}`,
    courseId,
    learnerId: memberId,
    status: str(r.status) ?? (completedAt !== null ? 'completed' : startedAt !== null ? 'in_progress' : 'not_started'),
    progress: num(r.progress),
    score: num(r.score),
    passed: bool(r.success),
    enrolledAt: time(first(r, 'enrolled', 'enrolledAt')),
    startedAt,
    completedAt,
    totalTimeS: null,
    certificate: str(r.certificate),
  };
}

/**
 * A listed member whose result answered 404: removed from the course after the list was read, or — not
 * known on the real LMS (evidence.md) — someone it has no result for yet. Kept as listed, with no result
 * (enrolled, not started; the reports say how many): leaving them out would raise the course's completion
 * rate on a guess. A member removed meanwhile is dropped by the next sync, as a Coassemble tracking
 * deleted after its page was read is.
 */
export const NO_RESULT = 'no_result';
function noResult(courseId: string, memberId: string): EnrolmentRecord {
  return {
    recordId: `${courseId}:${memberId}`,
    courseId,
    learnerId: memberId,
    status: NO_RESULT,
    progress: null,
    score: null,
    passed: null,
    enrolledAt: null,
    startedAt: null,
    completedAt: null,
    totalTimeS: null,
    certificate: null,
  };
}

const keep = <T>(xs: (T | null)[]): T[] => xs.filter((x): x is T => x !== null);

export async function syncCoursepath(ctx: SyncContext): Promise<SyncEntity[]> {
  const complete: SyncEntity[] = [];
  const c = { ...ctx, pageSize: Math.min(ctx.pageSize, COURSEPATH_PAGE) };
  const done = (entity: SyncEntity, r: 'done' | 'unavailable' | 'changed') => r === 'done' && complete.push(entity);

  const courses = await syncList(c, {
    entity: 'coursepath.courses', scope: '', label: 'Courses', paging: 'offset',
    path: (o, n) => `${BASE}/courses${q(o, n)}`,
    prepare: (rows) => keep(rows.map(course)),
    write: (rows) => upsertCourses(c.db, stampOf(c), rows),
  });
  done('coursepath.courses', courses);
  done('coursepath.members', await syncList(c, {
    entity: 'coursepath.members', scope: '', label: 'Members', paging: 'offset',
    path: (o, n) => `${BASE}/members${q(o, n)}`,
    prepare: (rows) => keep(rows.map(member)),
    write: (rows) => upsertLearners(c.db, stampOf(c), rows),
  }));
  const groups = await syncList(c, {
    entity: 'coursepath.groups', scope: '', label: 'Groups', paging: 'offset',
    path: (o, n) => `${BASE}/groups${q(o, n)}`,
    prepare: (rows) => keep(rows.map(group)),
    write: (rows) => upsertGroups(c.db, stampOf(c), rows),
  });
  done('coursepath.groups', groups);

  // Not in the public endpoint list (reference §7 "[GAP]"): a 404 records programs "not available", and a
  // program lookup then says its catalog has none.
  done('coursepath.programs', await syncList(c, {
    entity: 'coursepath.programs', scope: '', label: 'Programs', paging: 'offset',
    path: (o, n) => `${BASE}/programs${q(o, n)}`,
    prepare: (rows) => keep(rows.map(program)),
    write: (rows) => upsertPrograms(c.db, stampOf(c), rows),
  }));

  let groupsComplete = true;
  for (const groupId of groupIdsOfRun(c.db, c.connection.id, c.runId)) {
    const r = await syncList(c, {
      entity: 'coursepath.groupMembers', scope: groupId, label: `Group members · ${groupId}`, paging: 'offset',
      path: (o, n) => `${BASE}/groups/${encodeURIComponent(groupId)}/members${q(o, n)}`,
      prepare: (rows) => keep(rows.map((v) => str(obj(v).id))),
      write: (ids) => upsertGroupMembers(c.db, stampOf(c), groupId, ids),
    });
    if (r !== 'done') groupsComplete = false;
  }
  // A parent list that changed or was not offered may have missed a group or course, whose members were
  // then not read: they are not pruned on its strength.
  if (groupsComplete && groups === 'done') complete.push('coursepath.groupMembers');

  let resultsComplete = true;
  for (const courseId of courseIdsOfRun(c.db, c.connection.id, c.runId)) {
    const r = await syncList(c, {
      entity: 'coursepath.courseMembers', scope: courseId, label: `Course members · ${courseId}`, paging: 'offset',
      path: (o, n) => `${BASE}/courses/${encodeURIComponent(courseId)}/members${q(o, n)}`,
      // One result per member of the page; a member whose result answers 404 is kept with none (noResult).
      prepare: async (rows) => {
        const ids = keep(rows.map((v) => str(obj(v).id)));
        const results = await mapLimit(ids, c.concurrency, async (memberId) => {
          const res = await c.fetcher.getJson(
            `${BASE}/courses/${encodeURIComponent(courseId)}/members/${encodeURIComponent(memberId)}/coursemember`,
          );
          if (res.kind === 'ok') return result(courseId, memberId, res.body);
          if (res.status === 404) return noResult(courseId, memberId);
          throw new SyncFailure(`Result of member ${memberId} in course ${courseId}: ${res.message}`);
        });
        return results;
      },
      write: (rows) => upsertEnrolments(c.db, stampOf(c), rows),
    });
    if (r !== 'done') resultsComplete = false;
  }
  if (resultsComplete && courses === 'done') complete.push('coursepath.courseMembers');
  return complete;
}
