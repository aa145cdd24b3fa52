import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../src-shared/connectors/types';
import { checkValue } from '../../../src-shared/mapping/fieldChecks';

const field = (type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key: 'f',
  label: 'Course ID',
  location: 'body',
  name: 'f',
  type,
  required: true,
  help: '',
  ...extra,
});
const messages = (f: FieldSpec, v: string) => checkValue(f, v, true).map((i) => i.message);

describe('the Trim hint is offered only where trimming fixes the value', () => {
  it('an id with spaces around it: Trim', () => {
    expect(messages(field('integer'), ' 42 ')).toEqual([
      'Course ID: " 42 " is not a numeric id (digits only) (it has spaces around it: add the Trim transform)',
    ]);
  });
  it('a course title with spaces around it in an id field: not Trim, which leaves a title', () => {
    const [m] = messages(field('integer'), ' Fire safety ');
    expect(m).toBe('Course ID: " Fire safety " is not a numeric id (digits only)');
  });
  it('emails, languages and options likewise', () => {
    expect(messages(field('email', { label: 'Email' }), ' ann@example.com ')[0]).toContain('add the Trim');
    expect(messages(field('email', { label: 'Email' }), ' Ann Lee ')[0]).not.toContain('Trim');
    expect(messages(field('language', { label: 'Language' }), ' fr ')[0]).toContain('add the Trim');
    expect(messages(field('language', { label: 'Language' }), ' French ')[0]).not.toContain('Trim');
    const status = field('enum', { label: 'Status', options: ['active', 'inactive'] });
    expect(messages(status, ' active ')[0]).toContain('add the Trim');
    expect(messages(status, ' on leave ')[0]).not.toContain('Trim');
  });
});
