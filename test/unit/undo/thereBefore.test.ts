// What the read before an add or a removal saw (src-shared/undo/thereBefore.ts), through the undo's own
// derivation.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { BuiltRequest } from '../../../src-shared/mapping/types';
import { goneBefore, readSaysThere } from '../../../src-shared/undo/thereBefore';

const enrol = getTemplate('coursepath.courses.enrol')!;
const groupAdd = getTemplate('coursepath.groups.add')!;
/** The request a row of `values` builds, as the runner sends it. */
function built(id: string, values: Record<string, string>): BuiltRequest {
  const fields = Object.fromEntries(
    Object.keys(values).map((k) => [k, { kind: 'column' as const, column: k }]),
  );
  return buildRequest(getTemplate(id)!, { fields }, values).request!;
}
const sentEnrol = built('coursepath.courses.enrol', { courseId: '7', memberId: '42' });
const sentGroup = built('coursepath.groups.add', { memberId: '42', name: 'Sales' });

describe('readSaysThere', () => {
  it('an enrolment: a membership read is "there", a 404 is "not there", no read says nothing', () => {
    expect(readSaysThere(enrol, sentEnrol, { kind: 'state', body: '{"id":1}' })).toBe(true);
    expect(readSaysThere(enrol, sentEnrol, { kind: 'absent' })).toBe(false);
    expect(readSaysThere(enrol, sentEnrol, null)).toBeNull();
    expect(readSaysThere(enrol, sentEnrol, { kind: 'unreadable', why: 'HTTP 500' })).toBeNull();
  });

  it('a group add: there when the member’s groups list the name (any case), not there otherwise', () => {
    expect(readSaysThere(groupAdd, sentGroup, { kind: 'state', body: '[{"name":"sales"}]' })).toBe(true);
    expect(readSaysThere(groupAdd, sentGroup, { kind: 'state', body: '[{"name":"Support"}]' })).toBe(false);
  });
});

describe('goneBefore', () => {
  const courseDelete = getTemplate('coassemble.courses.delete')!;
  const sent = built('coassemble.courses.delete', { courseId: '123' });
  const course = (fields: Record<string, unknown>) =>
    JSON.stringify({ id: 123, published: '2026-01-01T00:00:00Z', deleted: null, ...fields });

  it('a course delete: the course read deleted, or not found, is gone — named as the admin looks it up', () => {
    expect(
      goneBefore(courseDelete, sent, { kind: 'state', body: course({ deleted: '2026-02-01T00:00:00Z' }) }),
    ).toBe('course 123');
    expect(goneBefore(courseDelete, sent, { kind: 'absent' })).toBe('course 123');
  });

  it('a live course, no read, or a read that failed says nothing', () => {
    expect(goneBefore(courseDelete, sent, { kind: 'state', body: course({}) })).toBeNull();
    expect(goneBefore(courseDelete, sent, { kind: 'state', body: course({ published: null }) })).toBeNull();
    expect(goneBefore(courseDelete, sent, null)).toBeNull();
    expect(goneBefore(courseDelete, sent, { kind: 'unreadable', why: 'HTTP 500' })).toBeNull();
  });

  it('an enrolment removal names the enrolment its read found gone', () => {
    const unenrol = getTemplate('coursepath.courses.unenrol')!;
    const sentUnenrol = built('coursepath.courses.unenrol', { courseId: '7', memberId: '42' });
    expect(goneBefore(unenrol, sentUnenrol, { kind: 'absent' })).toBe('enrolment of member 42 in course 7');
  });

  it('a removal whose read cannot name its target says nothing (its LMS words stand alone)', () => {
    // A group removal reads the member's groups: "not found" there is the member, not the membership.
    const remove = getTemplate('coursepath.groups.remove')!;
    const sentRemove = built('coursepath.groups.remove', { memberId: '42', name: 'Sales' });
    expect(goneBefore(remove, sentRemove, { kind: 'absent' })).toBeNull();
  });
});
