// What the read before an add saw (src-shared/undo/thereBefore.ts), through the undo's own derivation.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { BuiltRequest } from '../../../src-shared/mapping/types';
import { readSaysThere } from '../../../src-shared/undo/thereBefore';

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
