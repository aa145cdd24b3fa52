// The guard for destructive templates (peers.md §11: admins fear a mass change on the wrong academy).
// Every run of a template that deletes, unenrols, removes or overwrites learner data (or what learners
// see, with no way back: a publish), at any row count,
// and every test send of one, needs a phrase that names what and where: "DELETE 3 courses on Acme
// Production". Pure, so the renderer shows the same phrase that main enforces and the CLI asks for.
import { accountLabel } from '../connections/connectionTarget';
import type { HttpMethod, Template } from '../connectors/types';
import type { ConnectionIdentity } from '../contract/api';

/** What a destructive template does, in the words of its phrase: the verb and the thing, one and many. */
export interface Consequence {
  /** An HTTP method for a manual call no catalog template describes: what it changes is unknown. */
  verb: 'DELETE' | 'REMOVE' | 'OVERWRITE' | 'REVERT' | 'PUBLISH' | HttpMethod;
  one: string;
  many: string;
}

const CONSEQUENCES: Readonly<Record<string, Consequence>> = {
  'coursepath.members.update': { verb: 'OVERWRITE', one: 'member profile', many: 'member profiles' },
  'coursepath.members.upsert': {
    verb: 'OVERWRITE',
    one: 'member (created or updated)',
    many: 'members (created or updated)',
  },
  'coursepath.courses.unenrol': { verb: 'REMOVE', one: 'course enrolment', many: 'course enrolments' },
  'coursepath.programs.remove': { verb: 'REMOVE', one: 'program membership', many: 'program memberships' },
  'coursepath.groups.remove': { verb: 'REMOVE', one: 'group membership', many: 'group memberships' },
  'coursepath.groups.removeAll': {
    verb: 'REMOVE',
    one: 'member from all their groups',
    many: 'members from all their groups',
  },
  'coassemble.courses.publish': { verb: 'PUBLISH', one: 'course', many: 'courses' },
  'coassemble.courses.revert': { verb: 'REVERT', one: 'course', many: 'courses' },
  'coassemble.courses.delete': { verb: 'DELETE', one: 'course', many: 'courses' },
  'coassemble.clients.upsert': { verb: 'OVERWRITE', one: 'client', many: 'clients' },
  'coassemble.clients.delete': { verb: 'DELETE', one: 'client', many: 'clients' },
  'coassemble.users.upsert': { verb: 'OVERWRITE', one: 'user', many: 'users' },
  'coassemble.users.delete': { verb: 'DELETE', one: 'user', many: 'users' },
  'coassemble.trackings.delete': { verb: 'DELETE', one: 'tracking', many: 'trackings' },
  'coassemble.translations.sync': { verb: 'OVERWRITE', one: 'translation', many: 'translations' },
  'coassemble.translations.delete': { verb: 'DELETE', one: 'translation', many: 'translations' },
};

/** What a phrase needs of a template: a manual one (customTemplate.ts) adds its path and catalog twin. */
export type PhraseTemplate = Pick<Template, 'id' | 'danger' | 'method'> &
  Partial<Pick<Template, 'path' | 'sameAs'>>;

/** What the template destroys, or null for a template that only adds or reads. */
export function consequenceOf(template: PhraseTemplate): Consequence | null {
  if (template.danger !== 'destructive') return null;
  const known = CONSEQUENCES[template.sameAs ?? template.id];
  if (known) return known;
  // A manual call that is no catalog call: nobody knows what it changes, so the phrase names the call.
  const at = template.path ? ` ${template.method === 'DELETE' ? 'at' : 'to'} ${template.path}` : '';
  return { verb: template.method, one: `record${at}`, many: `records${at}` };
}

/**
 * The phrase to type before `rows` rows of the template go to the connection, or null when the
 * template is not destructive (or no row would go). A test send is `rows = 1`.
 */
export function confirmationPhrase(
  template: PhraseTemplate,
  rows: number,
  connectionName: string,
): string | null {
  const c = consequenceOf(template);
  if (!c || rows === 0) return null; // nothing would be sent: nothing to confirm
  return `${c.verb} ${rows} ${rows === 1 ? c.one : c.many} on ${connectionName}`;
}

/**
 * Case, punctuation and spacing do not matter ("Sandbox · Coassemble" can be typed "sandbox coassemble");
 * the verb, the count, the thing and the connection's name do.
 */
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function isConfirmed(phrase: string | null, typed: string | undefined): boolean {
  return phrase === null || (typed !== undefined && norm(typed) === norm(phrase));
}

/** Whether two connection names read the same in a phrase: then one phrase would confirm either. */
export function samePhraseName(a: string, b: string): boolean {
  return norm(a) === norm(b);
}

/** What the phrase needs of a connection to tell it from the others. */
export interface PhraseConnection {
  id: string;
  name: string;
  baseUrl: string;
  identity: ConnectionIdentity;
}

/** The address without scheme, credentials, query or trailing slash: `acme-2.coassemble.com`, `lms.example.com/acme`. */
function where(baseUrl: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#]*)([^?#]*)/i.exec(baseUrl);
  return m ? `${m[1]!.toLowerCase()}${m[2]!.replace(/\/+$/, '')}` : baseUrl;
}

/**
 * How a phrase names the connection `c` among `all`: its name, unless another connection's name reads the
 * same (names are unique since they are checked on save, but older databases may hold twins). Then its
 * host is added, and its account too when the twins share the host (every Coassemble workspace is at
 * api.coassemble.com), so that a phrase typed for one never confirms a change on the other. Twins with
 * the same address and account are the same LMS account: nothing left to tell apart.
 */
export function connectionInPhrase(c: PhraseConnection, all: readonly PhraseConnection[]): string {
  const twins = all.filter((o) => o.id !== c.id && samePhraseName(o.name, c.name));
  const labels = [
    (x: PhraseConnection) => x.name,
    (x: PhraseConnection) => `${x.name} (${where(x.baseUrl)})`,
    (x: PhraseConnection) => `${x.name} (${where(x.baseUrl)}, ${accountLabel(x.identity)})`,
  ];
  const label =
    labels.find((l) => twins.every((t) => !samePhraseName(l(t), l(c)))) ?? labels[labels.length - 1]!;
  return label(c);
}
