import { describe, expect, it } from 'vitest';
import { andList } from '../../../src-shared/util/andList';

describe('andList: a list as an English sentence says it', () => {
  it('none, one, two, three and more', () => {
    expect(andList([])).toBe('');
    expect(andList(['a'])).toBe('a');
    expect(andList(['a', 'b'])).toBe('a and b');
    expect(andList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(andList(['a', 'b', 'c', 'd'])).toBe('a, b, c and d');
  });

  it('numbers as they are written, and items that hold commas or "and" kept whole', () => {
    expect(andList([3, 5, 1000])).toBe('3, 5 and 1000');
    expect(andList([0])).toBe('0');
    expect(andList(['users and clients', 'groups, members'])).toBe('users and clients and groups, members');
  });
});
