// The manual configuration of seed 000 ("Configure Manually"): any Coassemble endpoint, chosen by method
// and URL, with `{column}` placeholders, extra headers, excluded columns and optional record batching.
//
// Why a config that is turned into an ordinary Template, rather than a second request builder: then a
// manual request goes through exactly the same mapping, checks, encoding and preview as a catalog one.
// Each non-excluded column becomes one body field bound to itself (`defaultColumn`), so with no mapping
// at all the record is sent as it is (as Nexla does); the admin can still override any field with a
// constant, a template string or transforms, and give a column a type (per-column types).
import { isDotSegment } from '../mapping/urlPath';
import type { MappingIssue } from '../mapping/types';
import { redact } from '../util/redact';
import { COASSEMBLE_TEMPLATES } from './coassemble';
import type { FieldSpec, FieldType, Template } from './types';

export const MANUAL_TEMPLATE_ID = 'coassemble.manual';
export const MANUAL_TEMPLATE_NAME = 'Coassemble: manual configuration';
export const MANUAL_METHODS: readonly ManualConfig['method'][] = ['POST', 'PUT', 'DELETE'];
export const DEFAULT_BATCH_SIZE = 100;

/**
 * How records are grouped into one batched call.
 * - `sequential`: consecutive rows, in file order; a new batch starts when the batch is full or the
 *   URL changes (rows in one call must share a URL).
 * - `byColumn`: rows with the same value in `column` (and the same URL) share a batch, batches in order
 *   of first appearance; useful when the endpoint expects one call per course or client.
 */
export type BatchGrouping = { kind: 'sequential' } | { kind: 'byColumn'; column: string };

export interface BatchConfig {
  /** Maximum records per call; seed 000's default is 100. */
  size: number;
  grouping: BatchGrouping;
}

export interface ManualConfig {
  method: 'POST' | 'PUT' | 'DELETE';
  /** Path under the API origin (`/api/v1/headless/course/{Course ID}/publish`) or a full https URL. */
  url: string;
  /** Extra request headers, e.g. from "header1:value1,header2:value2" (see parseHeaderList). */
  headers?: Record<string, string>;
  /** Columns left out of the body. */
  exclude?: string[];
  /** Per-column types; a column without one is sent as the string in its cell. */
  types?: Record<string, FieldType>;
  /** Record batching; absent or null sends one record per call. */
  batch?: BatchConfig | null;
  /**
   * Response fields kept with each row (seed 000's "Response Webhook": the signed URL, the new course id):
   * label → dotted path into the JSON answer, '' for the whole answer. Shown in History and exports.
   */
  capture?: Record<string, string>;
}

/**
 * The batch settings a job sends with: a manual template's, when it batches; null otherwise (one row per
 * call). The runner (runner/jobPolicy.ts) and the request explainer read it the same way.
 */
export function batchConfigOf(templateId: string, mapping: { manual?: ManualConfig }): BatchConfig | null {
  return templateId === MANUAL_TEMPLATE_ID ? (mapping.manual?.batch ?? null) : null;
}

const FORBIDDEN_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-length',
  'host',
  'cookie',
  'transfer-encoding',
  'connection',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Header names that carry a credential. A manual configuration is saved in the database with the working
 * mapping and every job, so a key typed here would end up in SQLite: secrets go to the keychain only.
 */
const CREDENTIAL_HEADER =
  /auth|token|secret|api[-_]?key|password|passwd|cookie|session|signature|credential|subscription|(^|[-_])key$/i;
/** Named like a key but not a credential: a request's own idempotency key. */
const NOT_A_CREDENTIAL = /^(x-)?idempotency-key$/i;

/** Whether a header by this name would carry a credential (Authorization among them). */
const looksLikeCredential = (name: string): boolean =>
  CREDENTIAL_HEADER.test(name) && !NOT_A_CREDENTIAL.test(name);

/** Whether a header row may carry a secret: named like a credential, or a value shaped like a key or token. */
export const mayHoldSecret = (name: string, value: string): boolean =>
  looksLikeCredential(name) || redact(value) !== value;
const CAPTURE_PATH = /^([A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*)?$/;

/** Parses the seed's "header1:value1,header2:value2" notation. */
export function parseHeaderList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const i = part.indexOf(':');
    if (i <= 0) continue;
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** The path of a manual URL: a full `https://host/...` URL keeps only its path, as the connection supplies the host. */
export function manualPath(url: string): string {
  const m = /^https?:\/\/[^/?#]*(.*)$/i.exec(url.trim());
  const path = m ? m[1] || '/' : url.trim();
  return path.startsWith('/') ? path : `/${path}`;
}

function placeholders(path: string): string[] {
  return [...new Set([...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string))];
}

export function checkManualConfig(config: ManualConfig, columns: readonly string[]): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const err = (field: string, message: string) => issues.push({ field, level: 'error', message });
  const path = manualPath(config.url);
  if (!/^\/api\//.test(path))
    err('manual.url', `The URL must be under the API, e.g. /api/v1/headless/…; got "${path}"`);
  // A URL parser resolves these before sending, so the call would go to another path than the one shown.
  const dot = path.split(/[?#]/)[0]!.split('/').find(isDotSegment);
  if (dot !== undefined)
    err(
      'manual.url',
      `The URL has a "." or ".." segment ("${dot}"), which would send the call to another path; remove it`,
    );
  if (/^https?:\/\//i.test(config.url.trim()))
    issues.push({
      field: 'manual.url',
      level: 'warning',
      message: 'The host comes from the connection; only the path of this URL is used',
    });
  const cols = new Set(columns);
  for (const p of placeholders(path))
    if (!cols.has(p)) err('manual.url', `Unknown placeholder {${p}}: no column named "${p}"`);
  const kept =
    'Headers are saved with the mapping in the database; secrets stay in the keychain, and Bulk Desk signs each call from the connection';
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    const nameRefused = !TOKEN.test(name)
      ? `"${name}" is not a valid header name`
      : FORBIDDEN_HEADERS.has(name.toLowerCase())
        ? `${name} is set by Bulk Desk${name.toLowerCase() === 'authorization' ? ' from the keychain at send time' : ''}; remove it`
        : looksLikeCredential(name)
          ? `${name} looks like a credential. ${kept}`
          : null;
    if (nameRefused) err('manual.headers', nameRefused);
    if (/[\r\n\0]/.test(value)) err('manual.headers', `The value of ${name} contains a line break`);
    // Whatever its name: a Bearer token, a JWT, a Coassemble key or a long hexadecimal secret as its value.
    else if (!nameRefused && redact(value) !== value)
      err('manual.headers', `The value of ${name} looks like a key or token. ${kept}`);
  }
  for (const c of config.exclude ?? [])
    if (!cols.has(c))
      issues.push({
        field: 'manual.exclude',
        level: 'warning',
        message: `Excluded column "${c}" is not in this file`,
      });
  for (const [label, path] of Object.entries(config.capture ?? {})) {
    if (label.trim() === '') err('manual.capture', 'A captured response field needs a name');
    if (!CAPTURE_PATH.test(path))
      err(
        'manual.capture',
        `"${path}" is not a path into the answer: use dotted names such as data.id, or leave it empty for the whole answer`,
      );
  }
  const b = config.batch;
  if (b) {
    if (!Number.isInteger(b.size) || b.size < 1 || b.size > 10_000)
      err('manual.batch', 'Batch size must be a whole number from 1 to 10,000');
    if (config.method === 'DELETE') err('manual.batch', 'DELETE calls cannot be batched: they carry no body');
    if (b.grouping.kind === 'byColumn' && !cols.has(b.grouping.column))
      err('manual.batch', `No column named "${b.grouping.column}" to group by`);
  }
  return issues;
}

/** A path's segments to compare: no query, no empty segments, any case; a `{placeholder}` segment as null. */
function segmentsOf(path: string): (string | null)[] {
  return path
    .split(/[?#]/)[0]!
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^\{[^{}]+\}$/.test(s) ? null : s.toLowerCase()));
}

/**
 * The catalog template that makes the same call as a manual one: the one Coassemble template with the
 * same method whose path matches segment by segment. A catalog placeholder matches any segment; a manual
 * placeholder matches only a catalog placeholder, since its value could make it any call (`{Action}`
 * could be publish or revert). None, or more than one: null.
 */
export function catalogTwin(method: ManualConfig['method'], path: string): Template | null {
  const mine = segmentsOf(path);
  const hits = COASSEMBLE_TEMPLATES.filter((t) => {
    if (t.method !== method) return false;
    const theirs = segmentsOf(t.path);
    return theirs.length === mine.length && theirs.every((s, i) => s === null || s === mine[i]);
  });
  const twin = hits.length === 1 ? hits[0]! : null;
  // A query string can change what a call does: a catalog call that only adds is not trusted with one.
  if (twin?.danger === 'safe' && /[?#]/.test(path)) return null;
  return twin;
}

/**
 * The Template for a manual configuration and the file's columns. Returns null (with the reasons) when
 * the configuration cannot produce a request, e.g. an unknown placeholder or a forbidden header.
 */
export function manualTemplate(
  config: ManualConfig,
  columns: readonly string[],
): { template: Template | null; issues: MappingIssue[] } {
  const issues = checkManualConfig(config, columns);
  if (issues.some((i) => i.level === 'error')) return { template: null, issues };
  const path = manualPath(config.url);
  const twin = catalogTwin(config.method, path);
  const excluded = new Set(config.exclude ?? []);
  const fields: FieldSpec[] = placeholders(path).map((col) => ({
    key: `url:${col}`,
    label: `{${col}} in URL`,
    location: 'path',
    name: col,
    type: 'string',
    required: true,
    help: `Fills {${col}} in the URL.`,
    defaultColumn: col,
  }));
  for (const col of columns) {
    if (excluded.has(col) || col === '') continue;
    fields.push({
      key: col,
      label: col,
      location: 'body',
      name: col,
      literalName: true,
      type: config.types?.[col] ?? 'string',
      required: false,
      help: `Column "${col}", sent as the body property "${col}".`,
      defaultColumn: col,
      keepEmpty: true,
    });
  }
  return {
    template: {
      id: MANUAL_TEMPLATE_ID,
      api: 'coassemble',
      name: MANUAL_TEMPLATE_NAME,
      description: `${config.method} ${path}: each record is sent as the JSON body${config.batch ? `, up to ${config.batch.size} records per call` : ''}.`,
      method: config.method,
      path,
      fields,
      bodyEncoding: 'json',
      // The catalog call's danger when it is one; any other write is destructive, as nobody can know what
      // an arbitrary POST or PUT changes (a revert, a replaced metadata object).
      danger: twin ? twin.danger : 'destructive',
      ...(twin ? { sameAs: twin.id } : {}),
      idempotent: config.method !== 'POST',
      ...(config.headers && Object.keys(config.headers).length ? { headers: { ...config.headers } } : {}),
      ...(config.capture && Object.keys(config.capture).length ? { capture: { ...config.capture } } : {}),
    },
    issues,
  };
}
