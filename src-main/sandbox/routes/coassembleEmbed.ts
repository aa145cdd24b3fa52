// Coassemble signed course URLs (reference coassemble §6.4) and AI course generation (§6.12, §6.13).
import { createHmac } from 'node:crypto';
import { caError, json, type Reply } from '../http/reply';
import { mulberry32 } from '../prng';
import { bodyObject, type Ctx, type Route } from '../router';
import { iso, makeScreens, slug } from '../state/seedData';
import type { CaCourse } from '../state/types';
import { courseJson, parseCourseId } from './coassembleCourses';
import { ensureClient, ensureUser } from './coassembleIdentities';

const THREE_HOURS_S = 3 * 3600;

function optionalString(b: Record<string, unknown>, name: string): string | null | Reply {
  const v = b[name];
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : caError(400, `${name} must be a string`);
}

function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && 'status' in x;
}

function newDraftCourse(ctx: Ctx, title: string, screenCount: number, identifier: string | null, clientIdentifier: string | null): CaCourse {
  const s = ctx.state.coassemble;
  const id = s.nextCourseId;
  s.nextCourseId += 1 + (id % 5);
  const screens = makeScreens(mulberry32(id), title, screenCount, s.nextScreenId);
  s.nextScreenId += screens.length;
  const at = iso(ctx.now);
  const course: CaCourse = {
    id, key: `${slug(title) || 'course'}-${id}`, title, description: '', screens, identifier, clientIdentifier,
    created: at, updated: at, published: null, deleted: null, revision: 0, publishedContent: null, hasDraftChanges: true,
  };
  s.courses.set(id, course);
  return course;
}

/** A signed player/builder URL: its last path segment is a JWT with a numeric `course` claim, exp = now + 3 h (§6.4, §19.7). */
function signedUrl(ctx: Ctx, action: string, courseId: number, identifier: string, clientIdentifier: string | null): string {
  const iat = Math.floor(ctx.now / 1000);
  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const p = Buffer.from(JSON.stringify({ course: courseId, action, identifier, clientIdentifier, iat, exp: iat + THREE_HOURS_S })).toString('base64url');
  const sig = createHmac('sha256', ctx.embedSecret).update(`${h}.${p}`).digest('base64url');
  return `${ctx.baseUrl}/embed/${action}/${h}.${p}.${sig}`;
}

/**
 * Shared by POST /embed/course (current, `courseId`) and POST /course/url (deprecated, `id`):
 * `action` view|edit and `identifier` required; the course id is required for view; `options`, when
 * present, must be an object (§3.1); edit without a course id creates a draft course owned by the caller.
 * Users and clients named here come into existence implicitly. Answers the URL as text/plain.
 */
function embed(ctx: Ctx, idField: 'courseId' | 'id'): Reply {
  if (Array.isArray(ctx.body)) return caError(400, 'Request body must be an object');
  const b = bodyObject(ctx);
  const { action, identifier, options, themeId } = b;
  if (action !== 'view' && action !== 'edit') return caError(400, 'action must be one of view, edit');
  if (typeof identifier !== 'string' || identifier.trim() === '') return caError(400, 'identifier is required');
  ctx.note.identifier = identifier;
  const clientIdentifier = optionalString(b, 'clientIdentifier');
  if (isReply(clientIdentifier)) return clientIdentifier;
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    return caError(400, 'options must be an object');
  }
  if (themeId !== undefined && themeId !== null && typeof themeId !== 'number') return caError(400, 'themeId must be a number');
  const rawId = b[idField];
  let courseId: number | null = null;
  if (rawId !== undefined && rawId !== null) {
    if (typeof rawId !== 'number' || !Number.isInteger(rawId)) return caError(400, `${idField} must be a number`);
    courseId = rawId;
  }
  const s = ctx.state.coassemble;
  if (courseId === null) {
    if (action === 'view') return caError(400, `${idField} is required when action is view`);
    courseId = newDraftCourse(ctx, 'Untitled course', 1, identifier, clientIdentifier).id;
  } else {
    const c = s.courses.get(courseId);
    if (!c || c.deleted !== null) return caError(404, 'Course not found');
  }
  ensureUser(s, identifier, clientIdentifier, ctx.now);
  if (clientIdentifier) ensureClient(s, clientIdentifier, ctx.now);
  return { status: 200, text: signedUrl(ctx, action, courseId, identifier, clientIdentifier) };
}

/** GET /course/{action}?id=&identifier= — the oldest, deprecated form (§6.4a). */
function embedByQuery(ctx: Ctx): Reply {
  const action = ctx.params.action;
  const id = ctx.query.get('id');
  const body: Record<string, unknown> = { action, identifier: ctx.query.get('identifier') ?? undefined };
  const cid = ctx.query.get('clientIdentifier');
  if (cid) body.clientIdentifier = cid;
  if (id) {
    const n = parseCourseId(id);
    if (n === null) return caError(400, 'id must be a number');
    body.id = n;
  }
  return embed({ ...ctx, body }, 'id');
}

/**
 * POST /generate/course (current) and /course/generate (legacy): all six of prompt, audience, familiarity,
 * tone, screenCount, identifier are required (§6.13, 400 otherwise); the created draft course is returned
 * synchronously (201).
 */
function generate(ctx: Ctx): Reply {
  if (Array.isArray(ctx.body)) return caError(400, 'Request body must be an object');
  const b = bodyObject(ctx);
  for (const name of ['prompt', 'audience', 'familiarity', 'tone', 'identifier']) {
    const v = b[name];
    if (typeof v !== 'string' || v.trim() === '') return caError(400, `${name} is required`);
  }
  const { screenCount } = b;
  // §6.13 says only "number, required: approximate number of screens"; no bound is documented. The
  // sandbox refuses 0 as the real LMS may (the product warns of a 0 before sending: the bound is
  // unknown), says the refusal is its own, and makes at most 50 screens of a larger count (it is
  // "approximate", and a huge count must not fill this process's memory).
  if (typeof screenCount !== 'number' || !Number.isInteger(screenCount)) {
    return caError(400, 'screenCount is required and must be a whole number');
  }
  if (screenCount < 1) {
    return caError(400, 'screenCount must be at least 1 (the sandbox refuses it; Coassemble documents no lower bound)');
  }
  const clientIdentifier = optionalString(b, 'clientIdentifier');
  if (isReply(clientIdentifier)) return clientIdentifier;
  const identifier = b.identifier as string;
  ctx.note.identifier = identifier;
  const prompt = (b.prompt as string).trim().replace(/^(create|make|write|build)\s+(a|an)\s+course\s+(about|on)\s+/i, '');
  const title = (prompt.charAt(0).toUpperCase() + prompt.slice(1)).slice(0, 80);
  const s = ctx.state.coassemble;
  ensureUser(s, identifier, clientIdentifier, ctx.now);
  const course = newDraftCourse(ctx, title, Math.min(screenCount, 50), identifier, clientIdentifier);
  course.description = `For ${b.audience as string} (${b.familiarity as string}), in a ${b.tone as string} tone.`;
  return json(201, courseJson(s, course));
}

export const coassembleEmbedRoutes: Route[] = [
  { method: 'POST', path: '/embed/course', handler: (ctx) => embed(ctx, 'courseId') },
  { method: 'POST', path: '/course/url', handler: (ctx) => embed(ctx, 'id') },
  { method: 'POST', path: '/generate/course', handler: generate },
  { method: 'POST', path: '/course/generate', handler: generate },
  { method: 'GET', path: '/course/:action', handler: embedByQuery },
];
