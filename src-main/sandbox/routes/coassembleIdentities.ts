// Coassemble clients and users (reference coassemble §9). PUT is an upsert (seed 000: "creates the client
// or user if it does not exist"); `metadata` is replaced as a whole, never merged (§9, DOC S4).
// Success statuses are [GAP]: the sandbox answers 200 with the resulting object.
import { caError, json, type Reply } from '../http/reply';
import { caPage, slice } from '../pagination';
import { bodyObject, field, type Ctx, type Route } from '../router';
import { iso } from '../state/seedData';
import type { CaClient, CaUser, CoassembleState } from '../state/types';

const MAX_IDENTIFIER = 255;

export function userJson(u: CaUser) {
  return {
    identifier: u.identifier,
    clientIdentifier: u.clientIdentifier,
    name: u.name,
    email: u.email,
    avatar: u.avatar,
    metadata: u.metadata,
    testMode: u.testMode,
    created: u.created,
    updated: u.updated,
  };
}

function clientJson(s: CoassembleState, c: CaClient) {
  let userCount = 0;
  for (const u of s.users.values()) if (u.clientIdentifier === c.clientIdentifier) userCount++;
  return { clientIdentifier: c.clientIdentifier, metadata: c.metadata, userCount, created: c.created, updated: c.updated };
}

function badIdentifier(id: string): Reply | null {
  if (id.trim() === '') return caError(400, 'identifier must not be empty');
  if (id.length > MAX_IDENTIFIER) return caError(400, `identifier must be at most ${MAX_IDENTIFIER} characters`);
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Identities come into existence implicitly when first used (§9 "Creation" [INF]). */
export function ensureClient(s: CoassembleState, clientIdentifier: string, now: number): CaClient {
  let c = s.clients.get(clientIdentifier);
  if (!c) {
    c = { clientIdentifier, metadata: {}, created: iso(now), updated: iso(now) };
    s.clients.set(clientIdentifier, c);
  }
  return c;
}

export function ensureUser(s: CoassembleState, identifier: string, clientIdentifier: string | null, now: number): CaUser {
  let u = s.users.get(identifier);
  if (!u) {
    u = { identifier, clientIdentifier, name: null, email: null, avatar: null, metadata: {}, testMode: false, created: iso(now), updated: iso(now) };
    s.users.set(identifier, u);
    if (clientIdentifier) ensureClient(s, clientIdentifier, now);
  }
  return u;
}

function putUser(ctx: Ctx): Reply {
  const s = ctx.state.coassemble;
  const identifier = ctx.params.identifier ?? '';
  ctx.note.identifier = identifier;
  const bad = badIdentifier(identifier);
  if (bad) return bad;
  if (Array.isArray(ctx.body)) return caError(400, 'Request body must be an object');
  const b = bodyObject(ctx);
  const { clientIdentifier, metadata, name, avatar, email } = b;
  if (clientIdentifier !== undefined && clientIdentifier !== null && typeof clientIdentifier !== 'string') {
    return caError(400, 'clientIdentifier must be a string');
  }
  if (typeof clientIdentifier === 'string' && badIdentifier(clientIdentifier)) return caError(400, 'clientIdentifier is invalid');
  if (metadata !== undefined && !isPlainObject(metadata)) return caError(400, 'metadata must be an object');
  for (const [k, v] of Object.entries({ name, avatar, email })) {
    if (v !== undefined && v !== null && typeof v !== 'string') return caError(400, `${k} must be a string`);
  }
  const user = ensureUser(s, identifier, null, ctx.now);
  if (clientIdentifier !== undefined) {
    user.clientIdentifier = clientIdentifier;
    if (clientIdentifier) ensureClient(s, clientIdentifier, ctx.now);
  }
  if (metadata !== undefined) user.metadata = { ...metadata }; // replaced, not merged
  if (name !== undefined) user.name = name as string | null;
  if (avatar !== undefined) user.avatar = avatar as string | null;
  if (email !== undefined) user.email = email as string | null;
  user.updated = iso(ctx.now);
  return json(200, userJson(user));
}

function listUsers(ctx: Ctx): Reply {
  const p = caPage(ctx.query);
  if (!p.ok) return p.reply;
  const clientIdentifier = ctx.query.get('clientIdentifier');
  let users = [...ctx.state.coassemble.users.values()];
  if (clientIdentifier) users = users.filter((u) => u.clientIdentifier === clientIdentifier);
  return json(200, slice(users, p).map(userJson));
}

function getUser(ctx: Ctx): Reply {
  const identifier = ctx.params.identifier ?? '';
  ctx.note.identifier = identifier;
  const u = ctx.state.coassemble.users.get(identifier);
  return u ? json(200, userJson(u)) : caError(404, 'User not found');
}

/**
 * DELETE /user/{identifier} "removes all objects associated with the user" (seed 000). Query/body `action`
 * (`reallocate` | `delete` | `ignore`, §9.8 [3P]) says what happens to the courses they own; the default
 * is [GAP] — the sandbox uses `ignore`. `reallocate` needs `reallocateTo`.
 */
function deleteUser(ctx: Ctx): Reply {
  const s = ctx.state.coassemble;
  const identifier = ctx.params.identifier ?? '';
  ctx.note.identifier = identifier;
  const user = s.users.get(identifier);
  if (!user) return caError(404, 'User not found');
  // Without `action` the real default is undocumented (evidence.md, Unknown): `userDeleteDefault` models
  // it, by default as the worst case (the user's courses are deleted).
  const action = field(ctx, 'action') ?? ctx.opts.userDeleteDefault;
  if (action !== 'reallocate' && action !== 'delete' && action !== 'ignore') {
    return caError(400, 'action must be one of reallocate, delete, ignore');
  }
  const reallocateTo = field(ctx, 'reallocateTo');
  if (action === 'reallocate' && (typeof reallocateTo !== 'string' || !reallocateTo)) {
    return caError(400, 'reallocateTo is required when action is reallocate');
  }
  for (const c of s.courses.values()) {
    if (c.identifier !== identifier) continue;
    if (action === 'delete') s.courses.delete(c.id);
    else if (action === 'reallocate') c.identifier = reallocateTo as string;
  }
  for (const t of s.trackings.values()) if (t.identifier === identifier) s.trackings.delete(t.id);
  s.users.delete(identifier);
  return json(200, { identifier, deleted: true });
}

function putClient(ctx: Ctx): Reply {
  const s = ctx.state.coassemble;
  const identifier = ctx.params.identifier ?? '';
  ctx.note.identifier = identifier;
  const bad = badIdentifier(identifier);
  if (bad) return bad;
  if (Array.isArray(ctx.body)) return caError(400, 'Request body must be an object');
  const { metadata } = bodyObject(ctx);
  if (metadata !== undefined && !isPlainObject(metadata)) return caError(400, 'metadata must be an object');
  const client = ensureClient(s, identifier, ctx.now);
  if (metadata !== undefined) client.metadata = { ...metadata }; // replaced, not merged
  client.updated = iso(ctx.now);
  return json(200, clientJson(s, client));
}

function listClients(ctx: Ctx): Reply {
  const p = caPage(ctx.query);
  if (!p.ok) return p.reply;
  const s = ctx.state.coassemble;
  return json(200, slice([...s.clients.values()], p).map((c) => clientJson(s, c)));
}

function getClient(ctx: Ctx): Reply {
  const identifier = ctx.params.identifier ?? '';
  ctx.note.identifier = identifier;
  const s = ctx.state.coassemble;
  const c = s.clients.get(identifier);
  return c ? json(200, clientJson(s, c)) : caError(404, 'Client not found');
}

/** "Delete all objects associated with a clientIdentifier" (§9.4): its users, their trackings, its courses. */
function deleteClient(ctx: Ctx): Reply {
  const s = ctx.state.coassemble;
  const identifier = ctx.params.identifier ?? '';
  ctx.note.identifier = identifier;
  if (!s.clients.has(identifier)) return caError(404, 'Client not found');
  const users = new Set<string>();
  for (const u of s.users.values()) {
    if (u.clientIdentifier === identifier) {
      users.add(u.identifier);
      s.users.delete(u.identifier);
    }
  }
  for (const t of s.trackings.values()) {
    if (t.clientIdentifier === identifier || users.has(t.identifier)) s.trackings.delete(t.id);
  }
  for (const c of s.courses.values()) if (c.clientIdentifier === identifier) s.courses.delete(c.id);
  s.clients.delete(identifier);
  return json(200, { clientIdentifier: identifier, deleted: true, users: users.size });
}

export const coassembleIdentityRoutes: Route[] = [
  { method: 'GET', path: '/users', handler: listUsers },
  { method: 'GET', path: '/user/:identifier', handler: getUser },
  { method: 'PUT', path: '/user/:identifier', handler: putUser, write: 'coassemble.users.upsert' },
  { method: 'DELETE', path: '/user/:identifier', handler: deleteUser },
  { method: 'GET', path: '/clients', handler: listClients },
  { method: 'GET', path: '/client/:identifier', handler: getClient },
  { method: 'PUT', path: '/client/:identifier', handler: putClient, write: 'coassemble.clients.upsert' },
  { method: 'DELETE', path: '/client/:identifier', handler: deleteClient, automate: true },
];
