// Coassemble trackings (reference coassemble §8) and the retired screen types (§7).
import { caError, json, type Reply } from '../http/reply';
import { caPage, slice } from '../pagination';
import { field, formField, type Ctx, type Route } from '../router';
import { screenTypes } from '../state/seedData';
import type { CaTracking } from '../state/types';
import { parseCourseId } from './coassembleCourses';

/** A tracking row. Casing is uncertain in the sources (§18.3 [GAP]): both snake_case and camelCase are emitted. */
export function trackingJson(t: CaTracking) {
  return {
    id: t.id,
    identifier: t.identifier,
    clientIdentifier: t.clientIdentifier,
    email: t.email,
    name: t.name,
    commenced: t.commenced,
    completed: t.completed,
    passed: t.passed,
    progress_percent: t.progress,
    progressPercent: t.progress,
    score: t.score,
    scorePercent: t.score,
    total_time: t.totalTime,
    totalTime: t.totalTime,
    feedback: null,
    language: t.language,
    scorm: null,
    created: t.created,
    updated: t.updated,
  };
}

function dateQuery(q: URLSearchParams, name: string): number | undefined | null {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/**
 * GET /trackings?id=<course id>: the API "now requires a course id" (§8.1, 400 without it). Filters
 * `identifier`, `clientIdentifier`, `start`/`end` (ISO dates, on `commenced`), `completed=true`; page/length.
 * Rows do not carry the course id.
 */
function listTrackings(ctx: Ctx): Reply {
  const idText = ctx.query.get('id');
  if (idText === null || idText === '') return caError(400, 'id (course ID) is required');
  const courseId = parseCourseId(idText);
  if (courseId === null) return caError(400, 'id must be a numeric course ID');
  ctx.note.identifier = idText;
  if (!ctx.state.coassemble.courses.has(courseId)) return caError(404, 'Course not found');
  const p = caPage(ctx.query);
  if (!p.ok) return p.reply;
  const start = dateQuery(ctx.query, 'start');
  const end = dateQuery(ctx.query, 'end');
  if (start === null || end === null) return caError(400, 'start and end must be ISO 8601 dates');
  const completed = ctx.query.get('completed');
  if (completed !== null && !['true', 'false', '1', '0', ''].includes(completed)) return caError(400, 'completed must be a boolean');
  const onlyCompleted = completed === 'true' || completed === '1';
  const identifier = ctx.query.get('identifier');
  const clientIdentifier = ctx.query.get('clientIdentifier');
  const rows: CaTracking[] = [];
  for (const t of ctx.state.coassemble.trackings.values()) {
    if (t.courseId !== courseId) continue;
    if (identifier && t.identifier !== identifier) continue;
    if (clientIdentifier && t.clientIdentifier !== clientIdentifier) continue;
    if (onlyCompleted && !t.completed) continue;
    const commenced = Date.parse(t.commenced);
    if (start !== undefined && commenced < start) continue;
    if (end !== undefined && commenced > end) continue;
    rows.push(t);
  }
  return json(200, slice(rows, p).map(trackingJson));
}

function getTracking(ctx: Ctx): Reply {
  ctx.note.identifier = ctx.params.id;
  const id = parseCourseId(ctx.params.id);
  if (id === null) return caError(400, 'id must be a number');
  const t = ctx.state.coassemble.trackings.get(id);
  return t ? json(200, { ...trackingJson(t), courseId: t.courseId }) : caError(404, 'Tracking not found');
}

/**
 * DELETE /tracking: `id` (course) and `identifier` (learner), both required, as form data — documented as
 * "FormData properties" (§8.3, the old tracking page); whether JSON is read is unknown, so by default
 * (`trackingDeleteBody: 'form'`) only form fields are read and a JSON body answers 400. 'any' also reads
 * JSON and the query. Resets that learner's progress for the course. 200 "Tracking record deleted"; 404 if none.
 */
function deleteTracking(ctx: Ctx): Reply {
  const read = ctx.opts.trackingDeleteBody === 'form' ? formField : field;
  const idRaw = read(ctx, 'id');
  const identifier = read(ctx, 'identifier');
  if (idRaw === undefined || idRaw === null || idRaw === '') return caError(400, 'id (course ID) is required');
  if (typeof identifier !== 'string' || identifier === '') return caError(400, 'identifier is required');
  const courseId = typeof idRaw === 'number' ? idRaw : parseCourseId(String(idRaw));
  if (courseId === null || !Number.isInteger(courseId)) return caError(400, 'id must be a numeric course ID');
  ctx.note.identifier = identifier;
  const s = ctx.state.coassemble;
  let deleted = 0;
  for (const t of s.trackings.values()) {
    if (t.courseId === courseId && t.identifier === identifier) {
      s.trackings.delete(t.id);
      deleted++;
    }
  }
  return deleted ? json(200, { message: 'Tracking record deleted' }) : caError(404, 'Tracking not found');
}

/** GET /user/trackings?identifier=: one per-learner object with a `trackings` array (§8.4). */
function userTrackings(ctx: Ctx): Reply {
  const identifier = ctx.query.get('identifier');
  if (!identifier) return caError(400, 'identifier is required');
  ctx.note.identifier = identifier;
  const s = ctx.state.coassemble;
  const u = s.users.get(identifier);
  if (!u) return caError(404, 'User not found');
  const p = caPage(ctx.query);
  if (!p.ok) return p.reply;
  const all = [...s.trackings.values()].filter((t) => t.identifier === identifier);
  return json(200, {
    identifier: u.identifier,
    clientIdentifier: u.clientIdentifier,
    name: u.name,
    avatar: u.avatar,
    totals: { commenced: all.length, completed: all.filter((t) => t.completed).length },
    trackings: slice(all, p).map((t) => ({ ...trackingJson(t), courseId: t.courseId })),
  });
}

/** GET /screen/types: retired, 404 NOT_FOUND (§7, Airbyte 0.1.0); the legacy array behind a flag. */
function listScreenTypes(ctx: Ctx): Reply {
  if (ctx.opts.screenTypes === 'retired') return caError(404, 'Cannot GET /v1/headless/screen/types');
  return json(200, screenTypes().map((t) => ({ ...t, description: `${t.title} screen` })));
}

export const coassembleTrackingRoutes: Route[] = [
  { method: 'GET', path: '/trackings', handler: listTrackings },
  { method: 'GET', path: '/tracking/:id', handler: getTracking },
  { method: 'DELETE', path: '/tracking', handler: deleteTracking },
  { method: 'GET', path: '/user/trackings', handler: userTrackings },
  { method: 'GET', path: '/screen/types', handler: listScreenTypes },
];
