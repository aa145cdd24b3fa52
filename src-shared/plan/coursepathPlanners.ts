// Coursepath rows against the academy (reference coursepath-api.md §7–§8). A member is found by email (the
// academy's key for a member, §8.3) or by id; a course by id; a group by name; a course's members and a
// group's members by listing them. Program membership has no public read (§7, "Not in seed 002's
// endpoint list"): those rows are planned on what can be read (does the member exist?) and say so.
import { normaliseKeyValue } from '../connectors/rowKeys';
import { createDiff, fieldDiff } from './fieldDiff';
import {
  done,
  fieldText,
  idOf,
  missingReads,
  need,
  text,
  type Knowledge,
  type LmsRecord,
  type Planner,
  type PlanInput,
  type Verdict,
} from './planner';
import type { PlanDiff } from './types';

/** The member parameters a create or update sends (§8.3), compared where the row sends them. */
export const MEMBER_FIELDS = [
  'email',
  'name',
  'firstname',
  'lastname',
  'company',
  'department',
  'country',
  'externalId',
];
export const MEMBER_RULES = { email: { caseless: true }, country: { caseless: true } } as const;

const emailKey = (v: string) => normaliseKeyValue(v, 'email');
const idKey = (v: string) => normaliseKeyValue(v, 'id');
const nameKey = (v: string) => normaliseKeyValue(v, 'name');

function sentMember(row: PlanInput, except: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of MEMBER_FIELDS) {
    const v = text(row, f);
    if (v !== null && !except.includes(f)) out.set(f, v);
  }
  return out;
}

export const memberWord = (m: LmsRecord) =>
  `member ${idOf(m) ?? '?'}${m.email ? ` (${fieldText(m, 'email')})` : ''}`;

/**
 * Create, or create-or-update, keyed by email: a member with that email is updated where the row
 * differs, left alone where it does not, and created where there is none. A row that also names a
 * member id (mapped by the admin) must name the member the email belongs to.
 */
function createOrUpdate(row: PlanInput, known: Knowledge): Verdict {
  const email = text(row, 'email');
  if (email === null) return done('missing', [], 'The row has no email to look the member up by.');
  const k = known.get('cp.memberByEmail', emailKey(email));
  if (k.state === 'unknown') return need({ reader: 'cp.memberByEmail', key: emailKey(email) });
  const named = text(row, 'memberId');
  if (k.state === 'absent') {
    if (named !== null)
      return done(
        'conflict',
        [],
        `The row names member ${named}, but no member has the email ${email}: changing a member's email is not a create-or-update.`,
      );
    return done('create', createDiff(sentMember(row)), null);
  }
  const id = idOf(k.record);
  if (id === null) return done('conflict', [], `The member with email ${email} was read without an id.`);
  if (named !== null && idKey(named) !== idKey(id))
    return done(
      'conflict',
      [],
      `The email ${email} belongs to member ${id}, not to member ${named} as the row says.`,
    );
  const diff = fieldDiff(sentMember(row), k.record, MEMBER_RULES);
  return diff.length
    ? done('update', diff, `Updates ${memberWord(k.record)}.`, { memberId: id })
    : done('unchanged', [], `${capital(memberWord(k.record))} already holds these values.`);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Update by member id: the member must exist; a new email must not belong to another member. */
function updateById(row: PlanInput, known: Knowledge): Verdict {
  const memberId = text(row, 'memberId')!;
  const email = text(row, 'email');
  const k = known.get('cp.memberById', idKey(memberId));
  if (k.state === 'unknown') {
    // Whom a new email belongs to comes from the same members list: asked along, it costs no call.
    const reads = [{ reader: 'cp.memberById' as const, key: idKey(memberId) }];
    if (email === null) return { kind: 'need', reads };
    return { kind: 'need', reads, along: [{ reader: 'cp.memberByEmail', key: emailKey(email) }] };
  }
  if (k.state === 'absent') return done('missing', [], `No member with id ${memberId} in the academy.`);
  const diff = fieldDiff(sentMember(row), k.record, MEMBER_RULES);
  if (email !== null && diff.some((d) => d.field === 'email')) {
    const other = known.get('cp.memberByEmail', emailKey(email));
    if (other.state === 'unknown') return need({ reader: 'cp.memberByEmail', key: emailKey(email) });
    const otherId = other.state === 'found' ? idOf(other.record) : null;
    if (otherId !== null && idKey(otherId) !== idKey(memberId))
      return done('conflict', diff, `The email ${email} belongs to another member (id ${otherId}).`);
  }
  return diff.length
    ? done('update', diff, null)
    : done('unchanged', [], `Member ${memberId} already holds these values.`);
}

/** The course must exist; `null` when it does (the caller goes on). */
function courseCheck(known: Knowledge, courseId: string): Verdict | null {
  const c = known.get('cp.course', idKey(courseId));
  if (c.state === 'unknown') return need({ reader: 'cp.course', key: idKey(courseId) });
  return c.state === 'absent' ? done('missing', [], `No course with id ${courseId} in the academy.`) : null;
}

const courseLabel = (known: Knowledge, courseId: string): string => {
  const c = known.get('cp.course', idKey(courseId));
  const name = c.state === 'found' ? fieldText(c.record, 'name') || fieldText(c.record, 'title') : '';
  return `course ${courseId}${name ? ` (${name})` : ''}`;
};

/** Create a member and add them to the course (§7 row 10). */
function createInCourse(row: PlanInput, known: Knowledge): Verdict {
  const courseId = text(row, 'courseId')!;
  const email = text(row, 'email')!;
  const first = missingReads(known, [
    { reader: 'cp.course', key: idKey(courseId) },
    { reader: 'cp.memberByEmail', key: emailKey(email) },
  ]);
  if (first) return first;
  const bad = courseCheck(known, courseId);
  if (bad) return bad;
  const enrolment: PlanDiff = { field: courseLabel(known, courseId), old: 'not enrolled', new: 'learner' };
  const m = known.get('cp.memberByEmail', emailKey(email));
  if (m.state !== 'found') return done('create', [...createDiff(sentMember(row)), enrolment]);
  const id = idOf(m.record) ?? '?';
  const e = known.get('cp.enrolment', `${idKey(courseId)}:${idKey(id)}`);
  if (e.state === 'unknown') return need({ reader: 'cp.enrolment', key: `${idKey(courseId)}:${idKey(id)}` });
  const profile = fieldDiff(sentMember(row, ['email']), m.record, MEMBER_RULES).map((d) => d.field);
  const profileNote = profile.length
    ? ` Their profile differs (${profile.join(', ')}); this call does not update it: plan "create or update member" for that.`
    : '';
  if (e.state === 'found')
    return done('unchanged', [], `Member ${id} is already in the course.${profileNote}`);
  return done(
    'create',
    [enrolment],
    `Member ${id} exists (${email}): the call adds them to the course.${profileNote}`,
  );
}

const NO_PROGRAM_READ =
  "Coursepath documents no read of a program's members (nor of programs), so whether the member is already in it cannot be checked, by the plan or again before its run writes";

/** Create a member and add them to the program (§7 row 11): only the member can be looked up. */
function createInProgram(row: PlanInput, known: Knowledge): Verdict {
  const programId = text(row, 'programId')!;
  const email = text(row, 'email')!;
  const m = known.get('cp.memberByEmail', emailKey(email));
  if (m.state === 'unknown') return need({ reader: 'cp.memberByEmail', key: emailKey(email) });
  const program: PlanDiff = {
    field: `program ${programId}`,
    old: m.state === 'found' ? null : 'not a member',
    new: 'learner',
  };
  if (m.state === 'absent') return done('create', [...createDiff(sentMember(row)), program]);
  return done(
    'create',
    [program],
    `Member ${idOf(m.record) ?? '?'} exists (${email}). ${NO_PROGRAM_READ}; the call adds them.`,
  );
}

/** The member (by id) must exist; `null` when it does. */
function memberCheck(known: Knowledge, memberId: string): Verdict | null {
  const m = known.get('cp.memberById', idKey(memberId));
  if (m.state === 'unknown') return need({ reader: 'cp.memberById', key: idKey(memberId) });
  return m.state === 'absent' ? done('missing', [], `No member with id ${memberId} in the academy.`) : null;
}

function enrolment(action: 'enrol' | 'unenrol') {
  return (row: PlanInput, known: Knowledge): Verdict => {
    const courseId = text(row, 'courseId')!;
    const memberId = text(row, 'memberId')!;
    const first = missingReads(known, [
      { reader: 'cp.course', key: idKey(courseId) },
      { reader: 'cp.memberById', key: idKey(memberId) },
    ]);
    if (first) return first;
    const bad = courseCheck(known, courseId) ?? memberCheck(known, memberId);
    if (bad) return bad;
    const key = `${idKey(courseId)}:${idKey(memberId)}`;
    const e = known.get('cp.enrolment', key);
    if (e.state === 'unknown') return need({ reader: 'cp.enrolment', key });
    const label = courseLabel(known, courseId);
    if (action === 'enrol')
      return e.state === 'found'
        ? done('unchanged', [], `Member ${memberId} is already in ${label}.`)
        : done('create', [{ field: label, old: 'not enrolled', new: 'learner' }]);
    return e.state === 'found'
      ? done(
          'update',
          [{ field: label, old: 'learner', new: 'removed' }],
          'Coursepath also deletes their learning results in this course (score, completion, certificate).',
        )
      : done('unchanged', [], `Member ${memberId} is not in ${label}: nothing to remove.`);
  };
}

function program(action: 'add' | 'remove') {
  return (row: PlanInput, known: Knowledge): Verdict => {
    const programId = text(row, 'programId')!;
    const memberId = text(row, 'memberId')!;
    const bad = memberCheck(known, memberId);
    if (bad) return bad;
    return action === 'add'
      ? done(
          'create',
          [{ field: `program ${programId}`, old: null, new: 'learner' }],
          `${NO_PROGRAM_READ}; adding twice is harmless.`,
        )
      : done(
          'update',
          [{ field: `program ${programId}`, old: null, new: 'removed' }],
          `${NO_PROGRAM_READ}; a member not in it is answered with an error.`,
        );
  };
}

function group(action: 'add' | 'remove') {
  return (row: PlanInput, known: Knowledge): Verdict => {
    const memberId = text(row, 'memberId')!;
    const name = text(row, 'name')!;
    const first = missingReads(known, [
      { reader: 'cp.memberById', key: idKey(memberId) },
      { reader: 'cp.group', key: nameKey(name) },
    ]);
    if (first) return first;
    const bad = memberCheck(known, memberId);
    if (bad) return bad;
    const g = known.get('cp.group', nameKey(name));
    if (g.state !== 'found')
      return done(
        'missing',
        [],
        action === 'add'
          ? `No group named "${name}" in the academy. Whether adding to an unknown name creates a group is not documented (a typo would make a new group): create it in the academy first.`
          : `No group named "${name}" in the academy.`,
      );
    const groupId = idOf(g.record) ?? '?';
    const key = `${idKey(groupId)}:${idKey(memberId)}`;
    const gm = known.get('cp.groupMember', key);
    if (gm.state === 'unknown') return need({ reader: 'cp.groupMember', key });
    const label = `group ${fieldText(g.record, 'name') || name}`;
    if (action === 'add')
      return gm.state === 'found'
        ? done('unchanged', [], `Member ${memberId} is already in ${label}.`)
        : done('create', [{ field: label, old: 'not a member', new: 'member' }]);
    return gm.state === 'found'
      ? done('update', [{ field: label, old: 'member', new: 'removed' }])
      : done('unchanged', [], `Member ${memberId} is not in ${label}: nothing to remove.`);
  };
}

const MEMBERS = 'members (by email or id; list pages, or one read each when the file is small)';

export const COURSEPATH_PLANNERS: Readonly<Record<string, Planner>> = {
  // A plan of "create member" is run as the create-or-update: new members are created, members already
  // there are updated where the file differs, and the rest are not sent.
  'coursepath.members.create': {
    runTemplateId: 'coursepath.members.upsert',
    reads: MEMBERS,
    classify: createOrUpdate,
  },
  'coursepath.members.upsert': {
    runTemplateId: 'coursepath.members.upsert',
    reads: MEMBERS,
    classify: createOrUpdate,
  },
  'coursepath.members.update': {
    runTemplateId: 'coursepath.members.update',
    reads: MEMBERS,
    classify: updateById,
  },
  'coursepath.courses.createMember': {
    runTemplateId: 'coursepath.courses.createMember',
    reads: `courses, ${MEMBERS}, the course's members`,
    classify: createInCourse,
  },
  'coursepath.programs.createMember': {
    runTemplateId: 'coursepath.programs.createMember',
    reads: `${MEMBERS} (program membership has no public read)`,
    classify: createInProgram,
  },
  'coursepath.courses.enrol': {
    runTemplateId: 'coursepath.courses.enrol',
    reads: `courses, ${MEMBERS}, the course's members`,
    classify: enrolment('enrol'),
  },
  'coursepath.courses.unenrol': {
    runTemplateId: 'coursepath.courses.unenrol',
    reads: `courses, ${MEMBERS}, the course's members`,
    classify: enrolment('unenrol'),
  },
  'coursepath.programs.add': {
    runTemplateId: 'coursepath.programs.add',
    reads: `${MEMBERS} (program membership has no public read)`,
    classify: program('add'),
  },
  'coursepath.programs.remove': {
    runTemplateId: 'coursepath.programs.remove',
    reads: `${MEMBERS} (program membership has no public read)`,
    classify: program('remove'),
  },
  'coursepath.groups.add': {
    runTemplateId: 'coursepath.groups.add',
    reads: `${MEMBERS}, groups, the group's members`,
    classify: group('add'),
  },
  'coursepath.groups.remove': {
    runTemplateId: 'coursepath.groups.remove',
    reads: `${MEMBERS}, groups, the group's members`,
    classify: group('remove'),
  },
};
