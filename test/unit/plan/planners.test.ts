// The planners, pure: one row and what is known of the LMS → a class, the fields that differ, or the
// reads still needed. Rows are built with the real buildRequest, as the plan service builds them.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { rowKey } from '../../../src-shared/connectors/rowKeys';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { FieldSource, Mapping } from '../../../src-shared/mapping/types';
import type { Knowledge, LmsRecord, PlanInput, ReaderId } from '../../../src-shared/plan/planner';
import { noPlanReason, plannerFor, runTemplateOf } from '../../../src-shared/plan/planners';
import { emptyCounts } from '../../../src-shared/plan/types';

function input(
  templateId: string,
  row: Record<string, string>,
  extra: Record<string, FieldSource> = {},
): PlanInput {
  const template = getTemplate(templateId)!;
  const fields: Record<string, FieldSource> = {};
  for (const k of Object.keys(row)) fields[k] = { kind: 'column', column: k };
  const mapping: Mapping = { fields: { ...fields, ...extra } };
  const b = buildRequest(template, mapping, row);
  if (!b.request) throw new Error(JSON.stringify(b.issues));
  return {
    rowNumber: 2,
    template,
    values: b.values,
    built: b.request,
    key: rowKey(template, b.values, b.request),
  };
}

function knowing(entries: [ReaderId, string, LmsRecord | null][]): Knowledge {
  const m = new Map(entries.map(([r, k, v]) => [`${r} ${k}`, v]));
  return {
    get: (reader, key) => {
      const id = `${reader} ${key}`;
      if (!m.has(id)) return { state: 'unknown' };
      const v = m.get(id)!;
      return v === null ? { state: 'absent' } : { state: 'found', record: v };
    },
  };
}

const ana = { id: 1042, email: 'Ana@Example.com', name: 'Ana Lima', company: 'Acme', country: 'be' };

describe('planners', () => {
  it('create member: asks for the member by email, then creates, updates (old → new) or leaves alone', () => {
    const p = plannerFor('coursepath.members.create')!;
    expect(p.runTemplateId).toBe('coursepath.members.upsert');
    const row = input('coursepath.members.create', {
      email: 'ANA@example.com',
      name: 'Ana Lima',
      company: 'Acme EU',
      country: 'BE',
    });
    expect(p.classify(row, knowing([]))).toEqual({
      kind: 'need',
      reads: [{ reader: 'cp.memberByEmail', key: 'ana@example.com' }],
    });
    expect(p.classify(row, knowing([['cp.memberByEmail', 'ana@example.com', null]]))).toMatchObject({
      kind: 'done',
      class: 'create',
      diff: [
        { field: 'email', old: null, new: 'ANA@example.com' },
        { field: 'name', old: null, new: 'Ana Lima' },
        { field: 'company', old: null, new: 'Acme EU' },
        { field: 'country', old: null, new: 'BE' },
      ],
    });
    // The email and the country compare without case; the company differs.
    expect(p.classify(row, knowing([['cp.memberByEmail', 'ana@example.com', ana]]))).toEqual({
      kind: 'done',
      class: 'update',
      diff: [{ field: 'company', old: 'Acme', new: 'Acme EU' }],
      note: 'Updates member 1042 (Ana@Example.com).',
      resolved: { memberId: '1042' },
    });
    const same = input('coursepath.members.create', { email: 'ana@example.com', name: 'Ana Lima' });
    expect(p.classify(same, knowing([['cp.memberByEmail', 'ana@example.com', ana]]))).toMatchObject({
      kind: 'done',
      class: 'unchanged',
    });
  });

  it('a field the LMS does not show is not known, and counts as different', () => {
    const p = plannerFor('coursepath.members.upsert')!;
    const row = input('coursepath.members.upsert', { email: 'ana@example.com', firstname: 'Ana' });
    expect(p.classify(row, knowing([['cp.memberByEmail', 'ana@example.com', ana]]))).toMatchObject({
      class: 'update',
      diff: [{ field: 'firstname', old: null, new: 'Ana' }],
    });
  });

  it('create or update with a member id: the email must belong to that member', () => {
    const p = plannerFor('coursepath.members.upsert')!;
    const row = input('coursepath.members.upsert', { memberId: '7', email: 'ana@example.com' });
    expect(p.classify(row, knowing([['cp.memberByEmail', 'ana@example.com', ana]]))).toMatchObject({
      class: 'conflict',
      note: 'The email ana@example.com belongs to member 1042, not to member 7 as the row says.',
    });
  });

  it('update by id: missing member, a new email that belongs to someone else (conflict), or an update', () => {
    const p = plannerFor('coursepath.members.update')!;
    const row = input('coursepath.members.update', { memberId: '1042', email: 'bo@example.com' });
    expect(p.classify(row, knowing([['cp.memberById', '1042', null]]))).toMatchObject({
      class: 'missing',
      note: 'No member with id 1042 in the academy.',
    });
    const k = [['cp.memberById', '1042', ana]] as [ReaderId, string, LmsRecord | null][];
    expect(p.classify(row, knowing(k))).toEqual({
      kind: 'need',
      reads: [{ reader: 'cp.memberByEmail', key: 'bo@example.com' }],
    });
    expect(
      p.classify(
        row,
        knowing([...k, ['cp.memberByEmail', 'bo@example.com', { id: 9, email: 'bo@example.com' }]]),
      ),
    ).toMatchObject({
      class: 'conflict',
      diff: [{ field: 'email', old: 'Ana@Example.com', new: 'bo@example.com' }],
      note: 'The email bo@example.com belongs to another member (id 9).',
    });
    expect(p.classify(row, knowing([...k, ['cp.memberByEmail', 'bo@example.com', null]]))).toMatchObject({
      class: 'update',
    });
  });

  it('enrol and unenrol: the course and the member must exist; then the enrolment decides', () => {
    const enrol = plannerFor('coursepath.courses.enrol')!;
    const unenrol = plannerFor('coursepath.courses.unenrol')!;
    const row = input('coursepath.courses.enrol', { courseId: '0042', memberId: '1042' });
    expect(enrol.classify(row, knowing([]))).toEqual({
      kind: 'need',
      reads: [
        { reader: 'cp.course', key: '42' },
        { reader: 'cp.memberById', key: '1042' },
      ],
    });
    const base = [
      ['cp.course', '42', { id: 42, name: 'Safety' }],
      ['cp.memberById', '1042', ana],
    ] as [ReaderId, string, LmsRecord | null][];
    expect(
      enrol.classify(
        row,
        knowing([
          ['cp.course', '42', null],
          ['cp.memberById', '1042', ana],
        ]),
      ),
    ).toMatchObject({
      class: 'missing',
      note: 'No course with id 0042 in the academy.',
    });
    expect(enrol.classify(row, knowing(base))).toEqual({
      kind: 'need',
      reads: [{ reader: 'cp.enrolment', key: '42:1042' }],
    });
    expect(enrol.classify(row, knowing([...base, ['cp.enrolment', '42:1042', null]]))).toMatchObject({
      class: 'create',
      diff: [{ field: 'course 0042 (Safety)', old: 'not enrolled', new: 'learner' }],
    });
    expect(enrol.classify(row, knowing([...base, ['cp.enrolment', '42:1042', { id: 1042 }]]))).toMatchObject({
      class: 'unchanged',
    });
    expect(
      unenrol.classify(row, knowing([...base, ['cp.enrolment', '42:1042', { id: 1042 }]])),
    ).toMatchObject({
      class: 'update',
      diff: [{ field: 'course 0042 (Safety)', old: 'learner', new: 'removed' }],
    });
    expect(unenrol.classify(row, knowing([...base, ['cp.enrolment', '42:1042', null]]))).toMatchObject({
      class: 'unchanged',
    });
  });

  it('groups: an unknown group name is missing (never created by a typo); membership decides the rest', () => {
    const add = plannerFor('coursepath.groups.add')!;
    const row = input('coursepath.groups.add', { memberId: '1042', name: 'Sales  EMEA' });
    const base = [['cp.memberById', '1042', ana]] as [ReaderId, string, LmsRecord | null][];
    expect(add.classify(row, knowing([...base, ['cp.group', 'sales emea', null]]))).toMatchObject({
      class: 'missing',
    });
    const withGroup = [...base, ['cp.group', 'sales emea', { id: 5, name: 'Sales EMEA' }]] as [
      ReaderId,
      string,
      LmsRecord | null,
    ][];
    expect(add.classify(row, knowing(withGroup))).toEqual({
      kind: 'need',
      reads: [{ reader: 'cp.groupMember', key: '5:1042' }],
    });
    expect(add.classify(row, knowing([...withGroup, ['cp.groupMember', '5:1042', null]]))).toMatchObject({
      class: 'create',
    });
    expect(
      plannerFor('coursepath.groups.remove')!.classify(
        row,
        knowing([...withGroup, ['cp.groupMember', '5:1042', null]]),
      ),
    ).toMatchObject({
      class: 'unchanged',
    });
  });

  it('program membership cannot be read: planned on the member alone, and says so', () => {
    const p = plannerFor('coursepath.programs.add')!;
    const row = input('coursepath.programs.add', { programId: '9', memberId: '1042' });
    expect(p.classify(row, knowing([['cp.memberById', '1042', null]]))).toMatchObject({ class: 'missing' });
    const v = p.classify(row, knowing([['cp.memberById', '1042', ana]]));
    expect(v).toMatchObject({ class: 'create' });
    if (v.kind === 'done') expect(v.note).toMatch(/no read of a program's members/);
  });

  it('Coassemble metadata is replaced whole: keys left out of the file show as removed', () => {
    const p = plannerFor('coassemble.users.upsert')!;
    const row = input(
      'coassemble.users.upsert',
      { identifier: 'u-1', team: 'red', site: 'Gent' },
      {
        metadata: {
          kind: 'keyValue',
          entries: [
            { key: 'team', column: 'team' },
            { key: 'site', column: 'site' },
          ],
        },
        team: { kind: 'none' },
        site: { kind: 'none' },
      },
    );
    // A list row without metadata: the user is read by itself first.
    const listed = ['ca.user', 'u-1', { identifier: 'u-1', name: null }] as [
      ReaderId,
      string,
      LmsRecord | null,
    ];
    expect(p.classify(row, knowing([listed]))).toEqual({
      kind: 'need',
      reads: [{ reader: 'ca.userFull', key: 'u-1' }],
    });
    const full = [
      'ca.userFull',
      'u-1',
      { identifier: 'u-1', metadata: { team: 'blue', site: 'Gent', badge: 'B12' } },
    ] as [ReaderId, string, LmsRecord];
    const v = p.classify(row, knowing([listed, full]));
    expect(v).toMatchObject({
      class: 'update',
      diff: [
        { field: 'metadata.team', old: 'blue', new: 'red' },
        { field: 'metadata.badge', old: 'B12', new: null },
      ],
    });
    if (v.kind === 'done') expect(v.note).toMatch(/replaced whole/);
    expect(p.classify(row, knowing([['ca.user', 'u-1', null]]))).toMatchObject({ class: 'create' });
  });

  it('a plan of create member is sent as create or update, or as create member when nothing updates', () => {
    const counts = { ...emptyCounts(), create: 5 };
    const plan = { templateId: 'coursepath.members.create', runTemplateId: 'coursepath.members.upsert', counts };
    expect(runTemplateOf(plan)).toBe('coursepath.members.create');
    expect(runTemplateOf({ ...plan, counts: { ...counts, update: 1 } })).toBe('coursepath.members.upsert');
    // A create-or-update plan stays one: the template itself is plan-only.
    expect(runTemplateOf({ ...plan, templateId: 'coursepath.members.upsert' })).toBe('coursepath.members.upsert');
  });

  it('refuses templates that act on something a plan cannot compare, saying why', () => {
    expect(plannerFor('coassemble.courses.delete')).toBeUndefined();
    expect(plannerFor('coursepath.members.invite')).toBeUndefined();
    expect(noPlanReason('coassemble.courses.delete')).toMatch(
      /"Coassemble: delete course" has no plan: .* Use the dry run/,
    );
  });
});
