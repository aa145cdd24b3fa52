// Coursepath course and program enrolment (reference coursepath §7 rows 10–16, §8.6, §8.7).
import { cpError, json, type Reply } from '../http/reply';
import type { Ctx, Route } from '../router';
import { iso } from '../state/seedData';
import type { CpCourse, CpCourseMember, CpMember, CpProgram } from '../state/types';
import { courseParam, isReply, memberParam, programParam, readableMember } from './coursepathAccess';
import { createMember } from './coursepathMembers';
import { alreadyThere } from './coursepathRepeats';

/** The learner's result: score, success, completed date and certificate (seed 002), plus progress and dates. */
export function resultJson(r: CpCourseMember) {
  return {
    courseId: r.courseId,
    memberId: r.memberId,
    role: r.role,
    status: r.completed ? 'completed' : r.started ? 'in_progress' : 'not_started',
    enrolled: r.enrolled,
    started: r.started,
    completed: r.completed,
    progress: r.progress,
    score: r.score,
    success: r.success,
    certificate: r.certificate,
  };
}

function enrolCourse(ctx: Ctx, c: CpCourse, m: CpMember): { created: boolean; row: CpCourseMember } {
  const key = `${c.id}:${m.id}`;
  const s = ctx.state.coursepath;
  const existing = s.courseMembers.get(key);
  if (existing) return { created: false, row: existing };
  const row: CpCourseMember = {
    courseId: c.id, memberId: m.id, role: 'learner', enrolled: iso(ctx.now), started: null, completed: null,
    progress: 0, score: null, success: null, certificate: null,
  };
  s.courseMembers.set(key, row);
  return { created: true, row };
}

function enrolProgram(ctx: Ctx, p: CpProgram, m: CpMember): boolean {
  const key = `${p.id}:${m.id}`;
  const s = ctx.state.coursepath;
  if (s.programMembers.has(key)) return false;
  s.programMembers.set(key, { programId: p.id, memberId: m.id, role: 'learner', enrolled: iso(ctx.now) });
  return true;
}

/** POST /courses/{courseId}/members: create the member (or take the existing one by email) and add as learner. */
function createInCourse(ctx: Ctx): Reply {
  const c = courseParam(ctx);
  if (isReply(c)) return c;
  const r = createMember(ctx);
  if (!r.member || r.reply.status === 409) return r.reply;
  ctx.note.identifier = String(r.member.id);
  enrolCourse(ctx, c, r.member);
  return r.reply;
}

function createInProgram(ctx: Ctx): Reply {
  const p = programParam(ctx);
  if (isReply(p)) return p;
  const r = createMember(ctx);
  if (!r.member || r.reply.status === 409) return r.reply;
  ctx.note.identifier = String(r.member.id);
  enrolProgram(ctx, p, r.member);
  return r.reply;
}

function getResult(ctx: Ctx): Reply {
  const c = courseParam(ctx);
  if (isReply(c)) return c;
  const m = readableMember(ctx);
  if (isReply(m)) return m;
  const row = ctx.state.coursepath.courseMembers.get(`${c.id}:${m.id}`);
  return row ? json(200, resultJson(row)) : cpError(404, 'not_found', 'Member is not enrolled in this course');
}

/** POST …/coursemember: enrol as learner; 201, or for a member already enrolled see `alreadyThere`. */
function postCourseMember(ctx: Ctx): Reply {
  const c = courseParam(ctx);
  if (isReply(c)) return c;
  const m = memberParam(ctx);
  if (isReply(m)) return m;
  const { created, row } = enrolCourse(ctx, c, m);
  if (!created) return alreadyThere(ctx, 'already_enrolled', 'Member is already enrolled in this course') ?? json(200, resultJson(row));
  return json(201, resultJson(row));
}

/** DELETE …/coursemember: removes the member from the course and deletes all their learning results. */
function deleteCourseMember(ctx: Ctx): Reply {
  const c = courseParam(ctx);
  if (isReply(c)) return c;
  const m = memberParam(ctx);
  if (isReply(m)) return m;
  const key = `${c.id}:${m.id}`;
  if (!ctx.state.coursepath.courseMembers.delete(key)) return cpError(404, 'not_found', 'Member is not enrolled in this course');
  return json(200, { courseId: c.id, memberId: m.id, deleted: true });
}

function postProgramMember(ctx: Ctx): Reply {
  const p = programParam(ctx);
  if (isReply(p)) return p;
  const m = memberParam(ctx);
  if (isReply(m)) return m;
  const created = enrolProgram(ctx, p, m);
  const row = ctx.state.coursepath.programMembers.get(`${p.id}:${m.id}`);
  if (!created) return alreadyThere(ctx, 'already_in_program', 'Member is already in this program') ?? json(200, row);
  return json(201, row);
}

function deleteProgramMember(ctx: Ctx): Reply {
  const p = programParam(ctx);
  if (isReply(p)) return p;
  const m = memberParam(ctx);
  if (isReply(m)) return m;
  if (!ctx.state.coursepath.programMembers.delete(`${p.id}:${m.id}`)) {
    return cpError(404, 'not_found', 'Member is not in this program');
  }
  return json(200, { programId: p.id, memberId: m.id, deleted: true });
}

export const coursepathEnrolmentRoutes: Route[] = [
  { method: 'POST', path: '/courses/:courseId/members', handler: createInCourse, admin: true },
  { method: 'POST', path: '/programs/:programId/members', handler: createInProgram, admin: true },
  { method: 'GET', path: '/courses/:courseId/members/:memberId/coursemember', handler: getResult },
  { method: 'POST', path: '/courses/:courseId/members/:memberId/coursemember', handler: postCourseMember, admin: true, write: 'coursepath.courses.enrol' },
  { method: 'DELETE', path: '/courses/:courseId/members/:memberId/coursemember', handler: deleteCourseMember, admin: true },
  { method: 'POST', path: '/programs/:programId/members/:memberId/programmember', handler: postProgramMember, admin: true, write: 'coursepath.programs.add' },
  { method: 'DELETE', path: '/programs/:programId/members/:memberId/programmember', handler: deleteProgramMember, admin: true },
];
