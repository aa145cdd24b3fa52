import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { checkMapping } from '../../../src-shared/mapping/checkMapping';
import type { Mapping } from '../../../src-shared/mapping/types';
import { validateRows } from '../../../src-shared/mapping/validateRows';

const create = getTemplate('coursepath.members.create')!;
const mapping: Mapping = {
  fields: { email: { kind: 'column', column: 'Email' }, country: { kind: 'column', column: 'Country' } },
};

describe('validateRows', () => {
  it('names a repeated long key by its start and size, not whole', () => {
    const group = 'G'.repeat(5 * 1024 * 1024);
    const add = getTemplate('coursepath.groups.add')!;
    const groups: Mapping = { fields: { memberId: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'group' } } };
    const report = validateRows(add, groups, [
      { id: '7', group },
      { id: '7', group },
    ]);
    expect(report.rows).toEqual([
      {
        rowNumber: 2,
        issues: [{ field: 'key', level: 'error', message: `Same memberId=7 name=${'g'.repeat(64)}… (5.0 MB in all) as row 1` }],
      },
    ]);
  });

  it('reports per row with 1-based numbers, rows repeating a key, and counts', () => {
    const report = validateRows(create, mapping, [
      { Email: 'ann@example.com', Country: 'BE' },
      { Email: 'not-an-email', Country: 'BE' },
      { Email: 'ANN@example.com', Country: 'BE' },
      { Email: '', Country: '' },
      { Email: 'bo@example.com', Country: '   ' },
    ]);
    expect(report.rowCount).toBe(5);
    expect(report.errorRows).toBe(3);
    expect(report.warningRows).toBe(1);
    expect(report.rows).toEqual([
      {
        rowNumber: 2,
        issues: [
          { field: 'email', level: 'error', message: 'Email: "not-an-email" is not an email address' },
        ],
      },
      {
        rowNumber: 3,
        issues: [
          { field: 'key', level: 'error', message: 'Same email=ann@example.com as row 1' },
        ],
      },
      { rowNumber: 4, issues: [{ field: 'email', level: 'error', message: 'Email: is required' }] },
      { rowNumber: 5, issues: [{ field: 'country', level: 'warning', message: 'Country: only whitespace' }] },
    ]);
    expect(report.summary[0]).toEqual({
      field: 'email',
      level: 'error',
      count: 2,
      example: 'Email: "not-an-email" is not an email address',
      firstRow: 2,
    });
  });

  it('checks numeric ids, language codes and enum options', () => {
    const tr = getTemplate('coassemble.translations.setDefault')!;
    const m: Mapping = {
      fields: { courseId: { kind: 'column', column: 'c' }, language: { kind: 'column', column: 'l' } },
    };
    const r = validateRows(tr, m, [
      { c: '12', l: 'fr' },
      { c: '12a', l: 'es-ES' },
      { c: '12', l: 'French!' },
    ]);
    expect(r.rows.map((x) => [x.rowNumber, x.issues.map((i) => i.message)])).toEqual([
      [2, ['Course ID: "12a" is not a numeric id (digits only)']],
      [3, ['Language code: "French!" is not a language code such as en, fr or es-ES']],
    ]);
    const url = getTemplate('coassemble.courses.signedUrl')!;
    const r2 = validateRows(
      url,
      { fields: { action: { kind: 'column', column: 'a' }, identifier: { kind: 'column', column: 'u' } } },
      [
        { a: 'View', u: 'x' },
        { a: 'view', u: 'x' },
      ],
    );
    expect(r2.rows.map((x) => x.issues.map((i) => i.message))).toEqual([
      ['Action: "View" is not one of "view", "edit"'],
      ['Course ID is required when the action is "view"'],
    ]);
  });

  it('caps the kept rows but keeps complete counts', () => {
    const rows = Array.from({ length: 50 }, () => ({ Email: 'x', Country: '' }));
    const r = validateRows(create, mapping, rows, { maxRows: 10 });
    expect(r.errorRows).toBe(50);
    expect(r.rows).toHaveLength(10);
    expect(r.truncated).toBe(true);
  });
});

describe('checkMapping', () => {
  it('flags unmapped required fields, missing columns, unknown placeholders and bad constants', () => {
    const issues = checkMapping(
      create,
      {
        fields: {
          name: { kind: 'template', template: '{First} {Nope}' },
          company: { kind: 'column', column: 'Firm' },
          department: { kind: 'keyValue', entries: [{ key: 'a', column: 'First' }] },
          bogus: { kind: 'constant', value: 'x' },
        },
      },
      ['First'],
    );
    expect(issues).toEqual([
      { field: 'email', level: 'error', message: 'Email: is required but not mapped' },
      { field: 'name', level: 'error', message: 'Unknown placeholder {Nope}: no column named "Nope"' },
      { field: 'company', level: 'error', message: 'Company: no column named "Firm" in this file' },
      {
        field: 'department',
        level: 'error',
        message: 'Department: key-value pairs only fit a metadata field',
      },
      {
        field: 'bogus',
        level: 'warning',
        message: '"bogus" is not a field of Coursepath: create member; it is ignored',
      },
    ]);
    expect(checkMapping(create, { fields: { email: { kind: 'constant', value: 'nobody' } } }, [])).toEqual([
      { field: 'email', level: 'error', message: 'Email: "nobody" is not an email address' },
    ]);
  });
});
