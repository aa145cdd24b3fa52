// A value a transform cannot turn into what the field needs (a lookup that finds nothing, a date that does
// not fit its format) names the field by its label, as a type error does ("Email: is required"), so the
// CLI's "Row 3: …" line and a skipped row's error say which field stopped the row.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import { issueText } from '../../../src-shared/mapping/issueText';
import type { Mapping, Transform } from '../../../src-shared/mapping/types';

const enrol = getTemplate('coursepath.courses.enrol')!;
const lookup: Transform = {
  kind: 'lookup',
  entity: 'coursepath.course',
  from: 'title',
  connectionId: '',
  resolved: { entries: { 'fire safety': '23410' }, ambiguous: {}, catalog: 'the SB CP catalog' },
};
const label = (key: string) => enrol.fields.find((f) => f.key === key)!.label;

describe('transform errors name their field', () => {
  it('a lookup that finds nothing starts with the field label, and a screen names the field once', () => {
    const mapping: Mapping = {
      fields: {
        courseId: { kind: 'column', column: 'Course', transforms: [lookup] },
        memberId: { kind: 'constant', value: '7' },
      },
    };
    const { request, issues } = buildRequest(enrol, mapping, { Course: 'Nope' });
    expect(request).toBeNull();
    expect(issues).toEqual([
      {
        field: 'courseId',
        level: 'error',
        message: `${label('courseId')}: "Nope" is not a course title in the SB CP catalog`,
      },
    ]);
    expect(issueText(3, issues[0]!, label('courseId'))).toEqual({
      where: `Row 3, ${label('courseId')}`,
      message: '"Nope" is not a course title in the SB CP catalog',
    });
  });

  it('a date that does not fit its format names the field', () => {
    const mapping: Mapping = {
      fields: {
        courseId: {
          kind: 'column',
          column: 'Course',
          transforms: [{ kind: 'dateFormat', from: 'DD/MM/YYYY', to: 'YYYY-MM-DD' }],
        },
        memberId: { kind: 'constant', value: '7' },
      },
    };
    const { issues } = buildRequest(enrol, mapping, { Course: '2024-12-31' });
    const messages = issues.filter((i) => i.level === 'error').map((i) => i.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^${label('courseId')}: .*is not a date written as DD/MM/YYYY`));
  });
});
