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

describe('dates are checked against the calendar and the clock, not only their shape', () => {
  const start = field('date', { label: 'Start' });
  it('accepts real dates and times, 29 February of a leap year included', () => {
    for (const v of [
      '2026-12-31',
      '2024-02-29',
      '2000-02-29',
      '2026-02-28T23:59:59Z',
      '2026-06-01 00:00',
      '2026-06-01T12:30:15.250+05:30',
    ])
      expect(messages(start, v), v).toEqual([]);
  });
  it('says what is wrong with an impossible one', () => {
    expect(messages(start, '2026-13-45')).toEqual([
      'Start: "2026-13-45" is not a date: there is no month 13',
    ]);
    expect(messages(start, '2026-02-30T25:61:00Z')).toEqual([
      'Start: "2026-02-30T25:61:00Z" is not a date: February 2026 has 28 days, not 30',
    ]);
    expect(messages(start, '2026-02-29')).toEqual([
      'Start: "2026-02-29" is not a date: February 2026 has 28 days, not 29',
    ]);
    expect(messages(start, '1900-02-29')).toEqual([
      'Start: "1900-02-29" is not a date: February 1900 has 28 days, not 29',
    ]);
    expect(messages(start, '2026-04-31')).toEqual([
      'Start: "2026-04-31" is not a date: April 2026 has 30 days, not 31',
    ]);
    expect(messages(start, '2026-04-00')).toEqual(['Start: "2026-04-00" is not a date: there is no day 0']);
    expect(messages(start, '2026-02-10T25:61:00Z')).toEqual([
      'Start: "2026-02-10T25:61:00Z" is not a time of day: hour 25 (00–23)',
    ]);
    expect(messages(start, '2026-02-10T24:00:00Z')).toEqual([
      'Start: "2026-02-10T24:00:00Z" is not a time of day: hour 24 (00–23; midnight is 00:00 of the next day)',
    ]);
    expect(messages(start, '2026-02-10T10:61')).toEqual([
      'Start: "2026-02-10T10:61" is not a time of day: minute 61 (00–59)',
    ]);
    // A leap second is refused: JavaScript dates and most servers cannot read one.
    expect(messages(start, '2016-12-31T23:59:60Z')).toEqual([
      'Start: "2016-12-31T23:59:60Z" is not a time of day: second 60 (00–59; leap seconds are not accepted)',
    ]);
    expect(messages(start, '2026-02-10T10:00+24:00')).toEqual([
      'Start: "2026-02-10T10:00+24:00" has no such time zone offset: +24:00 (up to ±23:59)',
    ]);
    expect(messages(start, '10/02/2026')).toEqual([
      'Start: "10/02/2026" is not an ISO 8601 date (YYYY-MM-DD)',
    ]);
  });
});

describe('emails with invisible characters', () => {
  const email = field('email', { label: 'Email' });
  it('refuses a format character (zero-width space and its kin), naming it by code point and position', () => {
    expect(messages(email, 'ann\u200b@example.com')).toEqual([
      'Email: "ann\u200b@example.com" has an invisible character U+200B (zero width space) at position 4: retype the address or remove it',
    ]);
    for (const c of ['\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'])
      expect(messages(email, `ann@exa${c}mple.com`)[0], c.codePointAt(0)!.toString(16)).toMatch(
        new RegExp(
          `invisible character U\\+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} .*at position 8`,
        ),
      );
    expect(messages(email, 'ann@example.com')).toEqual([]);
  });
});

describe('a huge cell is quoted short in its message (a 5 MB cell made a 5 MB error, stored and exported)', () => {
  const huge = 'A'.repeat(5 * 1024 * 1024);
  it.each([
    ['email', {}],
    ['integer', {}],
    ['boolean', {}],
    ['language', {}],
    ['date', {}],
    ['enum', { options: ['a', 'b'] }],
    ['string', { location: 'path' }],
  ] as const)('%s', (type, extra) => {
    const [m] = messages(field(type, extra as Partial<FieldSpec>), type === 'string' ? ` ${huge} ` : huge);
    expect(m).toBeDefined();
    expect(m!.length).toBeLessThan(300);
    // The first 80 characters (the path field's leading space is one of them), then the size.
    expect(m).toMatch(/"( A{79}|A{80})"… \(5\.0 MB in all\)/);
  });
});

describe('a control character in a cell is refused, named by code point and position', () => {
  it('in a name, an email, a path id: the row is not sent', () => {
    expect(messages(field('string', { label: 'Name' }), 'Al\x01ice')).toEqual([
      'Name: "Al\x01ice" has a control character U+0001 at position 3, which text never holds: remove it from the cell',
    ]);
    expect(checkValue(field('string'), 'Al\x01ice', true)[0]!.level).toBe('error');
    expect(messages(field('email', { label: 'Email' }), 'ann\x1b@example.com')).toEqual([
      'Email: "ann\x1b@example.com" has a control character U+001B (escape) at position 4, which text never holds: remove it from the cell',
    ]);
    expect(messages(field('string', { location: 'path' }), 'abc\x7f')[0]).toContain(
      'U+007F (delete) at position 4',
    );
  });

  it('a C1 control says what it usually means: the file read in the wrong encoding', () => {
    expect(messages(field('string', { label: 'Name' }), '\x93Ann\x94')).toEqual([
      'Name: "\x93Ann\x94" has a control character U+0093 at position 1, which text never holds: ' +
        'C1 controls (U+0080–U+009F) usually mean the file was read in the wrong encoding; import it again choosing its encoding',
    ]);
  });

  it('a vertical tab alone is not "only whitespace", and a metadata pair\'s value is a cell too', () => {
    expect(messages(field('string', { label: 'Note', required: false }), '\x0b')).toEqual([
      'Note: "\x0b" has a control character U+000B (vertical tab) at position 1, which text never holds: remove it from the cell',
    ]);
    const metadata = field('keyValue', { label: 'Metadata' });
    expect(checkValue(metadata, [['team', 'red\x00']], true).map((i) => i.message)).toEqual([
      'Metadata: key "team": "red\x00" has a control character U+0000 (null) at position 4, which text never holds: remove it from the cell',
    ]);
    expect(checkValue(metadata, [['team', 'red\nblue']], true)).toEqual([]);
  });

  it('line breaks and tabs are text: accepted', () => {
    for (const v of ['two\nlines', 'two\r\nlines', 'old\rmac', 'a\tb'])
      expect(messages(field('string', { label: 'Note' }), v), JSON.stringify(v)).toEqual([]);
  });
});
