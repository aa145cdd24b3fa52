// Map's "Auto-match again" and "apply a saved mapping" replace the whole working mapping (saved at once,
// no undo): what they would throw away, so the screen can name it before asking.
import { describe, expect, it } from 'vitest';
import { replacedFields } from '../../../src-shared/mapping/replacedFields';
import type { Mapping } from '../../../src-shared/mapping/types';

const current: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first} {last}', transforms: [{ kind: 'trim' }] },
    department: { kind: 'constant', value: 'Sales' },
    externalId: { kind: 'none' },
  },
};

describe('replacedFields', () => {
  it('names each field set that the replacement sets otherwise or leaves unset', () => {
    const next: Mapping = {
      fields: {
        email: { kind: 'column', column: 'email' },
        name: { kind: 'column', column: 'name' },
        externalId: { kind: 'column', column: 'employee_id' },
      },
    };
    expect(replacedFields(current, next)).toEqual([
      'name ← template "{first} {last}", trim spaces',
      'department ← "Sales" for every row',
    ]);
  });

  it('nothing when the replacement keeps every field as it is (key order aside)', () => {
    const next: Mapping = {
      fields: {
        name: { transforms: [{ kind: 'trim' }], template: '{first} {last}', kind: 'template' },
        email: { column: 'email', kind: 'column' },
        department: { value: 'Sales', kind: 'constant' },
        title: { kind: 'column', column: 'job_title' },
      },
    };
    expect(replacedFields(current, next)).toEqual([]);
  });

  it('a transform added to a column counts as set: auto-match dropping it loses it', () => {
    const mine: Mapping = {
      fields: { email: { kind: 'column', column: 'email', transforms: [{ kind: 'lower' }] } },
    };
    expect(replacedFields(mine, { fields: { email: { kind: 'column', column: 'email' } } })).toEqual([
      'email ← column "email", lower case',
    ]);
  });

  it('a field auto-match chose and the admin left alone is not counted: auto-match gives it back', () => {
    const next: Mapping = { fields: { email: { kind: 'column', column: 'mail' } } };
    expect(replacedFields(current, next, ['email', 'name'])).toEqual(['department ← "Sales" for every row']);
  });
});
