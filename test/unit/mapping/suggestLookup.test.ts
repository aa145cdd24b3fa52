// A "Course" column of titles auto-matched into the integer Course ID: the lookup is offered, not left
// for 31 rows to fail; ids, emails in a course field, or a lookup already there: nothing is offered.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { lookupFor, suggestLookup } from '../../../src-shared/mapping/suggestLookup';
import type { FieldSource } from '../../../src-shared/mapping/types';

const enrol = getTemplate('coursepath.courses.enrol')!;
const field = (t: typeof enrol, key: string) => t.fields.find((f) => f.key === key)!;
const col = (column: string): FieldSource => ({ kind: 'column', column });

describe('lookup suggestions', () => {
  it('course titles in a Course ID → look the title up', () => {
    const s = suggestLookup(enrol, field(enrol, 'courseId'), col('Course'), [
      'Fire Safety',
      'GDPR basics',
      '',
    ]);
    expect(s?.transform).toEqual({
      kind: 'lookup',
      entity: 'coursepath.course',
      from: 'title',
      connectionId: '',
    });
    expect(s?.reason).toMatch(
      /^"Course" holds course titles \("Fire Safety"\), not Course IDs: every row would be refused/,
    );
  });

  it('emails in a Member ID → look the email up', () => {
    const s = suggestLookup(enrol, field(enrol, 'memberId'), col('Email'), [
      'ann@example.com',
      'bo@example.com',
    ]);
    expect(s?.transform).toMatchObject({ entity: 'coursepath.member', from: 'email' });
  });

  it('program titles in a Program ID → the program catalog', () => {
    const t = getTemplate('coursepath.programs.add')!;
    expect(suggestLookup(t, field(t, 'programId'), col('Program'), ['Onboarding'])?.transform).toMatchObject({
      entity: 'coursepath.program',
      from: 'title',
    });
  });

  it('restoring a Coassemble course by title looks among the deleted courses', () => {
    const t = getTemplate('coassemble.courses.restore')!;
    expect(suggestLookup(t, field(t, 'courseId'), col('Course'), ['Old course'])?.transform).toEqual({
      kind: 'lookup',
      entity: 'coassemble.course',
      from: 'title',
      connectionId: '',
      state: 'deleted',
    });
  });

  it('offers nothing for ids, for emails in a course field, for empty samples, or when a lookup is there', () => {
    expect(suggestLookup(enrol, field(enrol, 'courseId'), col('Course'), ['12', '14', 'x'])).toBeNull();
    expect(suggestLookup(enrol, field(enrol, 'courseId'), col('Course'), ['a@b.co'])).toBeNull();
    expect(suggestLookup(enrol, field(enrol, 'courseId'), col('Course'), ['', ' '])).toBeNull();
    const withLookup: FieldSource = {
      kind: 'column',
      column: 'Course',
      transforms: [{ kind: 'lookup', entity: 'coursepath.course', from: 'title', connectionId: '' }],
    };
    expect(suggestLookup(enrol, field(enrol, 'courseId'), withLookup, ['Fire Safety'])).toBeNull();
    expect(
      suggestLookup(enrol, field(enrol, 'courseId'), { kind: 'constant', value: 'x' }, ['Fire Safety']),
    ).toBeNull();
  });
});

describe('the lookup a field starts with when the admin adds one by hand', () => {
  const lookup = (entity: string, from: string) => ({ kind: 'lookup', entity, from, connectionId: '' });
  it('answers the field on the mapping’s API', () => {
    expect(lookupFor('coursepath', 'memberId')).toEqual(lookup('coursepath.member', 'email'));
    expect(lookupFor('coursepath', 'courseId')).toEqual(lookup('coursepath.course', 'title'));
    expect(lookupFor('coursepath', 'programId')).toEqual(lookup('coursepath.program', 'title'));
    expect(lookupFor('coursepath', 'groupId')).toEqual(lookup('coursepath.group', 'name'));
    expect(lookupFor('coassemble', 'courseId')).toEqual(lookup('coassemble.course', 'title'));
    expect(lookupFor('coassemble', 'identifier')).toEqual(lookup('coassemble.user', 'email'));
  });
  it('any other field: the API’s course titles, never a catalog of the other API', () => {
    expect(lookupFor('coassemble', 'title')).toEqual(lookup('coassemble.course', 'title'));
    expect(lookupFor('coassemble', 'memberId')).toEqual(lookup('coassemble.course', 'title'));
    expect(lookupFor('coursepath', 'name')).toEqual(lookup('coursepath.course', 'title'));
  });
});
