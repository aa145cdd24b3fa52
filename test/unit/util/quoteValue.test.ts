import { describe, expect, it } from 'vitest';
import { quoteValue, shortValue } from '../../../src-shared/util/quoteValue';

describe('a value quoted in a message is cut short when it is long', () => {
  it('a short value is quoted exactly as it is', () => {
    expect(quoteValue('ann@example')).toBe('"ann@example"');
    expect(quoteValue('x'.repeat(120))).toBe(`"${'x'.repeat(120)}"`);
  });

  it('a long one: its first 80 characters, then how long it is in all', () => {
    expect(quoteValue('A'.repeat(5000))).toBe(`"${'A'.repeat(80)}"… (5,000 characters in all)`);
    expect(quoteValue('A'.repeat(5 * 1024 * 1024))).toBe(`"${'A'.repeat(80)}"… (5.0 MB in all)`);
    expect(quoteValue('é'.repeat(300_000))).toBe(`"${'é'.repeat(80)}"… (585.9 KB in all)`); // UTF-8: 2 bytes each
  });

  it('never cuts a character in two', () => {
    const q = quoteValue('😀'.repeat(200));
    expect(q.startsWith(`"${'😀'.repeat(80)}"…`)).toBe(true);
  });
});

describe('shortValue: the same cut, for text shown without quotes (a row key)', () => {
  it('a short value as it is, a long one by its first 80 characters and its size', () => {
    expect(shortValue('email=ann@example.com')).toBe('email=ann@example.com');
    expect(shortValue('x'.repeat(120))).toBe('x'.repeat(120));
    expect(shortValue(`name=${'G'.repeat(5 * 1024 * 1024)}`)).toBe(`name=${'G'.repeat(75)}… (5.0 MB in all)`);
    expect(shortValue('😀'.repeat(200))).toBe(`${'😀'.repeat(80)}… (400 characters in all)`);
  });
});
