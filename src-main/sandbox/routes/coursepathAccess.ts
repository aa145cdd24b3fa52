// Who may see what in Coursepath: every call is made on behalf of the member named in the JWT (§2a);
// academy admins may do everything, a learner only reads their own member, courses, groups and results [INF].
import { cpError, type Reply } from '../http/reply';
import type { Ctx } from '../router';
import type { CpCourse, CpMember, CpProgram } from '../state/types';
import { findMember } from './coursepathMembers';

export function isAdmin(ctx: Ctx): boolean {
  return ctx.actor?.role === 'admin';
}

/** The member in `:memberId` if the actor may read it, else the error reply. */
export function readableMember(ctx: Ctx): CpMember | Reply {
  ctx.note.identifier = ctx.params.memberId;
  const m = findMember(ctx.state.coursepath, ctx.params.memberId);
  if (!m) return cpError(404, 'not_found', 'Member not found');
  if (!isAdmin(ctx) && ctx.actor?.id !== m.id) return cpError(403, 'forbidden', 'You may not view this member');
  return m;
}

export function courseParam(ctx: Ctx): CpCourse | Reply {
  const t = ctx.params.courseId;
  const c = t && /^\d+$/.test(t) ? ctx.state.coursepath.courses.get(Number(t)) : undefined;
  return c ?? cpError(404, 'not_found', 'Course not found');
}

export function programParam(ctx: Ctx): CpProgram | Reply {
  const t = ctx.params.programId;
  const p = t && /^\d+$/.test(t) ? ctx.state.coursepath.programs.get(Number(t)) : undefined;
  return p ?? cpError(404, 'not_found', 'Program not found');
}

export function memberParam(ctx: Ctx): CpMember | Reply {
  ctx.note.identifier = ctx.params.memberId;
  return findMember(ctx.state.coursepath, ctx.params.memberId) ?? cpError(404, 'not_found', 'Member not found');
}

export function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && 'status' in x && ('json' in x || 'text' in x) && !('id' in x);
}
