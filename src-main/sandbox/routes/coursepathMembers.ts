// Coursepath members (reference coursepath §7 rows 4–11, §8.1–8.3, §8.5).
import { cpError, json, type Reply } from '../http/reply';
import { cpPage, slice } from '../pagination';
import { bodyObject, type Ctx, type Route } from '../router';
import { iso } from '../state/seedData';
import type { CoursepathState, CpMember } from '../state/types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Member filters named by seed 002 ("such as"); exact, case-insensitive match [INF]. */
export const MEMBER_FILTERS = ['email', 'company', 'department', 'country', 'externalId', 'association', 'identification', 'registration'] as const;
const OPTIONAL_FIELDS = ['company', 'department', 'country', 'externalId', 'association', 'identification', 'registration'] as const;

export function memberJson(m: CpMember) {
  return {
    id: m.id,
    email: m.email,
    name: m.name,
    firstname: m.firstname,
    lastname: m.lastname,
    company: m.company,
    department: m.department,
    country: m.country,
    externalId: m.externalId,
    association: m.association,
    identification: m.identification,
    registration: m.registration,
    role: m.role,
    created: m.created,
    updated: m.updated,
    invited: m.invited,
    activated: m.activated,
  };
}

function capital(word: string): string {
  return word ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** "If you don't supply a name, we will derive the member's name from their email address" (seed 002). */
export function nameFromEmail(email: string): { firstname: string; lastname: string } {
  const local = email.split('@')[0] ?? email;
  const words = local.split(/[._\-+]+/).filter(Boolean).map((w) => capital(w.replace(/\d+/g, '') || w));
  return { firstname: words[0] ?? local, lastname: words.slice(1).join(' ') };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function findMember(s: CoursepathState, idText: string | undefined): CpMember | undefined {
  if (!idText || !/^\d+$/.test(idText)) return undefined;
  return s.members.get(Number(idText));
}

export function memberByEmail(s: CoursepathState, email: string): CpMember | undefined {
  const id = s.memberIdsByEmail.get(email.toLowerCase());
  return id === undefined ? undefined : s.members.get(id);
}

/** Applies name/firstname/lastname and the optional profile fields present in `b`. */
function applyProfile(m: CpMember, b: Record<string, unknown>): void {
  const name = str(b.name);
  const first = str(b.firstname);
  const last = str(b.lastname);
  if (name) {
    const [f, ...rest] = name.split(/\s+/);
    m.firstname = f ?? name;
    m.lastname = rest.join(' ');
  }
  if (first !== undefined) m.firstname = first;
  if (last !== undefined) m.lastname = last;
  if (name || first !== undefined || last !== undefined) m.name = name && first === undefined && last === undefined ? name : `${m.firstname} ${m.lastname}`.trim();
  for (const k of OPTIONAL_FIELDS) {
    const v = str(b[k]);
    if (v !== undefined) m[k] = v === '' ? null : v;
  }
}

export type CreateResult = { reply: Reply; member?: CpMember };

/**
 * Create a member (`email` is the only required parameter, seed 002). An email that already exists is
 * undocumented (reference §8.3 [GAP]); the help centre calls email the member's key identifier (S10), so by
 * default the sandbox answers 200 with the existing member unchanged — create is then safe to retry — and
 * with `duplicateMember: 'conflict'` it answers 409 `{"error":"member_exists",…,"id":…}`.
 */
export function createMember(ctx: Ctx): CreateResult {
  const s = ctx.state.coursepath;
  if (Array.isArray(ctx.body)) return { reply: cpError(400, 'invalid_body', 'Request body must be an object') };
  const b = bodyObject(ctx);
  const email = str(b.email);
  if (!email) return { reply: cpError(400, 'missing_parameter', 'email is required') };
  if (!EMAIL.test(email)) return { reply: cpError(400, 'invalid_parameter', 'email is not a valid email address') };
  const existing = memberByEmail(s, email);
  if (existing) {
    if (ctx.opts.duplicateMember === 'conflict') {
      return { reply: json(409, { error: 'member_exists', message: `A member with email ${email} already exists`, id: existing.id }), member: existing };
    }
    return { reply: json(200, memberJson(existing)), member: existing };
  }
  const at = iso(ctx.now);
  const derived = nameFromEmail(email);
  const m: CpMember = {
    id: s.nextMemberId,
    email,
    name: `${derived.firstname} ${derived.lastname}`.trim(),
    firstname: derived.firstname,
    lastname: derived.lastname,
    company: null,
    department: null,
    country: null,
    externalId: null,
    association: null,
    identification: null,
    registration: null,
    role: 'learner',
    created: at,
    updated: at,
    invited: null,
    activated: null,
  };
  s.nextMemberId += 1 + (s.nextMemberId % 7); // realistic gaps between ids
  applyProfile(m, b);
  s.members.set(m.id, m);
  s.memberIdsByEmail.set(email.toLowerCase(), m.id);
  return { reply: json(201, memberJson(m)), member: m };
}

function postMember(ctx: Ctx): Reply {
  const r = createMember(ctx);
  if (r.member) ctx.note.identifier = String(r.member.id);
  return r.reply;
}

/** POST /members/{memberId}: partial update — parameters not sent stay unchanged (§8.5 [INF]). */
function updateMember(ctx: Ctx): Reply {
  const s = ctx.state.coursepath;
  ctx.note.identifier = ctx.params.memberId;
  const m = findMember(s, ctx.params.memberId);
  if (!m) return cpError(404, 'not_found', 'Member not found');
  if (Array.isArray(ctx.body)) return cpError(400, 'invalid_body', 'Request body must be an object');
  const b = bodyObject(ctx);
  const email = str(b.email);
  if (email !== undefined && email.toLowerCase() !== m.email.toLowerCase()) {
    if (!EMAIL.test(email)) return cpError(400, 'invalid_parameter', 'email is not a valid email address');
    if (memberByEmail(s, email)) return cpError(409, 'member_exists', `A member with email ${email} already exists`);
    s.memberIdsByEmail.delete(m.email.toLowerCase());
    s.memberIdsByEmail.set(email.toLowerCase(), m.id);
    m.email = email;
  }
  applyProfile(m, b);
  m.updated = iso(ctx.now);
  return json(200, memberJson(m));
}

export function filterMembers(members: Iterable<CpMember>, q: URLSearchParams): CpMember[] {
  const filters = MEMBER_FILTERS.flatMap((k) => {
    const v = q.get(k);
    return v === null || v === '' ? [] : [[k, v.toLowerCase()] as const];
  });
  const out: CpMember[] = [];
  for (const m of members) {
    if (filters.every(([k, v]) => (m[k] ?? '').toLowerCase() === v)) out.push(m);
  }
  return out;
}

function listMembers(ctx: Ctx): Reply {
  const p = cpPage(ctx.query, 500);
  if (!p.ok) return p.reply;
  return json(200, slice(filterMembers(ctx.state.coursepath.members.values(), ctx.query), p).map(memberJson));
}

function me(ctx: Ctx): Reply {
  return ctx.actor ? json(200, memberJson(ctx.actor)) : cpError(401, 'unauthorized', 'Unknown member');
}

function getMember(ctx: Ctx): Reply {
  ctx.note.identifier = ctx.params.memberId;
  const m = findMember(ctx.state.coursepath, ctx.params.memberId);
  if (!m) return cpError(404, 'not_found', 'Member not found');
  if (ctx.actor?.role !== 'admin' && ctx.actor?.id !== m.id) return cpError(403, 'forbidden', 'You may not view this member');
  return json(200, memberJson(m));
}

export const coursepathMemberRoutes: Route[] = [
  { method: 'GET', path: '/members/me', handler: me },
  { method: 'GET', path: '/members', handler: listMembers, admin: true },
  { method: 'GET', path: '/members/:memberId', handler: getMember },
  { method: 'POST', path: '/members', handler: postMember, admin: true, write: 'coursepath.members.create' },
  { method: 'POST', path: '/members/:memberId', handler: updateMember, admin: true, write: 'coursepath.members.update' },
];
