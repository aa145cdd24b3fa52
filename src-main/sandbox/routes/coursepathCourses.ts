// Coursepath courses (reference coursepath §7 rows 1–3, 7): lists take offset/limit and return bare arrays.
// Default page sizes are per endpoint (100/250/500, which one is [GAP]): courses 100, course members 250.
import { json, type Reply } from '../http/reply';
import { cpPage, slice } from '../pagination';
import type { Ctx, Route } from '../router';
import type { CpCourse, CpMember } from '../state/types';
import { courseParam, isAdmin, isReply, readableMember } from './coursepathAccess';
import { filterMembers, memberJson } from './coursepathMembers';

export function courseJson(c: CpCourse) {
  return {
    id: c.id,
    name: c.name,
    title: c.name,
    description: c.description,
    code: c.code,
    language: c.language,
    status: c.status,
    duration: c.duration,
    created: c.created,
    updated: c.updated,
  };
}

function coursesOf(ctx: Ctx, memberId: number): CpCourse[] {
  const s = ctx.state.coursepath;
  return [...s.courses.values()].filter((c) => s.courseMembers.has(`${c.id}:${memberId}`));
}

/** GET /courses: all courses for an admin; a learner sees the courses they are enrolled in. */
function listCourses(ctx: Ctx): Reply {
  const p = cpPage(ctx.query, 100);
  if (!p.ok) return p.reply;
  const rows = isAdmin(ctx) ? [...ctx.state.coursepath.courses.values()] : coursesOf(ctx, ctx.actor?.id ?? -1);
  return json(200, slice(rows, p).map(courseJson));
}

function getCourse(ctx: Ctx): Reply {
  ctx.note.identifier = ctx.params.courseId;
  const c = courseParam(ctx);
  return isReply(c) ? c : json(200, courseJson(c));
}

function memberCourses(ctx: Ctx): Reply {
  const m = readableMember(ctx);
  if (isReply(m)) return m;
  const p = cpPage(ctx.query, 100);
  if (!p.ok) return p.reply;
  return json(200, slice(coursesOf(ctx, m.id), p).map(courseJson));
}

/** GET /courses/{courseId}/members: members in the course; the member filters apply (§8.1). */
function courseMembers(ctx: Ctx): Reply {
  ctx.note.identifier = ctx.params.courseId;
  const c = courseParam(ctx);
  if (isReply(c)) return c;
  const p = cpPage(ctx.query, 250);
  if (!p.ok) return p.reply;
  const s = ctx.state.coursepath;
  const enrolled: CpMember[] = [];
  for (const m of s.members.values()) if (s.courseMembers.has(`${c.id}:${m.id}`)) enrolled.push(m);
  return json(200, slice(filterMembers(enrolled, ctx.query), p).map(memberJson));
}

export const coursepathCourseRoutes: Route[] = [
  { method: 'GET', path: '/courses', handler: listCourses },
  { method: 'GET', path: '/courses/:courseId', handler: getCourse },
  { method: 'GET', path: '/members/:memberId/courses', handler: memberCourses },
  { method: 'GET', path: '/courses/:courseId/members', handler: courseMembers, admin: true },
];
