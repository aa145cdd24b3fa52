// How to tell, by a read, whether a non-idempotent request that may or may not have arrived did its
// work. Only where the API offers such a read: Coursepath lists members, and a course's members,
// filtered by email (reference coursepath §7 rows 6 and 7, §8.1), and a member's email is their key
// (§8.3). Templates not listed here have their in-doubt rows held for the admin (jobs.resolveInDoubt):
// programs have no member list to read (§7, gaps), and an invitation leaves no trace a read can see.
import { getTemplate } from '../../src-shared/connectors/catalog';
import { rowIsIdempotent } from '../../src-shared/connectors/rowIdempotent';
import type { BuiltRequest } from '../../src-shared/mapping/types';

export type LookupVerdict = { kind: 'found'; record: string } | { kind: 'absent' } | { kind: 'unknown' };

export interface Reconciler {
  /**
   * Rows of a template that is idempotent only for some rows (`Template.idempotentWhen`): true when this
   * row's request is safe to send again, so it is re-sent without a read.
   */
  resendSafe?(built: BuiltRequest): boolean;
  /** The read, as a path and query from the connection's base URL; null when the request carries no key. */
  lookup(built: BuiltRequest): string | null;
  /** The lookup's 2xx body → the created record as JSON text (for capture), absent, or unreadable. */
  found(responseBody: string, built: BuiltRequest): LookupVerdict;
  /**
   * When a read's status says as much as its body (a 404 that means "removed"): the whole answer →
   * verdict, used instead of `found` (readBackReconciler.ts). `found` with an empty record captures nothing.
   */
  judge?(status: number, responseBody: string, built: BuiltRequest): LookupVerdict;
}

/** A body field of a JSON or form-encoded request. */
function bodyField(built: BuiltRequest, name: string): string | null {
  if (!built.body) return null;
  try {
    const j = JSON.parse(built.body) as Record<string, unknown>;
    return typeof j[name] === 'string' ? (j[name] as string) : null;
  } catch {
    return new URLSearchParams(built.body).get(name);
  }
}

/** Whether a member list (the lookup's answer) holds the request's email: the member, or absent. */
function listedByEmail(body: string, built: BuiltRequest): LookupVerdict {
  const email = bodyField(built, 'email')?.toLowerCase();
  let list: unknown;
  try {
    list = JSON.parse(body);
  } catch {
    return { kind: 'unknown' };
  }
  if (!Array.isArray(list) || !email) return { kind: 'unknown' };
  const m = list.find(
    (x) => typeof x === 'object' && x && String((x as { email?: unknown }).email).toLowerCase() === email,
  );
  return m ? { kind: 'found', record: JSON.stringify(m) } : { kind: 'absent' };
}

const byEmail = (path: string, built: BuiltRequest): string | null => {
  const email = bodyField(built, 'email');
  return email ? `${path}?email=${encodeURIComponent(email)}&limit=10` : null;
};

/** POST /members: is there a member with this email? */
const memberByEmail: Reconciler = {
  lookup: (built) => byEmail('/api/v1/members', built),
  found: listedByEmail,
};

/**
 * POST /courses/{id}/members (create and add as learner): is the email among the course's members? If
 * not, sending again is right whether or not the member exists (it creates or finds them, and enrols).
 */
const memberInCourse: Reconciler = {
  lookup: (built) => byEmail(built.pathAndQuery.split('?')[0]!, built),
  found: listedByEmail,
};

/**
 * A signed URL: a `view` URL is only a URL (safe to ask for again); an `edit` embed without a course id
 * creates a draft course (Coassemble's Moodle plugin), and nothing can be read to tell whether it did, so
 * those rows are held for the admin.
 */
const signedUrl: Reconciler = {
  resendSafe: (built) => rowIsIdempotent(getTemplate('coassemble.courses.signedUrl')!, built),
  lookup: () => null,
  found: () => ({ kind: 'unknown' }),
};

/**
 * Create or update (a plan's job): an update names its member in the path and is safe to send again; a
 * create is looked up by email like any create.
 */
const createOrUpdate: Reconciler = {
  resendSafe: (built) => rowIsIdempotent(getTemplate('coursepath.members.upsert')!, built),
  lookup: memberByEmail.lookup,
  found: listedByEmail,
};

const RECONCILERS: Readonly<Record<string, Reconciler>> = {
  'coursepath.members.create': memberByEmail,
  'coursepath.members.upsert': createOrUpdate,
  'coursepath.courses.createMember': memberInCourse,
  'coassemble.courses.signedUrl': signedUrl,
};

export const reconcilerFor = (templateId: string): Reconciler | undefined => RECONCILERS[templateId];
