// GET /programs: a list of the academy's programs. Not in seed 002's endpoint list [GAP], though programs
// are resources there (enrolment paths, webhook events). The sandbox serves it so program lookups (title →
// id) can be tried; a real academy that answers 404 gets its programs recorded "not available" by a sync,
// and a program lookup then says the catalog has no programs.
import { json, type Reply } from '../http/reply';
import { cpPage, slice } from '../pagination';
import type { Ctx, Route } from '../router';
import type { CpProgram } from '../state/types';

function programJson(p: CpProgram) {
  return { id: p.id, name: p.name, title: p.name, description: p.description, courseIds: p.courseIds, created: p.created };
}

function listPrograms(ctx: Ctx): Reply {
  const p = cpPage(ctx.query, 100);
  if (!p.ok) return p.reply;
  return json(200, slice([...ctx.state.coursepath.programs.values()], p).map(programJson));
}

export const coursepathProgramRoutes: Route[] = [{ method: 'GET', path: '/programs', handler: listPrograms, admin: true }];
