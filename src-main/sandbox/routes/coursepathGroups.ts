// Coursepath groups (reference coursepath §7 rows 20–24, §8.8). Membership changes by group `name`.
// [GAP] choices: adding to an unknown group name creates the group; DELETE reads `name` from the query
// string or the body; DELETE without `name` removes the member from ALL groups (as documented).
import { cpError, json, type Reply } from '../http/reply';
import { cpPage, slice } from '../pagination';
import { bodyObject, field, type Ctx, type Route } from '../router';
import { iso } from '../state/seedData';
import type { CpGroup, CpMember } from '../state/types';
import { isReply, memberParam, readableMember } from './coursepathAccess';
import { filterMembers, memberJson } from './coursepathMembers';
import { alreadyThere } from './coursepathRepeats';

function groupJson(g: CpGroup) {
  return { id: g.id, name: g.name, memberCount: g.memberIds.size, created: g.created };
}

function groupsOf(ctx: Ctx, memberId: number): CpGroup[] {
  return [...ctx.state.coursepath.groups.values()].filter((g) => g.memberIds.has(memberId));
}

function findByName(ctx: Ctx, name: string): CpGroup | undefined {
  const n = name.toLowerCase();
  for (const g of ctx.state.coursepath.groups.values()) if (g.name.toLowerCase() === n) return g;
  return undefined;
}

function listGroups(ctx: Ctx): Reply {
  const p = cpPage(ctx.query, 100);
  if (!p.ok) return p.reply;
  return json(200, slice([...ctx.state.coursepath.groups.values()], p).map(groupJson));
}

function groupMembers(ctx: Ctx): Reply {
  ctx.note.identifier = ctx.params.groupId;
  const t = ctx.params.groupId ?? '';
  const g = /^\d+$/.test(t) ? ctx.state.coursepath.groups.get(Number(t)) : undefined;
  if (!g) return cpError(404, 'not_found', 'Group not found');
  const p = cpPage(ctx.query, 250);
  if (!p.ok) return p.reply;
  const members: CpMember[] = [];
  for (const id of g.memberIds) {
    const m = ctx.state.coursepath.members.get(id);
    if (m) members.push(m);
  }
  return json(200, slice(filterMembers(members, ctx.query), p).map(memberJson));
}

function memberGroups(ctx: Ctx): Reply {
  const m = readableMember(ctx);
  if (isReply(m)) return m;
  const p = cpPage(ctx.query, 100);
  if (!p.ok) return p.reply;
  return json(200, slice(groupsOf(ctx, m.id), p).map(groupJson));
}

/**
 * POST /members/{memberId}/groups with the required `name`. 201 when added; when already a member, 200 by
 * default and 409 with `strictRepeats` (the same unknown as a second enrolment: `alreadyThere`).
 */
function addToGroup(ctx: Ctx): Reply {
  const m = memberParam(ctx);
  if (isReply(m)) return m;
  const name = field(ctx, 'name');
  if (typeof name !== 'string' || name.trim() === '') return cpError(400, 'missing_parameter', 'name is required');
  let g = findByName(ctx, name.trim());
  if (!g) {
    const s = ctx.state.coursepath;
    g = { id: s.nextGroupId, name: name.trim(), memberIds: new Set(), created: iso(ctx.now) };
    s.nextGroupId += 1 + (g.id % 3);
    s.groups.set(g.id, g);
  }
  if (g.memberIds.has(m.id)) return alreadyThere(ctx, 'already_in_group', `Member is already in group ${g.name}`) ?? json(200, groupJson(g));
  g.memberIds.add(m.id);
  return json(201, groupJson(g));
}

/**
 * Where DELETE reads `name` is undocumented (evidence.md, Unknown): `groupNameFrom` chooses — the body only
 * (default), the query string only, or either. A name in the place not read is ignored, as a real server
 * would ignore it.
 */
function groupNameOf(ctx: Ctx): unknown {
  const from = ctx.opts.groupNameFrom;
  const inBody = ctx.bodyType === 'none' ? undefined : bodyObject(ctx).name;
  const inQuery = ctx.query.get('name') ?? undefined;
  if (from === 'body') return inBody;
  if (from === 'query') return inQuery;
  return inBody ?? inQuery;
}

/** DELETE /members/{memberId}/groups: with `name` from that group (404 if not in it); without, from all groups (seed 002). */
function removeFromGroups(ctx: Ctx): Reply {
  const m = memberParam(ctx);
  if (isReply(m)) return m;
  const name = groupNameOf(ctx);
  if (name !== undefined && name !== null && typeof name !== 'string') return cpError(400, 'invalid_parameter', 'name must be a string');
  if (typeof name === 'string' && name.trim() !== '') {
    const g = findByName(ctx, name.trim());
    if (!g || !g.memberIds.delete(m.id)) return cpError(404, 'not_found', `Member is not in group ${name}`);
  } else {
    for (const g of groupsOf(ctx, m.id)) g.memberIds.delete(m.id);
  }
  return json(200, groupsOf(ctx, m.id).map(groupJson));
}

export const coursepathGroupRoutes: Route[] = [
  { method: 'GET', path: '/groups', handler: listGroups, admin: true },
  { method: 'GET', path: '/groups/:groupId/members', handler: groupMembers, admin: true },
  { method: 'GET', path: '/members/:memberId/groups', handler: memberGroups },
  { method: 'POST', path: '/members/:memberId/groups', handler: addToGroup, admin: true, write: 'coursepath.groups.add' },
  { method: 'DELETE', path: '/members/:memberId/groups', handler: removeFromGroups, admin: true, write: 'coursepath.groups.remove' },
];
