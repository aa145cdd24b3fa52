// Coursepath write endpoints as templates (reference: shared/reference/coursepath-api.md §7–§8, from the
// vendor's API reference page). All paths sit under the academy host, e.g. https://academy.coursepath.com.
//
// Bodies are form-encoded: the reference does not say which encoding the API wants, but the invite
// parameters are spelled `mail[subject]`, PHP style, and Coursepath's own webhooks are form-encoded (§1).
// Ids are not typed by the reference; every example is numeric, so they are checked as digit strings.
import { bodyField, pathField, queryField, SYNONYMS } from './fields';
import type { FieldSpec, Template } from './types';

const memberId = pathField(
  'memberId',
  'Member ID',
  'integer',
  'Coursepath id of the member (the number in the member URL, or from "create member").',
  {
    synonyms: SYNONYMS.memberId,
  },
);
const courseId = pathField('courseId', 'Course ID', 'integer', 'Coursepath id of the course.', {
  synonyms: SYNONYMS.courseId,
});
const programId = pathField('programId', 'Program ID', 'integer', 'Coursepath id of the program.', {
  synonyms: SYNONYMS.programId,
});

/** The member parameters the reference names for create and update (§8.3: "email, name, company, department, country, externalId, etc."). */
function memberFields(emailRequired: boolean): FieldSpec[] {
  return [
    bodyField(
      'email',
      'Email',
      'email',
      emailRequired,
      emailRequired
        ? "The member's email address: the only required parameter, and the member's key in the academy."
        : "The member's email address. Whether an update may change it is not documented; leave it unmapped to keep it.",
      { synonyms: SYNONYMS.email },
    ),
    bodyField(
      'name',
      'Name',
      'string',
      false,
      'Full name. If no name is given, Coursepath derives one from the email address.',
      {
        synonyms: SYNONYMS.name,
      },
    ),
    bodyField(
      'firstname',
      'First name',
      'string',
      false,
      'First name. Not in the reference\'s parameter list (which ends in "etc."), so Name is sent too when auto-matched.',
      { synonyms: ['given name', 'forename', 'first'] },
    ),
    bodyField(
      'lastname',
      'Last name',
      'string',
      false,
      "Last name. Not in the reference's parameter list; see First name.",
      {
        synonyms: ['surname', 'family name', 'last'],
      },
    ),
    bodyField('company', 'Company', 'string', false, 'Company shown on the member profile.', {
      synonyms: SYNONYMS.company,
    }),
    bodyField('department', 'Department', 'string', false, 'Department shown on the member profile.', {
      synonyms: SYNONYMS.department,
    }),
    bodyField('country', 'Country', 'string', false, 'Country, as a two-letter ISO code (e.g. BE, NL, US).', {
      synonyms: SYNONYMS.country,
    }),
    bodyField(
      'externalId',
      'External ID',
      'string',
      false,
      'Your own id for the member (HR number, SSO subject). Kept exactly as typed.',
      {
        synonyms: SYNONYMS.externalId,
      },
    ),
  ];
}

/** The optional invitation-text overrides (§8.4), sent as mail[subject], mail[body], mail[action]. */
const mailFields: FieldSpec[] = [
  bodyField(
    'mailSubject',
    'Mail subject',
    'string',
    false,
    'Overrides the subject of the invitation email saved in the academy, course or program.',
    {
      name: 'mail.subject',
      synonyms: ['subject', 'email subject', 'mail subject'],
    },
  ),
  bodyField(
    'mailBody',
    'Mail body',
    'string',
    false,
    'Overrides the invitation text. The activation link is added by Coursepath.',
    {
      name: 'mail.body',
      synonyms: ['body', 'message', 'email body', 'mail body', 'invitation text'],
    },
  ),
  bodyField(
    'mailAction',
    'Mail action',
    'string',
    false,
    'Overrides the call-to-action (activation button) text.',
    {
      name: 'mail.action',
      synonyms: ['action', 'button', 'button text', 'call to action'],
    },
  ),
];

const MEMBER_CAPTURE = { 'Member ID': 'id' } as const;

function cp(
  t: Omit<Template, 'api' | 'bodyEncoding'> & { bodyEncoding?: Template['bodyEncoding'] },
): Template {
  return { api: 'coursepath', bodyEncoding: 'form', ...t };
}

export const COURSEPATH_TEMPLATES: readonly Template[] = [
  cp({
    id: 'coursepath.members.create',
    name: 'Coursepath: create member',
    description:
      'Creates a new member in the academy. Only the email is required; without a name, Coursepath derives one from the email. Sending the same row twice may create a duplicate or be refused, so look members up first if unsure.',
    method: 'POST',
    path: '/api/v1/members',
    fields: memberFields(true),
    danger: 'safe',
    idempotent: false,
    capture: MEMBER_CAPTURE,
  }),
  cp({
    id: 'coursepath.members.update',
    name: 'Coursepath: update member',
    description:
      'Updates the profile of an existing member (Coursepath uses POST for updates). Fields left unmapped are not sent and stay as they are.',
    method: 'POST',
    path: '/api/v1/members/{memberId}',
    fields: [memberId, ...memberFields(false)],
    danger: 'destructive',
    idempotent: true,
  }),
  cp({
    // One template for "create or update": the member is looked up by email (the academy's key for a
    // member, §8.3) and the row becomes POST /members (new) or POST /members/{id} (existing). The lookup is
    // a plan's (src-shared/plan/): it reads the academy once, in pages, and the job it makes carries the
    // ids it found, so the run sends one call per row and only the rows that change something.
    id: 'coursepath.members.upsert',
    name: 'Coursepath: create or update member',
    description:
      'Looks each member up by email, then creates the ones the academy does not have and updates the ones whose profile differs; members already as the file says are not sent. Run through a plan, which shows what each row will do before anything is sent.',
    method: 'POST',
    path: '/api/v1/members/{memberId}',
    fields: [
      {
        ...memberId,
        required: false,
        help: 'Filled by the plan from the member found by email; left empty, the row creates a new member (POST /api/v1/members).',
      },
      ...memberFields(true),
    ],
    danger: 'destructive',
    idempotent: false,
    // An update (a member id in the path) is safe to repeat; a create is settled by a lookup by email.
    idempotentWhen: { field: 'memberId', present: true },
    capture: MEMBER_CAPTURE,
    planOnly: true,
  }),
  cp({
    id: 'coursepath.courses.createMember',
    name: 'Coursepath: create member in course',
    description: 'Creates a new member and adds them to the course as learner, in one call.',
    method: 'POST',
    path: '/api/v1/courses/{courseId}/members',
    fields: [courseId, ...memberFields(true)],
    danger: 'safe',
    idempotent: false,
    capture: MEMBER_CAPTURE,
  }),
  cp({
    id: 'coursepath.programs.createMember',
    name: 'Coursepath: create member in program',
    description: 'Creates a new member and adds them to the program as learner, in one call.',
    method: 'POST',
    path: '/api/v1/programs/{programId}/members',
    fields: [programId, ...memberFields(true)],
    danger: 'safe',
    idempotent: false,
    capture: MEMBER_CAPTURE,
  }),
  cp({
    id: 'coursepath.courses.enrol',
    name: 'Coursepath: enrol in course',
    description: 'Enrols an existing member in a course (as learner). No body is sent.',
    method: 'POST',
    path: '/api/v1/courses/{courseId}/members/{memberId}/coursemember',
    fields: [courseId, memberId],
    bodyEncoding: 'none',
    danger: 'safe',
    idempotent: true,
    conflictMeansAlreadyThere: true,
  }),
  cp({
    id: 'coursepath.courses.unenrol',
    name: 'Coursepath: remove from course',
    description:
      'Removes a member from a course. Beware: Coursepath also deletes all learning results of that member in the course (scores, completion, certificate). This cannot be undone.',
    method: 'DELETE',
    path: '/api/v1/courses/{courseId}/members/{memberId}/coursemember',
    fields: [courseId, memberId],
    bodyEncoding: 'none',
    danger: 'destructive',
    idempotent: true,
  }),
  cp({
    id: 'coursepath.programs.add',
    name: 'Coursepath: add to program',
    description: 'Adds an existing member to a program. No body is sent.',
    method: 'POST',
    path: '/api/v1/programs/{programId}/members/{memberId}/programmember',
    fields: [programId, memberId],
    bodyEncoding: 'none',
    danger: 'safe',
    idempotent: true,
    conflictMeansAlreadyThere: true,
  }),
  cp({
    id: 'coursepath.programs.remove',
    name: 'Coursepath: remove from program',
    description: 'Removes a member from a program.',
    method: 'DELETE',
    path: '/api/v1/programs/{programId}/members/{memberId}/programmember',
    fields: [programId, memberId],
    bodyEncoding: 'none',
    danger: 'destructive',
    idempotent: true,
  }),
  cp({
    id: 'coursepath.members.invite',
    name: 'Coursepath: invite member to academy',
    description:
      '(Re)sends the invitation email with the activation link. Subject, text and button may be overridden per row. Every send is a new email, so a retried row may email twice.',
    method: 'POST',
    path: '/api/v1/members/{memberId}/invite',
    fields: [memberId, ...mailFields],
    danger: 'safe',
    idempotent: false,
  }),
  cp({
    id: 'coursepath.courses.invite',
    name: 'Coursepath: invite member to course',
    description:
      '(Re)sends the course invitation email with the activation link. Subject, text and button may be overridden per row. Every send is a new email.',
    method: 'POST',
    path: '/api/v1/courses/{courseId}/members/{memberId}/invite',
    fields: [courseId, memberId, ...mailFields],
    danger: 'safe',
    idempotent: false,
  }),
  cp({
    id: 'coursepath.programs.invite',
    name: 'Coursepath: invite member to program',
    description:
      '(Re)sends the program invitation email with the activation link. Subject, text and button may be overridden per row. Every send is a new email.',
    method: 'POST',
    path: '/api/v1/programs/{programId}/members/{memberId}/invite',
    fields: [programId, memberId, ...mailFields],
    danger: 'safe',
    idempotent: false,
  }),
  cp({
    id: 'coursepath.groups.add',
    name: 'Coursepath: add to group',
    description: 'Adds a member to the group with the given name.',
    method: 'POST',
    path: '/api/v1/members/{memberId}/groups',
    fields: [
      memberId,
      bodyField('name', 'Group name', 'string', true, 'Name of the group, exactly as in the academy.', {
        synonyms: SYNONYMS.groupName,
      }),
    ],
    danger: 'safe',
    idempotent: true,
    conflictMeansAlreadyThere: true,
  }),
  cp({
    // Without `name` this call removes the member from ALL groups (seed 002, evidence.md "Confirmed"), and
    // no source says where the server reads `name` on a DELETE: query string or body (evidence.md,
    // "Unknown"). A server that reads only one place would ignore the other and widen each row to every
    // group. So the name goes in BOTH places with the same value: whichever the server reads, it sees
    // this one group; reading both sees the same name twice. Sending it twice cannot widen the effect,
    // sending it once might. The name is required and must not be blank, so an empty cell never becomes
    // "remove from all" (that is its own destructive template, coursepath.groups.removeAll).
    id: 'coursepath.groups.remove',
    name: 'Coursepath: remove from group',
    description:
      'Removes a member from the one group with the given name. Rows without a group name are refused, never sent as "remove from all".',
    method: 'DELETE',
    path: '/api/v1/members/{memberId}/groups',
    fields: [
      memberId,
      queryField(
        'name',
        'Group name',
        'string',
        true,
        'Name of the group to leave, exactly as in the academy. Sent in the query string and in the body.',
        { synonyms: SYNONYMS.groupName, alsoInBody: true },
      ),
    ],
    bodyEncoding: 'form',
    danger: 'destructive',
    idempotent: true,
  }),
  cp({
    id: 'coursepath.groups.removeAll',
    name: 'Coursepath: remove from all groups',
    description: 'Removes a member from every group they belong to (the same call without a group name).',
    method: 'DELETE',
    path: '/api/v1/members/{memberId}/groups',
    fields: [memberId],
    bodyEncoding: 'none',
    danger: 'destructive',
    idempotent: true,
  }),
];
