// What each row of a template acts on — its key — and how the LMS compares it. Two rows of one file with
// the same key would act on the same thing twice (invite the same person twice, create the member with
// row 2's data and then overwrite it with row 3's); a row whose key already succeeded on the same
// connection and template was sent before. Both are found by comparing keys (see ../safety/).
//
// Kept beside the templates, keyed by template id, so a template's request shape and its identity can be
// read (and reviewed) separately. Every catalog template has an entry: test/unit/connectors/rowKeys.test.ts.
import type { FieldValue } from '../mapping/applyMapping';
import type { Template } from './types';

/**
 * How one key field's values compare:
 * - `email`: trimmed, case-insensitive — one mailbox whatever its case;
 * - `id`: a numeric id; leading zeros do not make another record (`0042` is course 42);
 * - `text`: exactly, after trimming (a Coassemble identifier is the admin's own id, case kept);
 * - `name`: trimmed, case-insensitive, inner spaces collapsed (a group or a language code).
 */
export type KeyCompare = 'email' | 'id' | 'text' | 'name';

export interface RowKeySpec {
  /** Template field keys making up the key, with how each compares. */
  fields: readonly (readonly [field: string, compare: KeyCompare])[];
}

const email = ['email', 'email'] as const;
const memberId = ['memberId', 'id'] as const;
const courseId = ['courseId', 'id'] as const;
const programId = ['programId', 'id'] as const;
const identifier = ['identifier', 'text'] as const;
const language = ['language', 'name'] as const;

/**
 * The key of each catalog template. A template without an entry (the manual configuration, whose fields
 * are the file's own columns) is keyed by its whole request: only identical requests are duplicates.
 */
export const ROW_KEYS: Readonly<Record<string, RowKeySpec>> = {
  'coursepath.members.create': { fields: [email] },
  'coursepath.members.update': { fields: [memberId] },
  'coursepath.members.upsert': { fields: [email] },
  'coursepath.courses.createMember': { fields: [courseId, email] },
  'coursepath.programs.createMember': { fields: [programId, email] },
  'coursepath.courses.enrol': { fields: [courseId, memberId] },
  'coursepath.courses.unenrol': { fields: [courseId, memberId] },
  'coursepath.programs.add': { fields: [programId, memberId] },
  'coursepath.programs.remove': { fields: [programId, memberId] },
  'coursepath.members.invite': { fields: [memberId] },
  'coursepath.courses.invite': { fields: [courseId, memberId] },
  'coursepath.programs.invite': { fields: [programId, memberId] },
  'coursepath.groups.add': { fields: [memberId, ['name', 'name']] },
  'coursepath.groups.remove': { fields: [memberId, ['name', 'name']] },
  'coursepath.groups.removeAll': { fields: [memberId] },

  // A signed URL is per learner, course and mode; the same three twice would make two URLs for one person.
  'coassemble.courses.signedUrl': {
    fields: [['action', 'name'], courseId, identifier, ['clientIdentifier', 'text']],
  },
  // Every row creates a course: two rows with the same prompt and owner would create the same course twice.
  'coassemble.courses.generate': {
    fields: [
      ['prompt', 'text'],
      ['audience', 'text'],
      ['familiarity', 'text'],
      ['tone', 'text'],
      ['screenCount', 'id'],
      identifier,
      ['clientIdentifier', 'text'],
    ],
  },
  'coassemble.courses.duplicate': { fields: [courseId, identifier, ['clientIdentifier', 'text']] },
  'coassemble.courses.publish': { fields: [courseId] },
  'coassemble.courses.revert': { fields: [courseId] },
  'coassemble.courses.delete': { fields: [courseId] },
  'coassemble.courses.restore': { fields: [courseId] },
  'coassemble.clients.upsert': { fields: [identifier] },
  'coassemble.clients.delete': { fields: [identifier] },
  'coassemble.users.upsert': { fields: [identifier] },
  'coassemble.users.delete': { fields: [identifier] },
  // The tracking body names the course as `id`.
  'coassemble.trackings.delete': { fields: [['id', 'id'], identifier] },
  'coassemble.translations.create': { fields: [courseId, language] },
  'coassemble.translations.setDefault': { fields: [courseId, language] },
  'coassemble.translations.sync': { fields: [courseId, language] },
  'coassemble.translations.delete': { fields: [courseId, language] },
};

export function rowKeySpec(template: Pick<Template, 'id'>): RowKeySpec | null {
  return ROW_KEYS[template.id] ?? null;
}

/** One value as the LMS compares it. */
export function normaliseKeyValue(value: string, compare: KeyCompare): string {
  const v = value.trim();
  switch (compare) {
    case 'email':
      return v.toLowerCase();
    case 'id':
      return /^\d+$/.test(v) ? v.replace(/^0+(?=\d)/, '') : v;
    case 'name':
      return v.replace(/\s+/g, ' ').toLowerCase();
    case 'text':
      return v;
  }
}

/**
 * A key as it is stored and compared everywhere — composed (NFC): a name typed on a Mac (e + U+0301, NFD)
 * and one typed elsewhere (é) are one key in a file, in "already sent", in the rows a running job holds,
 * in what takes a row back and in a recipe's repeats, all of which compare stored keys byte for byte.
 * Keys stored before are composed by migration 0030.
 */
export function composedKey(key: string): string {
  return key.normalize('NFC');
}

const display = (v: FieldValue | undefined): string =>
  v === undefined ? '' : typeof v === 'string' ? v : v.map(([k, x]) => `${k}:${x}`).join(',');

/**
 * The row's key as text the admin can read, e.g. `email=ann@example.com` or `courseId=12 memberId=34`;
 * fields left empty are left out; composed (composedKey). `request` is the fallback for templates without
 * a declared key: requestKey.
 */
export function rowKey(
  template: Pick<Template, 'id'>,
  values: ReadonlyMap<string, FieldValue>,
  request: { method: string; pathAndQuery: string; body: string | null },
): string {
  const spec = rowKeySpec(template);
  if (!spec) return requestKey(request);
  const parts: string[] = [];
  for (const [field, compare] of spec.fields) {
    const v = display(values.get(field));
    if (v !== '') parts.push(`${field}=${normaliseKeyValue(v, compare)}`);
  }
  return composedKey(parts.join(' '));
}

/**
 * The key of a template without a declared key (the manual configuration): `request=` and the fingerprint of
 * the whole request, composed as every other key is (composedRequestText), so a row typed on a Mac and its
 * twin typed elsewhere are one key. The request itself is sent as built: only its key is composed. Keys
 * stored before, of the bytes as sent, are recomputed by migration 0033 where the stored request shows them.
 */
export function requestKey(request: { method: string; pathAndQuery: string; body: string | null }): string {
  return `request=${fingerprint(composedRequestText(requestText(request)))}`;
}

/** The text a request's fingerprint is taken of: method, path and query, then the body after a line break. */
export function requestText(request: { method: string; pathAndQuery: string; body: string | null }): string {
  return `${request.method} ${request.pathAndQuery}\n${request.body ?? ''}`;
}

/** A run of URL-ish characters: unreserved ones, `+`, escapes, and any character beyond ASCII. */
const URL_WORD = /(?:[\w.~+-]|%[\da-fA-F]{2}|[^\0-\x7f])+/g;
/** Escapes of bytes 0x80 and above: UTF-8 written out in %XX (a path segment, a form body's value). */
const HIGH_ESCAPES = /(?:%[89a-fA-F][\da-fA-F])+/g;

/**
 * A request's text composed (NFC), with its percent-escaped UTF-8 composed too: `e%CC%81` (é decomposed,
 * escaped in a path or a form body) is written `%C3%A9`, as the composed twin's builder writes it. A run of
 * escapes is changed only when composing it changes what it says, so a request already composed keeps its
 * text, and its fingerprint (composedRequestText(t) === t), as stored before this composing.
 */
export function composedRequestText(text: string): string {
  // Most requests hold no escape: composing the text is all there is to do (every row of a manual job).
  if (!text.includes('%')) return text.normalize('NFC');
  return text.normalize('NFC').replace(URL_WORD, (word) => {
    if (!word.includes('%')) return word;
    let decoded: string;
    try {
      decoded = word.replace(HIGH_ESCAPES, (run) => decodeURIComponent(run));
    } catch {
      return word; // not UTF-8: bytes, compared as they are
    }
    const composed = decoded.normalize('NFC');
    if (composed === decoded) return word;
    return composed.replace(/[^\0-\x7f]/gu, (ch) => (ch.length === 1 && /[\ud800-\udfff]/.test(ch) ? ch : encodeURIComponent(ch)));
  });
}

/**
 * Two chained 32-bit FNV-1a-style hashes as 16 hex digits: a short stable name for a whole request, so a
 * key never stores a body. Not cryptographic; two different requests of one file sharing a name is about
 * as likely as a 64-bit collision (negligible for the files an admin sends).
 */
export function fingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
