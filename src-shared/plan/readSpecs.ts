// How each kind of record a plan needs (planner.ts, ReaderId) is read from the LMS: as part of a list
// (a page answers many keys at once) and, where the API allows, one by one. Pure data and parsing: main's
// plan reader (src-main/plan/liveReads.ts) sends, throttles and saves.
//
// Page sizes are each endpoint's documented default as the sandbox keeps them (Coursepath: members 500,
// a course's or group's members 250, courses and groups 100 — "100, 250 or 500 depending on the
// endpoint", which one is undocumented; Coassemble: 100, its documented default and the most a page
// holds). readPolicy.ts says when a short page is the last.
import { normaliseKeyValue } from '../connectors/rowKeys';
import type { LmsRecord, ReaderId } from './planner';
import { isJsonObject } from '../util/json';

export interface ListSource {
  id: string;
  paging: 'offset' | 'page';
  pageSize: number;
  /** The smallest page a server documents giving while more rows follow (Coursepath: 100); null: none. */
  minCap: number | null;
  /** In words, for progress. */
  label: string;
  path(scope: string, next: number, size: number): string;
}

/** What one read of one key found. */
export type OneAnswer =
  { state: 'found'; record: LmsRecord } | { state: 'absent' } | { state: 'unreadable'; why: string };

export interface ReaderSpec {
  id: ReaderId;
  /** The list that answers this reader's keys (null: none), its scope for a key, and a record's key. */
  list: {
    source: string;
    scopeOf(key: string): string;
    keyOf(scope: string, record: LmsRecord): string | null;
  } | null;
  /** One read for one key: its path, and what its answer means (null: no such read). */
  one: { path(key: string): string; answer(key: string, status: number, body: unknown): OneAnswer } | null;
}

const CP = '/api/v1';
const CA = '/api/v1/headless';
const enc = encodeURIComponent;
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
const idKey = (v: unknown) => {
  const s = str(v);
  return s === null ? null : normaliseKeyValue(s, 'id');
};
const emailKey = (v: unknown) => {
  const s = str(v);
  return s === null ? null : normaliseKeyValue(s, 'email');
};
const split = (key: string): [string, string] => {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
};

export const LIST_SOURCES: Readonly<Record<string, ListSource>> = {
  'cp.members': {
    id: 'cp.members',
    paging: 'offset',
    pageSize: 500,
    minCap: 100,
    label: 'members',
    path: (_s, o, n) => `${CP}/members?offset=${o}&limit=${n}`,
  },
  'cp.courses': {
    id: 'cp.courses',
    paging: 'offset',
    pageSize: 100,
    minCap: 100,
    label: 'courses',
    path: (_s, o, n) => `${CP}/courses?offset=${o}&limit=${n}`,
  },
  'cp.courseMembers': {
    id: 'cp.courseMembers',
    paging: 'offset',
    pageSize: 250,
    minCap: 100,
    label: "a course's members",
    path: (c, o, n) => `${CP}/courses/${enc(c)}/members?offset=${o}&limit=${n}`,
  },
  'cp.groups': {
    id: 'cp.groups',
    paging: 'offset',
    pageSize: 100,
    minCap: 100,
    label: 'groups',
    path: (_s, o, n) => `${CP}/groups?offset=${o}&limit=${n}`,
  },
  'cp.groupMembers': {
    id: 'cp.groupMembers',
    paging: 'offset',
    pageSize: 250,
    minCap: 100,
    label: "a group's members",
    path: (g, o, n) => `${CP}/groups/${enc(g)}/members?offset=${o}&limit=${n}`,
  },
  'ca.users': {
    id: 'ca.users',
    paging: 'page',
    pageSize: 100,
    minCap: null,
    label: 'users',
    path: (_s, p, n) => `${CA}/users?page=${p}&length=${n}`,
  },
  'ca.clients': {
    id: 'ca.clients',
    paging: 'page',
    pageSize: 100,
    minCap: null,
    label: 'clients',
    path: (_s, p, n) => `${CA}/clients?page=${p}&length=${n}`,
  },
};

/** A GET of one object: found when 2xx with an object, absent on 404. */
const object =
  (what: string) =>
  (_key: string, status: number, body: unknown): OneAnswer => {
    if (status === 404) return { state: 'absent' };
    if (status >= 200 && status < 300 && isJsonObject(body)) return { state: 'found', record: body };
    return { state: 'unreadable', why: `reading ${what} answered HTTP ${status}` };
  };

export const READER_SPECS: Readonly<Record<ReaderId, ReaderSpec>> = {
  'cp.memberByEmail': {
    id: 'cp.memberByEmail',
    list: { source: 'cp.members', scopeOf: () => '', keyOf: (_s, r) => emailKey(r.email) },
    // The members list filtered by email (§8.1); the filter's matching is undocumented, so the exact
    // address (without case) is picked out of what comes back.
    one: {
      path: (email) => `${CP}/members?email=${enc(email)}&limit=10`,
      answer: (email, status, body) => {
        if (status < 200 || status >= 300 || !Array.isArray(body))
          return { state: 'unreadable', why: `looking up ${email} answered HTTP ${status}` };
        const m = body.find((x) => isJsonObject(x) && emailKey(x.email) === email);
        return m ? { state: 'found', record: m as LmsRecord } : { state: 'absent' };
      },
    },
  },
  'cp.memberById': {
    id: 'cp.memberById',
    list: { source: 'cp.members', scopeOf: () => '', keyOf: (_s, r) => idKey(r.id) },
    one: { path: (id) => `${CP}/members/${enc(id)}`, answer: object('the member') },
  },
  'cp.course': {
    id: 'cp.course',
    list: { source: 'cp.courses', scopeOf: () => '', keyOf: (_s, r) => idKey(r.id) },
    one: { path: (id) => `${CP}/courses/${enc(id)}`, answer: object('the course') },
  },
  'cp.enrolment': {
    id: 'cp.enrolment',
    list: {
      source: 'cp.courseMembers',
      scopeOf: (key) => split(key)[0],
      keyOf: (course, r) => (idKey(r.id) === null ? null : `${course}:${idKey(r.id)}`),
    },
    // The member's result in the course exists exactly when they are in it (§7 row 12).
    one: {
      path: (key) => {
        const [c, m] = split(key);
        return `${CP}/courses/${enc(c)}/members/${enc(m)}/coursemember`;
      },
      answer: object("the member's course result"),
    },
  },
  'cp.group': {
    id: 'cp.group',
    list: {
      source: 'cp.groups',
      scopeOf: () => '',
      keyOf: (_s, r) => {
        const n = str(r.name);
        return n === null ? null : normaliseKeyValue(n, 'name');
      },
    },
    one: null, // groups are found by name, and only a list has names
  },
  'cp.groupMember': {
    id: 'cp.groupMember',
    list: {
      source: 'cp.groupMembers',
      scopeOf: (key) => split(key)[0],
      keyOf: (group, r) => (idKey(r.id) === null ? null : `${group}:${idKey(r.id)}`),
    },
    // The member's groups (§7 row 22): one read per member answers for every group.
    one: {
      path: (key) => `${CP}/members/${enc(split(key)[1])}/groups?limit=500`,
      answer: (key, status, body) => {
        if (status === 404) return { state: 'absent' };
        if (status < 200 || status >= 300 || !Array.isArray(body))
          return { state: 'unreadable', why: `reading the member's groups answered HTTP ${status}` };
        const [g] = split(key);
        const found = body.find((x) => isJsonObject(x) && idKey(x.id) === g);
        return found ? { state: 'found', record: found as LmsRecord } : { state: 'absent' };
      },
    },
  },
  'ca.user': {
    id: 'ca.user',
    list: { source: 'ca.users', scopeOf: () => '', keyOf: (_s, r) => str(r.identifier) },
    one: { path: (id) => `${CA}/user/${enc(id)}`, answer: object('the user') },
  },
  'ca.userFull': {
    id: 'ca.userFull',
    list: null,
    one: { path: (id) => `${CA}/user/${enc(id)}`, answer: object('the user') },
  },
  'ca.client': {
    id: 'ca.client',
    list: { source: 'ca.clients', scopeOf: () => '', keyOf: (_s, r) => str(r.clientIdentifier) },
    one: { path: (id) => `${CA}/client/${enc(id)}`, answer: object('the client') },
  },
  'ca.clientFull': {
    id: 'ca.clientFull',
    list: null,
    one: { path: (id) => `${CA}/client/${enc(id)}`, answer: object('the client') },
  },
};
