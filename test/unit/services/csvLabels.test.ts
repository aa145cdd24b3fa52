// How CSV and workbook messages quote a header, a cell or a sheet name (src-main/services/csv/labels.ts).
import { describe, expect, it } from 'vitest';
import { quoted } from '../../../src-main/services/csv/labels';

describe('quoted', () => {
  it('quotes a value whole, escaped so a line break or a quote in it shows', () => {
    expect(quoted('email')).toBe('"email"');
    expect(quoted('First\nname "given"')).toBe('"First\\nname \\"given\\""');
    expect(quoted('h'.repeat(120))).toBe(`"${'h'.repeat(120)}"`);
  });

  it('cuts a long one as every message does: its first 80 characters, then its size', () => {
    expect(quoted('h'.repeat(5000))).toBe(`"${'h'.repeat(80)}"… (5,000 characters in all)`);
    expect(quoted(`a\n${'h'.repeat(5 * 1024 * 1024)}`)).toBe(`"a\\n${'h'.repeat(78)}"… (5.0 MB in all)`);
  });
});
