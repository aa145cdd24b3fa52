// Read-back checks: after a write answered 2xx, one read shows whether the LMS really holds what was sent
// (a server can answer 200 and keep nothing: an ignored parameter, a field it renames, a write that does
// not stick). Declared per template id; each says what to read (a path from the connection's base URL)
// and how to compare, as pure logic, so the runner (src-main/runner/readBack.ts) only sends and records.
// Templates not listed here have no read-back: nothing public can be read to check them.
import type { BuiltRequest } from '../mapping/types';
import { isJsonObject, parseJsonOrUndefined } from '../util/json';
import { bodyValue, sentValue } from './rowIdempotent';
import { sameValue } from './sameValue';
import type { Template } from './types';

export type ReadBackVerdict =
  /** The LMS holds what was sent; `detail` says what was compared. */
  | { kind: 'match'; detail: string }
  /** It does not: both sides in words, e.g. sent `name=Ana Lima`, LMS has `name=ana.lima`. */
  | { kind: 'mismatch'; sent: string; lms: string }
  /** The read did not answer in a way that can be compared (an error status, an unknown shape). */
  | { kind: 'unreadable'; why: string };

/** What a check sees of the write: the request as sent and the LMS's answer to it. */
export interface SentWrite {
  template: Template;
  built: BuiltRequest;
  /** The write's response body (e.g. the created member, with its id). */
  responseBody: string;
}

export interface ReadBackSpec {
  /** What is read, in words: "the member's groups". */
  what: string;
  /** The read (GET) as a path and query from the connection's base URL; null when the write gives no key to read by. */
  read(w: SentWrite): string | null;
  compare(w: SentWrite, status: number, body: string): ReadBackVerdict;
  /** The row's target in words, for a message that sends the admin to look: "course 123". */
  name?(w: SentWrite): string | null;
  /** What the row does that a match cannot show, as a sentence (a revert's discarded draft changes). */
  unseen?: string;
}

/** Both sides of a mismatch as the admin reads them. */
export function describeMismatch(v: { sent: string; lms: string }): string {
  return `sent ${v.sent}, LMS has ${v.lms}`;
}

const val = (w: SentWrite, key: string) => sentValue(w.template, w.built, key);
const enc = (s: string) => encodeURIComponent(s);



const show = (v: unknown): string =>
  v === undefined || v === null || v === '' ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v);

/** A read that answered with an error status: nothing to compare. */
function failedRead(status: number, what: string): ReadBackVerdict {
  return { kind: 'unreadable', why: `reading ${what} answered HTTP ${status}` };
}

// ----- Coursepath -----

const P = '/api/v1';

/** Member profile fields a create or update sends; compared where the row sent them. */
const MEMBER_FIELDS = ['email', 'name', 'firstname', 'lastname', 'company', 'department', 'country', 'externalId'];
/** Compared without case: an email address and an ISO country code mean the same in either case. */
const CASELESS = new Set(['email', 'country']);

function memberFieldsMatch(w: SentWrite, member: Record<string, unknown>): ReadBackVerdict {
  const sent: string[] = [];
  const lms: string[] = [];
  const compared: string[] = [];
  for (const f of MEMBER_FIELDS) {
    const s = bodyValue(w.built.body, f);
    if (s === null) continue;
    compared.push(f);
    const l = member[f];
    const held = typeof l === 'string' || typeof l === 'number' ? String(l) : '';
    if (!sameValue(s, held, CASELESS.has(f))) {
      sent.push(`${f}=${s}`);
      lms.push(`${f}=${show(l)}`);
    }
  }
  if (sent.length) return { kind: 'mismatch', sent: sent.join(', '), lms: lms.join(', ') };
  return { kind: 'match', detail: compared.length ? `the member has the ${compared.join(', ')} sent` : 'the member exists' };
}

const memberRead = (id: string | null) => (id ? `${P}/members/${enc(id)}` : null);

/** The created member's id, from the write's answer. */
function createdId(w: SentWrite): string | null {
  const j = parseJsonOrUndefined(w.responseBody);
  const id = isJsonObject(j) ? j.id : undefined;
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? String(id) : null;
}

function compareMember(w: SentWrite, status: number, body: string): ReadBackVerdict {
  if (status === 404) return { kind: 'mismatch', sent: 'a member', lms: 'no such member' };
  if (status < 200 || status >= 300) return failedRead(status, 'the member');
  const m = parseJsonOrUndefined(body);
  return isJsonObject(m) ? memberFieldsMatch(w, m) : { kind: 'unreadable', why: 'the member read is not a JSON object' };
}

/** The names of the groups a member is in (GET /members/{id}/groups answers a list of groups). */
export function groupNames(body: string): string[] | null {
  const list = parseJsonOrUndefined(body);
  if (!Array.isArray(list)) return null;
  return list.map((g) => (isJsonObject(g) && typeof g.name === 'string' ? g.name : '')).filter(Boolean);
}

// Group names compare as their row keys do (rowKeys.ts `name`): without case, runs of spaces as one.
const sameName = (a: string, b: string) => sameValue(a, b, true);

function groupCheck(expect: 'in' | 'out' | 'none'): ReadBackSpec {
  return {
    what: "the member's groups",
    read: (w) => {
      const id = val(w, 'memberId');
      return id ? `${P}/members/${enc(id)}/groups?limit=500` : null;
    },
    compare: (w, status, body) => {
      if (status < 200 || status >= 300) return failedRead(status, "the member's groups");
      const names = groupNames(body);
      if (!names) return { kind: 'unreadable', why: "the member's groups are not a list" };
      const has = `groups=${names.length ? names.join(', ') : '(none)'}`;
      if (expect === 'none') {
        return names.length === 0
          ? { kind: 'match', detail: 'the member is in no group' }
          : { kind: 'mismatch', sent: 'remove from all groups', lms: has };
      }
      const name = val(w, 'name') ?? '';
      const isIn = names.some((n) => sameName(n, name));
      if (expect === 'in') {
        return isIn
          ? { kind: 'match', detail: `the member is in group ${name}` }
          : { kind: 'mismatch', sent: `add to group=${name}`, lms: has };
      }
      return !isIn
        ? { kind: 'match', detail: `the member is no longer in group ${name}` }
        : { kind: 'mismatch', sent: `remove from group=${name}`, lms: has };
    },
  };
}

// ----- Coassemble -----

const H = '/api/v1/headless';

/** The metadata the row sent (a JSON object), or null when the row sent none. */
function sentMetadata(w: SentWrite): Record<string, unknown> | null {
  const j = w.built.body ? parseJsonOrUndefined(w.built.body) : undefined;
  return isJsonObject(j) && isJsonObject(j.metadata) ? j.metadata : null;
}

function sameMetadata(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && String(a[k]) === String(b[k]));
}

/** A user or client: the metadata (replaced whole, so compared whole) and the other fields the row sent. */
function identityCheck(kind: 'user' | 'client', fields: readonly string[]): ReadBackSpec {
  return {
    what: `the ${kind}'s metadata`,
    read: (w) => {
      const id = val(w, 'identifier');
      return id ? `${H}/${kind}/${enc(id)}` : null;
    },
    compare: (w, status, body) => {
      if (status === 404) return { kind: 'mismatch', sent: `a ${kind}`, lms: `no such ${kind}` };
      if (status < 200 || status >= 300) return failedRead(status, `the ${kind}`);
      const got = parseJsonOrUndefined(body);
      if (!isJsonObject(got)) return { kind: 'unreadable', why: `the ${kind} read is not a JSON object` };
      const sent: string[] = [];
      const lms: string[] = [];
      const compared: string[] = [];
      const meta = sentMetadata(w);
      if (meta) {
        compared.push('metadata');
        const has = isJsonObject(got.metadata) ? got.metadata : {};
        if (!sameMetadata(meta, has)) {
          sent.push(`metadata=${JSON.stringify(meta)}`);
          lms.push(`metadata=${JSON.stringify(got.metadata ?? null)}`);
        }
      }
      for (const f of fields) {
        const s = bodyValue(w.built.body, f);
        if (s === null) continue;
        compared.push(f);
        if (String(got[f] ?? '') !== s) {
          sent.push(`${f}=${s}`);
          lms.push(`${f}=${show(got[f])}`);
        }
      }
      if (sent.length) return { kind: 'mismatch', sent: sent.join(', '), lms: lms.join(', ') };
      return { kind: 'match', detail: compared.length ? `the ${kind} has the ${compared.join(', ')} sent` : `the ${kind} exists` };
    },
  };
}

type CourseState = 'published' | 'draft' | 'deleted';

/** A course's state from its fields: `deleted` set → deleted; `published` set → published; else draft. */
function courseState(c: Record<string, unknown>): CourseState {
  if (c.deleted !== null && c.deleted !== undefined && c.deleted !== false) return 'deleted';
  return c.published !== null && c.published !== undefined && c.published !== false ? 'published' : 'draft';
}

/**
 * publish → published; revert → still published (it goes back to the published version: Coassemble's Moodle
 * plugin); delete → deleted (a 404 also counts: deleted courses are hidden); restore → not deleted.
 */
function courseCheck(
  action: string,
  want: (s: CourseState | 'gone') => boolean,
  wanted: string,
  unseen?: string,
): ReadBackSpec {
  return {
    what: "the course's state",
    name: (w) => {
      const id = val(w, 'courseId');
      return id ? `course ${id}` : null;
    },
    ...(unseen ? { unseen } : {}),
    read: (w) => {
      const id = val(w, 'courseId');
      return id ? `${H}/courses/${enc(id)}` : null;
    },
    compare: (_w, status, body) => {
      let state: CourseState | 'gone';
      if (status === 404) state = 'gone';
      else if (status < 200 || status >= 300) return failedRead(status, 'the course');
      else {
        const c = parseJsonOrUndefined(body);
        if (!isJsonObject(c)) return { kind: 'unreadable', why: 'the course read is not a JSON object' };
        state = courseState(c);
      }
      return want(state)
        ? { kind: 'match', detail: `the course is ${state === 'gone' ? 'gone' : state}` }
        : { kind: 'mismatch', sent: `${action} (course should be ${wanted})`, lms: `state=${state === 'gone' ? 'not found' : state}` };
    },
  };
}

export const READ_BACKS: Readonly<Record<string, ReadBackSpec>> = {
  'coursepath.courses.enrol': {
    what: "the member's course result",
    read: (w) => {
      const c = val(w, 'courseId');
      const m = val(w, 'memberId');
      return c && m ? `${P}/courses/${enc(c)}/members/${enc(m)}/coursemember` : null;
    },
    compare: (w, status) => {
      const what = `member ${val(w, 'memberId') ?? '?'} in course ${val(w, 'courseId') ?? '?'}`;
      if (status >= 200 && status < 300) return { kind: 'match', detail: `${what} has a course result` };
      if (status === 404) return { kind: 'mismatch', sent: `enrol ${what}`, lms: 'no course result (not enrolled)' };
      return failedRead(status, "the member's course result");
    },
  },
  'coursepath.courses.unenrol': {
    what: "the member's course result",
    read: (w) => {
      const c = val(w, 'courseId');
      const m = val(w, 'memberId');
      return c && m ? `${P}/courses/${enc(c)}/members/${enc(m)}/coursemember` : null;
    },
    compare: (w, status) => {
      const what = `member ${val(w, 'memberId') ?? '?'} in course ${val(w, 'courseId') ?? '?'}`;
      if (status === 404) return { kind: 'match', detail: `${what} has no course result any more` };
      if (status >= 200 && status < 300) return { kind: 'mismatch', sent: `remove ${what}`, lms: 'still enrolled (a course result)' };
      return failedRead(status, "the member's course result");
    },
  },
  'coursepath.members.create': {
    what: 'the member by id',
    read: (w) => memberRead(createdId(w)),
    compare: compareMember,
  },
  'coursepath.members.update': {
    what: 'the member by id',
    read: (w) => memberRead(val(w, 'memberId')),
    compare: compareMember,
  },
  // An update names its member in the path; a create's member is the one the answer returns.
  'coursepath.members.upsert': {
    what: 'the member by id',
    read: (w) => memberRead(val(w, 'memberId') ?? createdId(w)),
    compare: compareMember,
  },
  'coursepath.groups.add': groupCheck('in'),
  'coursepath.groups.remove': groupCheck('out'),
  'coursepath.groups.removeAll': groupCheck('none'),
  'coassemble.users.upsert': identityCheck('user', ['clientIdentifier', 'name']),
  'coassemble.clients.upsert': identityCheck('client', []),
  'coassemble.courses.publish': courseCheck('publish', (s) => s === 'published', 'published'),
  'coassemble.courses.revert': courseCheck(
    'revert',
    (s) => s === 'published',
    'published (its published version)',
    'Whether its draft changes were discarded does not show in a read.',
  ),
  'coassemble.courses.delete': courseCheck('delete', (s) => s === 'deleted' || s === 'gone', 'deleted'),
  'coassemble.courses.restore': courseCheck('restore', (s) => s === 'published' || s === 'draft', 'not deleted'),
};

/**
 * Templates whose effect has no public read, said to the admin instead of checked silently: Coursepath
 * documents no read of a program's members (coursepath-api.md §7, "Not in seed 002's endpoint list").
 */
export const NO_READ_BACK: Readonly<Record<string, string>> = {
  'coursepath.programs.add':
    "Coursepath documents no read of a program's members, so program membership cannot be read back: check the first rows in the academy.",
};

export function readBackFor(templateId: string): ReadBackSpec | undefined {
  return READ_BACKS[templateId];
}
