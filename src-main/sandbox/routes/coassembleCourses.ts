// Coassemble courses (reference coassemble §6.1–6.3, §6.6–6.10): list/get, content, soft delete, restore,
// duplicate, publish, revert. Lists are plural (/courses), actions singular (/course/{id}/…) (§19.1).
import { caError, json, type Reply } from '../http/reply';
import { caPage, slice } from '../pagination';
import { bodyObject, type Ctx, type Route } from '../router';
import { iso } from '../state/seedData';
import type { CaCourse, CoassembleState } from '../state/types';
import { ensureClient, ensureUser } from './coassembleIdentities';

/** Course JSON per the Airbyte schema (§18.1) plus the fields seen elsewhere (published, deleted, owner, type…). */
export function courseJson(s: CoassembleState, c: CaCourse) {
  const translations: string[] = [];
  for (const t of s.translations.values()) if (t.courseId === c.id) translations.push(t.language);
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    key: c.key,
    active: c.deleted === null && c.published !== null,
    identified: true,
    image: null,
    thumbnail: null,
    is_sharable: false,
    paid: false,
    private: false,
    emails: [],
    start: { button_label: 'Start', display_button: true, display_description: true, layout: 'default', start: true },
    finish: { title: 'Well done!', description: '', button_label: 'Finish', display_confetti: true, finish: true },
    theme: { preset: 'default', font: 'Inter', logo: [], colours: { standard: { primary: '#5B4BDB', headings: '#1D1B2F', background: '#FFFFFF' } } },
    screens: c.screens,
    identifier: c.identifier,
    clientIdentifier: c.clientIdentifier,
    type: 'standard',
    legacy: false,
    created: c.created,
    updated: c.updated,
    published: c.published,
    deleted: c.deleted,
    revision: c.revision,
    translations,
    price: null,
  };
}

export function parseCourseId(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : null;
}

/** The course named by the `:id` path param, or the error reply (400 not a number, 404 unknown). */
export function courseParam(ctx: Ctx, allowDeleted: boolean): CaCourse | Reply {
  const idText = ctx.params.id;
  ctx.note.identifier = idText;
  const id = parseCourseId(idText);
  if (id === null) return caError(400, 'id must be a numeric course ID');
  const c = ctx.state.coassemble.courses.get(id);
  if (!c || (!allowDeleted && c.deleted !== null)) return caError(404, 'Course not found');
  return c;
}

function isReply(x: CaCourse | Reply): x is Reply {
  return 'status' in x;
}

function boolQuery(q: URLSearchParams, name: string): boolean | undefined | null {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return null;
}

/** GET /courses: `identifier`, `clientIdentifier`, `title` (case-insensitive substring), `deleted` (also include soft-deleted). */
function listCourses(ctx: Ctx): Reply {
  const p = caPage(ctx.query);
  if (!p.ok) return p.reply;
  const deleted = boolQuery(ctx.query, 'deleted');
  if (deleted === null) return caError(400, 'deleted must be a boolean');
  const identifier = ctx.query.get('identifier');
  const clientIdentifier = ctx.query.get('clientIdentifier');
  const title = ctx.query.get('title')?.toLowerCase();
  const s = ctx.state.coassemble;
  const rows: CaCourse[] = [];
  for (const c of s.courses.values()) {
    if (c.deleted !== null && !deleted) continue;
    if (identifier && c.identifier !== identifier) continue;
    if (clientIdentifier && c.clientIdentifier !== clientIdentifier) continue;
    if (title && !c.title.toLowerCase().includes(title)) continue;
    rows.push(c);
  }
  return json(200, slice(rows, p).map((c) => courseJson(s, c)));
}

/** GET /courses/{id}: soft-deleted courses are still readable (their `deleted` is set). */
function getCourse(ctx: Ctx): Reply {
  const c = courseParam(ctx, true);
  return isReply(c) ? c : json(200, courseJson(ctx.state.coassemble, c));
}

/** GET /course/content/{id}: content manifest (§6.3, shape [GAP]). */
function courseContent(ctx: Ctx): Reply {
  const c = courseParam(ctx, false);
  if (isReply(c)) return c;
  const languages = ['en'];
  for (const t of ctx.state.coassemble.translations.values()) if (t.courseId === c.id) languages.push(t.language);
  return json(200, {
    id: c.id,
    languages,
    screens: c.screens.map((sc) => ({ id: sc.id, title: sc.title, type: sc.type.name, assets: [] })),
  });
}

/**
 * DELETE /course/{id}: soft delete (sets `deleted`). Deleting an already deleted course is undocumented
 * (evidence.md, Unknown): by default a no-op 200; with `strictRepeats` 404 "Course not found". Why 404 and
 * not 409: Coassemble documents no 409 (its error table stops at 400/401/403/404/429/500), a deleted course
 * is hidden from lists as if gone, and its 404 means "the resource ID does not exist" — the code a server
 * that treats deleted as gone would give.
 */
function deleteCourse(ctx: Ctx): Reply {
  const c = courseParam(ctx, true);
  if (isReply(c)) return c;
  if (c.deleted === null) {
    c.deleted = iso(ctx.now);
    c.updated = c.deleted;
  } else if (ctx.opts.strictRepeats) {
    return caError(404, 'Course not found');
  }
  return json(200, courseJson(ctx.state.coassemble, c));
}

/** POST /course/{id}/restore: only soft-deleted courses can be restored (seed 000) — else 400. */
function restoreCourse(ctx: Ctx): Reply {
  const c = courseParam(ctx, true);
  if (isReply(c)) return c;
  if (c.deleted === null) return caError(400, 'Course is not deleted');
  c.deleted = null;
  c.updated = iso(ctx.now);
  return json(200, courseJson(ctx.state.coassemble, c));
}

/** POST /course/{id}/duplicate: a new draft copy with a new id, optionally for another user/client (§6.8). 201. */
function duplicateCourse(ctx: Ctx): Reply {
  const src = courseParam(ctx, false);
  if (isReply(src)) return src;
  const s = ctx.state.coassemble;
  const { identifier, clientIdentifier } = bodyObject(ctx);
  if (identifier !== undefined && identifier !== null && typeof identifier !== 'string') return caError(400, 'identifier must be a string');
  if (clientIdentifier !== undefined && clientIdentifier !== null && typeof clientIdentifier !== 'string') {
    return caError(400, 'clientIdentifier must be a string');
  }
  const at = iso(ctx.now);
  const id = s.nextCourseId;
  s.nextCourseId += 1 + (id % 5);
  const screens = src.screens.map((sc) => ({ ...sc, id: s.nextScreenId++, type: { ...sc.type } }));
  const copy: CaCourse = {
    ...src,
    id,
    key: `${src.key}-${id}`,
    screens,
    identifier: typeof identifier === 'string' ? identifier : src.identifier,
    clientIdentifier: typeof clientIdentifier === 'string' ? clientIdentifier : src.clientIdentifier,
    created: at,
    updated: at,
    published: null,
    deleted: null,
    revision: 0,
    publishedContent: null,
    hasDraftChanges: true,
  };
  if (copy.clientIdentifier) ensureClient(s, copy.clientIdentifier, ctx.now);
  if (copy.identifier) ensureUser(s, copy.identifier, copy.clientIdentifier, ctx.now);
  s.courses.set(id, copy);
  return json(201, courseJson(s, copy));
}

/**
 * POST /course/{id}/publish: the current draft becomes what learners see (§6.9). Publishing a course already
 * published with no draft changes since is undocumented (evidence.md, Unknown): by default it publishes again
 * (200); with `strictRepeats` 400 "Course has no changes to publish" — as restore refuses a live course, and
 * the answer that would fail a careless client whose first publish lost its answer.
 */
function publishCourse(ctx: Ctx): Reply {
  const c = courseParam(ctx, false);
  if (isReply(c)) return c;
  if (ctx.opts.strictRepeats && c.published !== null && !c.hasDraftChanges) {
    return caError(400, 'Course has no changes to publish');
  }
  c.published = iso(ctx.now);
  c.updated = c.published;
  c.revision += 1;
  c.publishedContent = structuredClone({ title: c.title, description: c.description, screens: c.screens });
  c.hasDraftChanges = false;
  return json(200, courseJson(ctx.state.coassemble, c));
}

/**
 * POST /course/{id}/revert. The sources disagree (§6.10 [GAP]): Coassemble's own plugin (OFF S15) and S21
 * say "revert a course to its published version" (discard draft changes); seed 000 says it un-publishes.
 * The sandbox follows Coassemble's own code: the draft goes back to the last published content and the course
 * stays published. A course that was never published has nothing to revert to → 400.
 */
function revertCourse(ctx: Ctx): Reply {
  const c = courseParam(ctx, false);
  if (isReply(c)) return c;
  if (!c.publishedContent) return caError(400, 'Course has no published version to revert to');
  const content = structuredClone(c.publishedContent);
  c.title = content.title;
  c.description = content.description;
  c.screens = content.screens;
  c.hasDraftChanges = false;
  c.updated = iso(ctx.now);
  return json(200, courseJson(ctx.state.coassemble, c));
}

export const coassembleCourseRoutes: Route[] = [
  { method: 'GET', path: '/courses', handler: listCourses },
  { method: 'GET', path: '/courses/:id', handler: getCourse },
  { method: 'GET', path: '/course/content/:id', handler: courseContent },
  { method: 'DELETE', path: '/course/:id', handler: deleteCourse, write: 'coassemble.courses.delete' },
  { method: 'POST', path: '/course/:id/restore', handler: restoreCourse, write: 'coassemble.courses.restore' },
  { method: 'POST', path: '/course/:id/duplicate', handler: duplicateCourse },
  { method: 'POST', path: '/course/:id/publish', handler: publishCourse, write: 'coassemble.courses.publish' },
  { method: 'POST', path: '/course/:id/revert', handler: revertCourse, write: 'coassemble.courses.revert' },
];
