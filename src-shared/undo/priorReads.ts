// What a reversible job reads just before each write: the target's state as it was, so the job can be
// undone later (inverses.ts). Declared per template id, pure; the runner (src-main/runner/priorState.ts)
// sends the read through the job's throttle and keeps the answer as an attempt of kind 'prior' with the
// row, committed before the row is marked `sending`.
//
// Only templates whose undo needs or uses the state before are listed, and only where a public read
// exists (the same reads as the read-back checks, readBacks.ts). Program membership has no read.
import type { JobOptions } from '../contract/api';
import { sentValue } from '../connectors/rowIdempotent';
import { normaliseKeyValue } from '../connectors/rowKeys';
import type { Template } from '../connectors/types';
import type { BuiltRequest } from '../mapping/types';
import { MEMBER_FIELDS, MEMBER_RULES, memberWord } from '../plan/coursepathPlanners';
import type { CompareRule } from '../plan/fieldDiff';
import { fieldText, idOf, type LmsRecord, type ReaderId } from '../plan/planner';

export interface PriorReadSpec {
  /** What is read, in words: "the member's groups". */
  what: string;
  /** The read (GET) as a path and query from the connection's base URL; null when the row gives no key. */
  read(template: Template, built: BuiltRequest): string | null;
  /**
   * The row creates its target, so there is no state before it to read (a create-or-update row without a
   * member id): it is written without a read, and its undo says why it cannot be undone.
   */
  createsTarget?(template: Template, built: BuiltRequest): boolean;
  /**
   * Where a plan (src-shared/plan/) already read this row's target: the plan reader and the key it keeps
   * the record under, and what the plan compared. A job run from a plan reads these targets again as it
   * starts, with the plan's own list pages (src-main/plan/planTargets.ts) rather than a read per row: the
   * state before each write is the LMS's then, and a row whose target changed since the plan, in the
   * fields it compared (src-shared/plan/planDrift.ts), is not written.
   *
   * Several when the plan found the target through another record (a group by its name, then whether the
   * member is in it): each is checked in order, and the last is the row's target. `planned` is what the
   * plan read (undefined: not read; null: read and not there), for a key that depends on it. Empty: the
   * plan read nothing this row acts on.
   */
  fromPlan?(template: Template, built: BuiltRequest, planned: PlanRecordOf): readonly PlannedTarget[];
  /** The target in words, as a message names it: "course 123" (null: the row gives no key). */
  name?(template: Template, built: BuiltRequest): string | null;
}

/** A record as the plan read it: undefined when the plan did not read it, null when it read it absent. */
export type PlanRecordOf = (reader: ReaderId, key: string) => LmsRecord | null | undefined;

export interface PlannedTarget {
  reader: ReaderId;
  key: string;
  /** The record's fields the plan compared (its verdict holds while they are as it read them). */
  fields: readonly string[];
  rules?: Readonly<Record<string, CompareRule>>;
  /** The target in words, as a message names it: "member 12 (ann@example.com)". */
  name(record: LmsRecord): string;
  /**
   * The state before the write is still the row's own read (kept as the LMS wrote it, for an undo byte for
   * byte), not the record the plan's list gave: the plan's record is only compared.
   */
  stateFromRead?: boolean;
  /**
   * What the plan found the target by, as "no longer found in the LMS by …" says it (default: `key`);
   * null where the key is no words for an admin (an enrolment's "course:member").
   */
  foundBy?: string | null;
}

/**
 * A read's answer, judged: the target as it was (`state`, the 2xx body), `absent` (404: not enrolled, no
 * such user…), or `unreadable` — a failed read, after which the row is not written (see priorState.ts).
 */
export type PriorVerdict =
  | { kind: 'state'; body: string }
  | { kind: 'absent' }
  | { kind: 'unreadable'; why: string };

const enc = (s: string) => encodeURIComponent(s);
const P = '/api/v1';
const H = '/api/v1/headless';

function path(build: (v: (key: string) => string | null) => string | null): PriorReadSpec['read'] {
  return (template, built) => build((key) => sentValue(template, built, key));
}

const courseMember: PriorReadSpec = {
  what: "the member's course result",
  read: path((v) => {
    const c = v('courseId');
    const m = v('memberId');
    return c && m ? `${P}/courses/${enc(c)}/members/${enc(m)}/coursemember` : null;
  }),
  // What a removal told "not found" names, where this read found it gone (src-shared/undo/thereBefore.ts).
  name: path((v) => {
    const c = v('courseId');
    const m = v('memberId');
    return c && m ? `enrolment of member ${m} in course ${c}` : null;
  }),
  // A plan read the course's members (src-shared/plan/coursepathPlanners.ts `enrolment`): an enrolment made
  // or removed since then is not written over — enrolling again someone enrolled meanwhile (maybe with
  // progress), or a removal the plan's confirmation did not show.
  fromPlan: (template, built) => {
    const c = sentValue(template, built, 'courseId');
    const m = sentValue(template, built, 'memberId');
    if (!c || !m) return [];
    return [{
      reader: 'cp.enrolment',
      key: `${normaliseKeyValue(c, 'id')}:${normaliseKeyValue(m, 'id')}`,
      fields: [], // there or not is the whole verdict
      name: () => `the enrolment of member ${m} in course ${c}`,
      stateFromRead: true,
      foundBy: null,
    }];
  },
};

const memberGroups: PriorReadSpec = {
  what: "the member's groups",
  read: path((v) => {
    const m = v('memberId');
    return m ? `${P}/members/${enc(m)}/groups?limit=500` : null;
  }),
};

/**
 * Add to or remove from a group by its name (src-shared/plan/coursepathPlanners.ts `group`): the plan found
 * the group by the name, then whether the member is in it. The call names the group, not its id, so a
 * group renamed or deleted since the plan is not written to — adding to a name no group has may make a new
 * group (undocumented, evidence.md) — nor one whose name now belongs to another group; and a membership
 * made or removed since is not written over (adding someone added meanwhile again, or a removal the plan's
 * confirmation did not show).
 */
const memberGroupByName: PriorReadSpec = {
  ...memberGroups,
  fromPlan: (template, built, planned) => {
    const m = sentValue(template, built, 'memberId');
    const name = sentValue(template, built, 'name');
    if (!m || !name) return [];
    const groupKey = normaliseKeyValue(name, 'name');
    const group: PlannedTarget = {
      reader: 'cp.group',
      key: groupKey,
      fields: ['id'], // the name still names the same group
      name: (g) => `group "${fieldText(g, 'name') || name}" (id ${idOf(g) ?? '?'})`,
      stateFromRead: true,
      foundBy: 'its name',
    };
    const read = planned('cp.group', groupKey);
    const groupId = read ? idOf(read) : null;
    if (groupId === null) return [group]; // no such group: the plan did not send the row
    return [
      group,
      {
        reader: 'cp.groupMember',
        key: `${normaliseKeyValue(groupId, 'id')}:${normaliseKeyValue(m, 'id')}`,
        fields: [], // in the group or not is the whole verdict
        name: () => `member ${m} in group "${name}"`,
        stateFromRead: true,
        foundBy: null,
      },
    ];
  },
};

const identity = (kind: 'user' | 'client'): PriorReadSpec => ({
  what: `the ${kind}`,
  read: path((v) => {
    const id = v('identifier');
    return id ? `${H}/${kind}/${enc(id)}` : null;
  }),
  // A plan read the user or client in its list (metadata is replaced whole, so a key added since the plan
  // would go unseen): compared in what the row sends. Where the list leaves the metadata out, it is not.
  fromPlan: (template, built) => {
    const id = sentValue(template, built, 'identifier');
    if (!id) return [];
    return [{
      reader: kind === 'user' ? 'ca.user' : 'ca.client',
      key: id,
      fields: ['clientIdentifier', 'name', 'metadata'].filter((f) => sentValue(template, built, f) !== null),
      name: () => `${kind} ${id}`,
      stateFromRead: true,
    }];
  },
});

const course: PriorReadSpec = {
  what: 'the course',
  read: path((v) => {
    const id = v('courseId');
    return id ? `${H}/courses/${enc(id)}` : null;
  }),
  name: path((v) => {
    const id = v('courseId');
    return id ? `course ${id}` : null;
  }),
};

/** A member a plan read by the row's email: found (the row updates its id), or not there (the row creates it). */
function memberByEmailInPlan(template: Template, built: BuiltRequest): PlannedTarget[] {
  const email = sentValue(template, built, 'email');
  if (!email) return [];
  return [{
    reader: 'cp.memberByEmail',
    key: normaliseKeyValue(email, 'email'),
    // The plan found the member (its id is the one the row updates) and compared what the row sends.
    fields: ['id', ...MEMBER_FIELDS.filter((f) => sentValue(template, built, f))],
    rules: MEMBER_RULES,
    name: memberWord,
  }];
}

export const PRIOR_READS: Readonly<Record<string, PriorReadSpec>> = {
  'coursepath.courses.enrol': courseMember,
  'coursepath.courses.unenrol': courseMember,
  'coursepath.groups.add': memberGroupByName,
  'coursepath.groups.remove': memberGroupByName,
  'coursepath.groups.removeAll': memberGroups,
  'coursepath.members.update': {
    what: 'the member',
    read: path((v) => {
      const m = v('memberId');
      return m ? `${P}/members/${enc(m)}` : null;
    }),
    // A plan of update by id read the member by its id, and compared what the row sends.
    fromPlan: (template, built) => {
      const id = sentValue(template, built, 'memberId');
      if (!id) return [];
      return [{
        reader: 'cp.memberById',
        key: normaliseKeyValue(id, 'id'),
        fields: MEMBER_FIELDS.filter((f) => sentValue(template, built, f)),
        rules: MEMBER_RULES,
        name: memberWord,
      }];
    },
  },
  // Create or update: the member is read when the row names one (an update); a create has nothing before it.
  'coursepath.members.upsert': {
    what: 'the member',
    read: path((v) => {
      const m = v('memberId');
      return m ? `${P}/members/${enc(m)}` : null;
    }),
    createsTarget: (template, built) => !sentValue(template, built, 'memberId'),
    fromPlan: (template, built) => memberByEmailInPlan(template, built),
  },
  'coassemble.users.upsert': identity('user'),
  'coassemble.clients.upsert': identity('client'),
  'coassemble.courses.delete': course,
  'coassemble.courses.restore': course,
};

export function priorReadFor(templateId: string): PriorReadSpec | undefined {
  return PRIOR_READS[templateId];
}

/**
 * Create a member and add them to a course or program (src-shared/plan/coursepathPlanners.ts
 * `createInCourse`, `createInProgram`): the plan looked the member up by the row's email — to create, or
 * to add the member it found, whose profile the call does not change — and for a course whether that
 * member is in it. A member created (or gone) since is not written to on the old verdict, nor a member
 * enrolled in the course since. A program's members have no read: the plan's notes say so.
 */
function createInPlan(template: Template, built: BuiltRequest, planned: PlanRecordOf): PlannedTarget[] {
  const email = sentValue(template, built, 'email');
  if (!email) return [];
  const key = normaliseKeyValue(email, 'email');
  const member: PlannedTarget = { reader: 'cp.memberByEmail', key, fields: ['id'], name: memberWord };
  const course = sentValue(template, built, 'courseId');
  const read = planned('cp.memberByEmail', key);
  const memberId = read ? idOf(read) : null;
  if (!course || memberId === null) return [member];
  return [
    member,
    {
      reader: 'cp.enrolment',
      key: `${normaliseKeyValue(course, 'id')}:${normaliseKeyValue(memberId, 'id')}`,
      fields: [],
      name: () => `the enrolment of member ${memberId} in course ${course}`,
      foundBy: null,
    },
  ];
}

/**
 * Templates read before their write only in a plan's run, to check the plan still holds: a plan of "create
 * member" that found nothing to update is sent as plain create (src-shared/plan/planners.ts), and a member
 * with the row's email created since the plan is not written — as in the create-or-update's run. Outside
 * a plan there is nothing before a create to read (and its undo is none), so such a job reads nothing.
 */
const PLAN_CHECKS: Readonly<Record<string, PriorReadSpec>> = {
  'coursepath.members.create': {
    what: 'the member',
    read: () => null,
    createsTarget: () => true,
    fromPlan: memberByEmailInPlan,
  },
  'coursepath.courses.createMember': {
    what: 'the member and their enrolment',
    read: () => null,
    createsTarget: () => true,
    fromPlan: createInPlan,
  },
  'coursepath.programs.createMember': {
    what: 'the member',
    read: () => null,
    createsTarget: () => true,
    fromPlan: createInPlan,
  },
};

/** What a plan's run of the template reads again before each write (its undo's read, or a plan's check alone). */
export function planCheckFor(templateId: string): PriorReadSpec | undefined {
  return PRIOR_READS[templateId] ?? PLAN_CHECKS[templateId];
}

/**
 * Whether a plan's run of the template reads its targets again and writes no row whose target moved since
 * the plan. Not where the LMS documents no read of what the row changes (a program's members): such a
 * run writes on the plan's verdict, and says so when the plan is out of date.
 */
export function planRunRereads(templateId: string): boolean {
  return planCheckFor(templateId)?.fromPlan !== undefined;
}

/** Whether a job reads its targets before writing them, by its options: undo on (absent is on), not a dry run. */
export function undoReadsOn(options: Pick<JobOptions, 'dryRun' | 'undo'>): boolean {
  return !options.dryRun && options.undo !== false;
}

/**
 * The read sent just before this row's write (a path from the connection's base URL), or null when none is:
 * its template has no read, or the row names no target (a create-or-update row without an id creates it,
 * so nothing is there before it). The runner sends it (src-main/runner/priorState.ts); a recipe's
 * preflight counts it, so the run says how many requests it sends (recipeRequests.ts).
 */
export function priorReadPath(template: Template, built: BuiltRequest): string | null {
  return priorReadFor(template.id)?.read(template, built) ?? null;
}

/** A read's answer → its verdict. `status` null: nothing answered (`error` says why). */
export function judgePrior(status: number | null, body: string, error: string | null): PriorVerdict {
  if (status === null) return { kind: 'unreadable', why: error ?? 'no answer' };
  if (status === 404) return { kind: 'absent' };
  if (status < 200 || status >= 300) return { kind: 'unreadable', why: `HTTP ${status}` };
  try {
    JSON.parse(body);
  } catch {
    return { kind: 'unreadable', why: `HTTP ${status} with an answer that is not JSON` };
  }
  return { kind: 'state', body };
}
