// The recipes Bulk Desk ships with. Each is an ordinary recipe (a readable file once exported), so an
// admin copies one, changes its columns or steps, and saves it under an id of their own.
import type { FieldSource, Mapping, Transform } from '../mapping/types';
import { captureColumn, VALUE_COLUMN, type Recipe } from './types';

const col = (column: string, transforms?: Transform[]): FieldSource =>
  transforms ? { kind: 'column', column, transforms } : { kind: 'column', column };
const fields = (f: Record<string, FieldSource>): Mapping => ({ fields: f });
/** A course title → its id through the synced catalog of the connection the recipe runs on. */
const courseByTitle = (entity: 'coursepath.course' | 'coassemble.course'): Transform[] => [
  { kind: 'lookup', entity, from: 'title', connectionId: '' },
];
const memberByEmail: Transform[] = [
  { kind: 'lookup', entity: 'coursepath.member', from: 'email', connectionId: '' },
];
const MEMBER_ID = captureColumn('member', 'Member ID');

/**
 * Coursepath "Onboard learners": create the member (an email the academy already has answers with that
 * member, so the step doubles as "create or get" and captures the id either way), enrol them in each
 * course their `Courses` cell lists, add them to each group their `Groups` cell lists, and send the
 * invitation (optional: switch it off for a run). Step 1 becomes `coursepath.members.upsert` once that
 * template exists.
 */
export const ONBOARD_LEARNERS: Recipe = {
  version: 1,
  id: 'coursepath.onboard',
  name: 'Onboard learners',
  api: 'coursepath',
  description:
    'For each row: create the member, enrol them in the courses listed in "Courses", add them to the groups listed in "Groups" (values separated by ";"), then send the invitation. Course titles become ids through the synced catalog (Reports → Sync now).',
  steps: [
    {
      id: 'member',
      name: 'Create member',
      template: 'coursepath.members.create',
      mapping: fields({
        email: col('Email'),
        name: { kind: 'template', template: '{First name} {Last name}' },
      }),
    },
    {
      id: 'courses',
      name: 'Enrol in courses',
      template: 'coursepath.courses.enrol',
      forEach: { column: 'Courses', separator: ';' },
      mapping: fields({
        courseId: col(VALUE_COLUMN, courseByTitle('coursepath.course')),
        memberId: col(MEMBER_ID),
      }),
    },
    {
      id: 'groups',
      name: 'Add to groups',
      template: 'coursepath.groups.add',
      forEach: { column: 'Groups', separator: ';' },
      mapping: fields({ memberId: col(MEMBER_ID), name: col(VALUE_COLUMN) }),
    },
    {
      id: 'invite',
      name: 'Send the invitation',
      template: 'coursepath.members.invite',
      optional: true,
      mapping: fields({ memberId: col(MEMBER_ID) }),
    },
  ],
};

/** Coursepath "Offboard learners": remove each member from the listed courses, then from the listed groups. */
export const OFFBOARD_LEARNERS: Recipe = {
  version: 1,
  id: 'coursepath.offboard',
  name: 'Offboard learners',
  api: 'coursepath',
  description:
    'For each row: remove the member (found by "Email" in the synced catalog) from each course listed in "Courses" — Coursepath deletes their results in it — then from each group listed in "Groups". Destructive: you confirm with a phrase naming the counts and the connection.',
  steps: [
    {
      id: 'courses',
      name: 'Remove from courses',
      template: 'coursepath.courses.unenrol',
      forEach: { column: 'Courses', separator: ';' },
      mapping: fields({
        courseId: col(VALUE_COLUMN, courseByTitle('coursepath.course')),
        memberId: col('Email', memberByEmail),
      }),
    },
    {
      id: 'groups',
      name: 'Remove from groups',
      template: 'coursepath.groups.remove',
      forEach: { column: 'Groups', separator: ';' },
      mapping: fields({ memberId: col('Email', memberByEmail), name: col(VALUE_COLUMN) }),
    },
  ],
};

/**
 * Coassemble "Provision learners": the client (tenant), then the user in it, then a signed URL per course
 * listed in "Courses" (each URL captured; they expire after 3 hours).
 */
export const PROVISION_LEARNERS: Recipe = {
  version: 1,
  id: 'coassemble.provision',
  name: 'Provision learners',
  api: 'coassemble',
  description:
    'For each row: create or update the client named in "Client", create or update the user "User ID" in it, then create a signed URL for each course listed in "Courses" (titles become ids through the synced catalog). Upserts replace metadata: you confirm with a phrase.',
  steps: [
    {
      id: 'client',
      name: 'Create or update the client',
      template: 'coassemble.clients.upsert',
      when: { column: 'Client', notEmpty: true },
      mapping: fields({ identifier: col('Client') }),
    },
    {
      id: 'user',
      name: 'Create or update the user',
      template: 'coassemble.users.upsert',
      mapping: fields({ identifier: col('User ID'), clientIdentifier: col('Client'), name: col('Name') }),
    },
    {
      id: 'urls',
      name: 'Signed URL per course',
      template: 'coassemble.courses.signedUrl',
      forEach: { column: 'Courses', separator: ';' },
      mapping: fields({
        action: { kind: 'constant', value: 'view' },
        courseId: col(VALUE_COLUMN, courseByTitle('coassemble.course')),
        identifier: col('User ID'),
        clientIdentifier: col('Client'),
        name: col('Name'),
      }),
    },
  ],
};

export const BUILT_IN_RECIPES: readonly Recipe[] = [ONBOARD_LEARNERS, OFFBOARD_LEARNERS, PROVISION_LEARNERS];

export const builtInRecipe = (id: string): Recipe | undefined => BUILT_IN_RECIPES.find((r) => r.id === id);
