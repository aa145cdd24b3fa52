// Whether sending one row's request twice has the effect of sending it once, so that a row left in doubt
// may be sent again without asking. Most templates say so as a whole (`idempotent`); a few only for some
// rows (`idempotentWhen`), read here from the request as built — the same bytes that were sent.
import type { BuiltRequest } from '../mapping/types';
import type { Template } from './types';

/** A field's value as the request carries it (path, query or body; JSON or form), or null. */
export function sentValue(template: Template, built: BuiltRequest, fieldKey: string): string | null {
  const field = template.fields.find((f) => f.key === fieldKey);
  if (!field) return null;
  const [path = '', query = ''] = built.pathAndQuery.split('?', 2);
  if (field.location === 'path') {
    const want = template.path.split('/');
    const got = path.split('/');
    const i = want.indexOf(`{${field.name}}`);
    return i >= 0 && got[i] !== undefined ? decode(got[i]) : null;
  }
  if (field.location === 'query') return formValue(query, field.name);
  return bodyValue(built.body, field.name);
}

/** A top-level (or dotted, for JSON) body property as text; objects and arrays as JSON. */
export function bodyValue(body: string | null, name: string): string | null {
  if (body === null || body === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return formValue(body, name);
  }
  let v: unknown = json;
  for (const k of name.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function rowIsIdempotent(template: Template, built: BuiltRequest): boolean {
  if (template.idempotent) return true;
  const when = template.idempotentWhen;
  if (!when) return false;
  const v = sentValue(template, built, when.field);
  return 'present' in when ? v !== null && v !== '' : v === when.equals;
}

/**
 * A row that removes something (a DELETE) and is safe to repeat: sent again after a lost answer, it may
 * find the thing already gone (../runner/answerDecision.ts).
 */
export function rowIsIdempotentRemoval(template: Template, built: BuiltRequest): boolean {
  return template.method === 'DELETE' && rowIsIdempotent(template, built);
}

/**
 * A row that adds something (a membership) and is safe to repeat: sent again after a lost answer, it may
 * be told it is already there (../runner/answerDecision.ts).
 */
export function rowIsIdempotentAddition(template: Template, built: BuiltRequest): boolean {
  return template.conflictMeansAlreadyThere === true && rowIsIdempotent(template, built);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
}

/** The first value of `name` in an application/x-www-form-urlencoded string (a query or a form body). */
export function formValue(text: string, name: string): string | null {
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (k === name) return eq < 0 ? '' : decode(pair.slice(eq + 1));
  }
  return null;
}
