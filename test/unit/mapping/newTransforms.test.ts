// The date-format, regex-replace and conditional transforms: pure, chained like the others, and a value
// they cannot handle stops the row with a message (onError) instead of being sent half-transformed.
import { describe, expect, it } from 'vitest';
import { applyTransforms } from '../../../src-shared/mapping/transforms';
import { checkMapping } from '../../../src-shared/mapping/checkMapping';
import { describeTransform } from '../../../src-shared/mapping/describeTransform';
import type { Transform } from '../../../src-shared/mapping/types';
import { getTemplate } from '../../../src-shared/connectors/catalog';

const run = (value: string, ts: Transform[]) => {
  const errors: string[] = [];
  const out = applyTransforms(value, ts, (m) => errors.push(m));
  return { out, errors };
};

describe('date format transform', () => {
  const t: Transform = { kind: 'dateFormat', from: 'DD/MM/YYYY', to: 'YYYY-MM-DD' };
  it('re-spells a date and leaves an empty cell empty', () => {
    expect(run('05/11/2024', [t])).toEqual({ out: '2024-11-05', errors: [] });
    expect(run('  ', [t])).toEqual({ out: '  ', errors: [] });
  });
  it('refuses a date that does not exist', () => {
    expect(run('31/04/2024', [t]).errors).toEqual(['"31/04/2024": April 2024 has no day 31']);
  });
  it('runs after the transforms before it', () => {
    expect(
      run(' 5/11/2024 ', [{ kind: 'trim' }, { kind: 'dateFormat', from: 'D/M/YYYY', to: 'YYYY-MM-DD' }]).out,
    ).toBe('2024-11-05');
  });
});

describe('regex replace transform', () => {
  it.each<[string, Transform, string]>([
    [
      '+32 (0)475 12 34 56',
      { kind: 'regexReplace', pattern: '[^0-9+]', flags: 'g', replacement: '' },
      '+320475123456',
    ],
    [
      'Smith, John',
      { kind: 'regexReplace', pattern: '^(\\w+), (\\w+)$', flags: '', replacement: '$2 $1' },
      'John Smith',
    ],
    ['A-b-C', { kind: 'regexReplace', pattern: 'b', flags: 'i', replacement: 'x' }, 'A-x-C'],
    ['aaa', { kind: 'regexReplace', pattern: 'a', flags: '', replacement: 'b' }, 'baa'],
    ['aaa', { kind: 'regexReplace', pattern: 'a', flags: 'g', replacement: 'b' }, 'bbb'],
  ])('%j with %j is %j', (value, t, out) => {
    expect(run(value, [t])).toEqual({ out, errors: [] });
  });
  it('the same global expression twice in a row gives the same answer (no lastIndex left behind)', () => {
    const t: Transform = { kind: 'regexReplace', pattern: 'a', flags: 'g', replacement: 'b' };
    expect(run('aXa', [t]).out).toBe('bXb');
    expect(run('aXa', [t]).out).toBe('bXb');
  });
  it('an expression that does not compile stops the row, and the mapping check says so once', () => {
    const t: Transform = { kind: 'regexReplace', pattern: '(unclosed', flags: 'g', replacement: '' };
    const r = run('x', [t]);
    expect(r.out).toBe('x');
    expect(r.errors[0]).toMatch(/^Regular expression \/\(unclosed\/: /);
    const template = getTemplate('coursepath.members.create')!;
    const issues = checkMapping(
      template,
      { fields: { email: { kind: 'column', column: 'e', transforms: [t] } } },
      ['e'],
    );
    expect(issues).toEqual([
      expect.objectContaining({
        field: 'email',
        level: 'error',
        message: expect.stringMatching(/^Email: Regular expression/),
      }),
    ]);
  });
  it('refuses flags other than g, i, m, s, u', () => {
    expect(run('x', [{ kind: 'regexReplace', pattern: 'x', flags: 'y', replacement: '' }]).errors[0]).toMatch(
      /flags may only be/,
    );
  });
});

describe('conditional transform', () => {
  it.each<[string, Transform, string]>([
    ['', { kind: 'conditional', test: 'empty', value: '', then: 'n/a', otherwise: null }, 'n/a'],
    ['  ', { kind: 'conditional', test: 'empty', value: '', then: 'n/a', otherwise: null }, 'n/a'],
    ['x', { kind: 'conditional', test: 'empty', value: '', then: 'n/a', otherwise: null }, 'x'],
    ['x', { kind: 'conditional', test: 'empty', value: '', then: 'n/a', otherwise: 'filled' }, 'filled'],
    [
      ' YES ',
      { kind: 'conditional', test: 'equals', value: 'yes', then: 'true', otherwise: 'false' },
      'true',
    ],
    ['no', { kind: 'conditional', test: 'equals', value: 'yes', then: 'true', otherwise: 'false' }, 'false'],
    ['maybe', { kind: 'conditional', test: 'equals', value: 'yes', then: 'true', otherwise: null }, 'maybe'],
  ])('%j with %j is %j', (value, t, out) => {
    expect(run(value, [t])).toEqual({ out, errors: [] });
  });
});

describe('transforms in words', () => {
  it.each<[Transform, string]>([
    [{ kind: 'dateFormat', from: 'DD/MM/YYYY', to: 'YYYY-MM-DD' }, 'date DD/MM/YYYY → YYYY-MM-DD'],
    [{ kind: 'regexReplace', pattern: '\\s+', flags: 'g', replacement: ' ' }, 'replace /\\s+/g with " "'],
    [
      { kind: 'conditional', test: 'equals', value: 'Y', then: 'true', otherwise: 'false' },
      'if equals "Y": "true", else "false"',
    ],
    [{ kind: 'conditional', test: 'empty', value: '', then: 'en', otherwise: null }, 'if empty: "en"'],
    [
      { kind: 'lookup', entity: 'coassemble.course', from: 'title', connectionId: '', state: 'deleted' },
      'look up deleted Coassemble course title → id',
    ],
    [
      { kind: 'lookup', entity: 'coursepath.group', from: 'name', connectionId: '', to: 'name' },
      'look up Coursepath group name → name',
    ],
  ])('%j', (t, words) => expect(describeTransform(t)).toBe(words));
});
