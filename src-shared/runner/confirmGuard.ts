// The guard for destructive templates (peers.md §11: admins fear a mass change on the wrong academy).
// Every run of a template that deletes, unenrols, removes or overwrites learner data, at any row count,
// and every test send of one, needs a phrase that names what and where: "DELETE 3 courses on Acme
// Production". Pure, so the renderer shows the same phrase that main enforces and the CLI asks for.
import type { Template } from '../connectors/types';

/** What a destructive template does, in the words of its phrase: the verb and the thing, one and many. */
export interface Consequence {
  verb: 'DELETE' | 'REMOVE' | 'OVERWRITE' | 'REVERT';
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

/** The manual configuration says nothing of what it changes: a DELETE deletes, a PUT replaces. */
const MANUAL: Partial<Record<Template['method'], Consequence>> = {
  DELETE: { verb: 'DELETE', one: 'record', many: 'records' },
  PUT: { verb: 'OVERWRITE', one: 'record', many: 'records' },
};

/** What the template destroys, or null for a template that only adds or reads. */
export function consequenceOf(template: Pick<Template, 'id' | 'danger' | 'method'>): Consequence | null {
  if (template.danger !== 'destructive') return null;
  return (
    CONSEQUENCES[template.id] ??
    MANUAL[template.method] ?? { verb: template.method === 'DELETE' ? 'DELETE' : 'REMOVE', one: 'row', many: 'rows' }
  );
}

/**
 * The phrase to type before `rows` rows of the template go to the connection, or null when the
 * template is not destructive (or no row would go). A test send is `rows = 1`.
 */
export function confirmationPhrase(
  template: Pick<Template, 'id' | 'danger' | 'method'>,
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
