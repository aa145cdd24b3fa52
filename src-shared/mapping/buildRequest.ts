// One row + mapping + template → the exact request. Both the preview and the runner call this, so what
// the admin looked at is what is sent, byte for byte. The runner only adds the base URL and the
// Authorization header (signed at send time).
import type { Template } from '../connectors/types';
import { rowRepeatsHeader } from '../dataset/headerRow';
import { applyMapping, type FieldValue } from './applyMapping';
import { encodeBody, encodePathSegment, formEncode } from './encodeBody';
import { checkFields } from './fieldChecks';
import { parsedPath } from './urlPath';
import { quoteValue } from '../util/quoteValue';
import type { BuiltRequest, Mapping, MappingIssue, RowValues } from './types';

const overridden = new WeakMap<Template, Map<string, Template>>();

/** The template with the mapping's body-encoding override applied (cached, so per-row calls stay cheap). */
export function effectiveTemplate(template: Template, mapping: Mapping): Template {
  const enc = mapping.bodyEncoding;
  if (!enc || template.bodyEncoding === 'none' || template.bodyEncoding === enc) return template;
  let byEnc = overridden.get(template);
  if (!byEnc) overridden.set(template, (byEnc = new Map()));
  let t = byEnc.get(enc);
  if (!t) byEnc.set(enc, (t = { ...template, bodyEncoding: enc }));
  return t;
}

export function hasErrors(issues: readonly MappingIssue[]): boolean {
  return issues.some((i) => i.level === 'error');
}

/** Path with `{name}` placeholders filled (each value percent-encoded), then the query string. */
export function buildPathAndQuery(template: Template, values: ReadonlyMap<string, FieldValue>): string {
  let path = template.path;
  for (const f of template.fields) {
    if (f.location !== 'path') continue;
    const v = values.get(f.key);
    // An optional path field left empty takes its segment with it (a create-or-update's create).
    if (!f.required && (typeof v !== 'string' || v === '')) path = path.split(`/{${f.name}}`).join('');
    else path = path.split(`{${f.name}}`).join(encodePathSegment(typeof v === 'string' ? v : ''));
  }
  const query: string[] = [];
  for (const f of template.fields) {
    if (f.location !== 'query') continue;
    const v = values.get(f.key);
    if (typeof v === 'string') query.push(`${formEncode(f.name)}=${formEncode(v)}`);
  }
  return query.length ? `${path}?${query.join('&')}` : path;
}

/**
 * The path a URL parser makes of the built one, when it differs: `fetch` resolves dot segments
 * (`/user/..` → `/`), so the request would go elsewhere than the preview shows. The field checks refuse a
 * "." or ".." value; this catches whatever else builds one (a literal in a template's path).
 */
function rewrittenPath(pathAndQuery: string): string | null {
  const built = pathAndQuery.split('?')[0]!;
  const parsed = parsedPath(built);
  return parsed === built ? null : parsed;
}

export function buildHeaders(template: Template, contentType: string | null): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (contentType) headers['Content-Type'] = contentType;
  for (const [k, v] of Object.entries(template.headers ?? {})) headers[k] = v;
  return headers;
}

export interface Built {
  /** The request, or null when an error stops the row (`issues` say why). */
  request: BuiltRequest | null;
  issues: MappingIssue[];
  /** The fields' values the request was built from (what the row's key is read from: rowKeys.ts). */
  values: ReadonlyMap<string, FieldValue>;
}

/**
 * The issue of a row that reads as the header again (src-shared/dataset/headerRow.ts): column names are
 * not data, so nothing of it is sent. Without ": " so no screen takes its start for a field's label.
 */
export const HEADER_AGAIN: MappingIssue = {
  field: 'row',
  level: 'error',
  message:
    'Repeats the header row (its cells are the column names, as when files are pasted together), so it is not ' +
    'data. Delete the row from the file.',
};

export function buildRequest(baseTemplate: Template, mapping: Mapping, row: RowValues): Built {
  if (rowRepeatsHeader(row)) return { request: null, issues: [{ ...HEADER_AGAIN }], values: new Map() };
  const template = effectiveTemplate(baseTemplate, mapping);
  const { values, issues } = applyMapping(template, mapping, row);
  // One message per field: a field whose value already failed (a lookup found nothing) is not checked again.
  const failed = new Set(issues.filter((i) => i.level === 'error').map((i) => i.field));
  for (const i of checkFields(template, values)) if (!failed.has(i.field)) issues.push(i);
  if (hasErrors(issues)) return { request: null, issues, values };
  const { body, contentType } = encodeBody(template, values, issues);
  if (hasErrors(issues)) return { request: null, issues, values };
  const pathAndQuery = buildPathAndQuery(template, values);
  const rewritten = rewrittenPath(pathAndQuery);
  if (rewritten !== null) {
    const field = template.fields.find((f) => f.location === 'path');
    issues.push({
      field: field?.key ?? 'path',
      level: 'error',
      message: `${field ? `${field.label}: ` : ''}the request's path ${quoteValue(pathAndQuery.split('?')[0]!)} would be sent as ${quoteValue(rewritten)}: a URL parser resolves a "." or ".." segment and reads "\\" as "/"`,
    });
    return { request: null, issues, values };
  }
  return {
    request: {
      method: template.method,
      pathAndQuery,
      headers: buildHeaders(template, contentType),
      body,
    },
    issues,
    values,
  };
}
