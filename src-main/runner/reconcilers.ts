// How to tell, by a read, whether a non-idempotent request that may or may not have arrived did its
// work. Only where the API offers such a read: Coursepath lists members, and a course's members,
// filtered by email (reference coursepath §7 rows 6 and 7, §8.1), and a member's email is their key
// (§8.3); a member says when they were last invited (`invited`, see memberInvited). Templates not listed
// here have their in-doubt rows held for the admin (jobs.resolveInDoubt): programs have no member list to
// read (§7, gaps).
import { getTemplate } from '../../src-shared/connectors/catalog';
import { rowIsIdempotent } from '../../src-shared/connectors/rowIdempotent';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import type { EffectRead } from '../../src-shared/runner/lookupWords';

/**
 * `read`: the lookup read the row's effect rather than a record (readBackReconciler.ts), and what it saw —
 * a removal found done is a thing found gone, not a record found (../../src-shared/runner/lookupWords.ts).
 */
export type LookupVerdict =
  | { kind: 'found'; record: string; read?: EffectRead }
  | { kind: 'absent'; read?: EffectRead }
  | { kind: 'unknown' };

export interface Reconciler {
  /**
   * Rows of a template that is idempotent only for some rows (`Template.idempotentWhen`): true when this
   * row's request is safe to send again, so it is re-sent without a read.
   */
  resendSafe?(built: BuiltRequest): boolean;
  /**
   * Some rows can be neither sent again nor looked up, and are held for the admin when in doubt (a signed
   * URL's `edit` embed): the runner then never reserves this template's rows ahead (settlesInDoubtAlone).
   */
  holdsSome?: true;
  /** The read, as a path and query from the connection's base URL; null when the request carries no key. */
  lookup(built: BuiltRequest): string | null;
  /**
   * The lookup's 2xx body → the created record as JSON text (for capture), absent, or unreadable.
   * `firstSentAt`: when the item's first request left (null if none is recorded).
   */
  found(responseBody: string, built: BuiltRequest, sent?: { firstSentAt: number | null }): LookupVerdict;
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
  holdsSome: true,
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

/** How far the LMS's clock may lag ours before an invitation it stamped looks older than our request. */
export const INVITE_CLOCK_SLACK_MS = 2 * 60_000;

/**
 * POST /members/{id}/invite: was the invitation sent? A member record says when they were last invited
 * (`invited`; the field name is the sandbox's inference, evidence.md "Unknown"): stamped at or after our
 * first request left (less a clock slack) → it arrived; earlier or never → it did not, and is sent again;
 * a record without the field cannot tell, and the row stays held for the admin (the safe side: never a
 * second email on a guess).
 */
const memberInvited: Reconciler = {
  lookup: (built) => {
    const m = /^\/api\/v1\/members\/([^/?]+)\/invite/.exec(built.pathAndQuery);
    return m ? `/api/v1/members/${m[1]}` : null;
  },
  found: (body, _built, sent) => {
    let member: unknown;
    try {
      member = JSON.parse(body);
    } catch {
      return { kind: 'unknown' };
    }
    if (!member || typeof member !== 'object' || !('invited' in member) || sent?.firstSentAt == null) return { kind: 'unknown' };
    const invited = (member as { invited: unknown }).invited;
    if (invited === null) return { kind: 'absent' };
    const at = typeof invited === 'string' ? Date.parse(invited) : NaN;
    if (Number.isNaN(at)) return { kind: 'unknown' };
    return at >= sent.firstSentAt - INVITE_CLOCK_SLACK_MS ? { kind: 'found', record: body } : { kind: 'absent' };
  },
};

const RECONCILERS: Readonly<Record<string, Reconciler>> = {
  'coursepath.members.create': memberByEmail,
  'coursepath.members.upsert': createOrUpdate,
  'coursepath.members.invite': memberInvited,
  'coursepath.courses.createMember': memberInCourse,
  'coassemble.courses.signedUrl': signedUrl,
};

/**
 * The template's reconciler. An invitation is found by "invited since our request left", which another
 * row inviting the same member would also satisfy: so only in a job that sends each member once (no
 * `allowDuplicates`); otherwise its rows in doubt are held for the admin.
 */
export const reconcilerFor = (templateId: string, options?: { allowDuplicates?: boolean }): Reconciler | undefined =>
  templateId === 'coursepath.members.invite' && options?.allowDuplicates ? undefined : RECONCILERS[templateId];

/**
 * Whether this template's items left in doubt by a crash settle without the admin: the call is safe to
 * repeat (sent again) or a read tells (looked up). The runner reserves rows ahead — marks them `sending`
 * before a slot frees — only for these, since a crash leaves reserved rows in doubt although they never
 * left. Not an invitation: its read rests on the member's `invited` field, which no public source confirms
 * (evidence.md), so on the real LMS such a row may be held for the admin. Nor a signed URL: an `edit` row
 * without a course id cannot be read or resent (holdsSome), so a reserved one would wait for the admin.
 */
export const settlesInDoubtAlone = (template: Template, options?: { allowDuplicates?: boolean }): boolean => {
  if (template.idempotent) return true;
  const r = reconcilerFor(template.id, options);
  return template.id !== 'coursepath.members.invite' && r !== undefined && !r.holdsSome;
};
