// Coassemble translations (reference coassemble §11), all "Embed Automate and above" (403 on the core plan).
// `{id}` is always the source course id; languages are BCP-47.
import { caError, json, type Reply } from '../http/reply';
import { bodyObject, type Ctx, type Route } from '../router';
import { iso } from '../state/seedData';
import type { CaCourse, CaTranslation } from '../state/types';
import { courseParam } from './coassembleCourses';

const BCP47 = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const SOURCE_LANGUAGE = 'en';

function translationJson(t: CaTranslation) {
  return {
    id: t.id,
    courseId: t.courseId,
    language: t.language,
    default: t.isDefault,
    missingScreens: t.missingScreens,
    created: t.created,
    updated: t.updated,
    synced: t.synced,
  };
}

function course(ctx: Ctx): CaCourse | Reply {
  return courseParam(ctx, false);
}

function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && 'status' in x && !('screens' in x);
}

function find(ctx: Ctx, courseId: number): CaTranslation | undefined {
  const lang = (ctx.params.language ?? '').toLowerCase();
  for (const t of ctx.state.coassemble.translations.values()) {
    if (t.courseId === courseId && t.language.toLowerCase() === lang) return t;
  }
  return undefined;
}

function list(ctx: Ctx): Reply {
  const c = course(ctx);
  if (isReply(c)) return c;
  const rows = [...ctx.state.coassemble.translations.values()].filter((t) => t.courseId === c.id);
  return json(200, rows.map(translationJson));
}

/** POST /translation/translate/{id} with body `language` (required, BCP-47). Returns the new row at once (201). */
function create(ctx: Ctx): Reply {
  const c = course(ctx);
  if (isReply(c)) return c;
  const { language } = bodyObject(ctx);
  if (typeof language !== 'string' || language === '') return caError(400, 'language is required');
  if (!BCP47.test(language)) return caError(400, 'language must be a BCP-47 language code (e.g. fr, es-ES)');
  if (language.toLowerCase() === SOURCE_LANGUAGE) return caError(400, 'language is the course source language');
  const s = ctx.state.coassemble;
  for (const t of s.translations.values()) {
    if (t.courseId === c.id && t.language.toLowerCase() === language.toLowerCase()) {
      return caError(400, `A ${language} translation of this course already exists`);
    }
  }
  const at = iso(ctx.now);
  const t: CaTranslation = { id: s.nextTranslationId++, courseId: c.id, language, isDefault: false, missingScreens: 0, created: at, updated: at, synced: at };
  s.translations.set(t.id, t);
  return json(201, translationJson(t));
}

/** POST /translation/default/{id}/{language}: the language must match an existing translation (seed 000). */
function setDefault(ctx: Ctx): Reply {
  const c = course(ctx);
  if (isReply(c)) return c;
  const t = find(ctx, c.id);
  if (!t) return caError(404, 'Translation not found');
  for (const other of ctx.state.coassemble.translations.values()) if (other.courseId === c.id) other.isDefault = false;
  t.isDefault = true;
  t.updated = iso(ctx.now);
  return json(200, translationJson(t));
}

/** POST /translation/sync/{id}/{language}: applies the source course's latest screens. */
function sync(ctx: Ctx): Reply {
  const c = course(ctx);
  if (isReply(c)) return c;
  const t = find(ctx, c.id);
  if (!t) return caError(404, 'Translation not found');
  t.missingScreens = 0;
  t.synced = iso(ctx.now);
  t.updated = t.synced;
  return json(200, translationJson(t));
}

function remove(ctx: Ctx): Reply {
  const c = course(ctx);
  if (isReply(c)) return c;
  const t = find(ctx, c.id);
  if (!t) return caError(404, 'Translation not found');
  ctx.state.coassemble.translations.delete(t.id);
  return json(200, { ...translationJson(t), deleted: true });
}

export const coassembleTranslationRoutes: Route[] = [
  { method: 'GET', path: '/translations/:id', handler: list, automate: true },
  { method: 'POST', path: '/translation/translate/:id', handler: create, automate: true },
  { method: 'POST', path: '/translation/default/:id/:language', handler: setDefault, automate: true },
  { method: 'POST', path: '/translation/sync/:id/:language', handler: sync, automate: true },
  { method: 'DELETE', path: '/translation/:id/:language', handler: remove, automate: true },
];
