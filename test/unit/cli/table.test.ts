// The CLI's text tables print what the LMS sent (learner names, course titles): a name with a newline or
// an escape sequence must neither split its row nor reach the terminal as a control. CSV and JSON keep
// the text exact; only the printed table shows it escaped.
import { describe, expect, it } from 'vitest';
import { table } from '../../../src-main/cli/io';

const EVIL = 'Evil\nName \x1b[31mRED\x1b[0m\tTab';

describe('table()', () => {
  it('shows control characters escaped, one line per row', () => {
    const text = table(
      ['name', 'email'],
      [
        [EVIL, 'evil@example.com'],
        ['Ann', 'ann@example.com'],
      ],
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(lines[1]).toContain(String.raw`Evil\nName \x1b[31mRED\x1b[0m\tTab`);
    // Both email cells start in the same column.
    expect(lines[1]!.indexOf('evil@')).toBe(lines[2]!.indexOf('ann@'));
  });

  it('escapes carriage returns, other C0/C1 controls and text-direction overrides', () => {
    const text = table(['x'], [['a\rb'], ['c\x00d\x7fe\u009bf'], ['abc\u202edef']]);
    expect(text).toBe(
      ['x', String.raw`a\rb`, String.raw`c\x00d\x7fe\x9bf`, String.raw`abc\u202edef`].join('\n') + '\n',
    );
  });

  it('lines columns up by display width: a CJK or accented name takes the columns it shows in', () => {
    const text = table(
      ['name', 'email'],
      [
        ['山田太郎', 'taro@example.com'],
        ['Zoe\u0301', 'zoe@example.com'], // e + combining acute: one column
        ['Ann', 'ann@example.com'],
      ],
    );
    const lines = text.trimEnd().split('\n');
    // 山田太郎 is 4 characters but 8 columns wide: the next column starts after 8 + 2.
    expect(lines[1]).toBe('山田太郎  taro@example.com');
    expect(lines[2]).toBe('Zoé       zoe@example.com'.replace('é', 'e\u0301'));
    expect(lines[3]).toBe('Ann       ann@example.com');
    expect(lines[0]).toBe('name      email');
  });
});
