// The delimiters the CSV reader takes (issue 15): one rule for the reader, the import screen and the CLI.
import { describe, expect, it } from 'vitest';
import { delimiterProblem } from '../../../src-shared/dataset/delimiter';

describe('delimiterProblem', () => {
  it('takes the usual separators and any short text without quotes or line breaks', () => {
    for (const d of [',', ';', '\t', '|', '::', '12345678']) expect(delimiterProblem(d), d).toBeUndefined();
  });

  it('says why the others cannot be used', () => {
    expect(delimiterProblem('')).toBe('a delimiter cannot be empty');
    expect(delimiterProblem('"')).toBe('a quote (") cannot be a delimiter: it opens and closes quoted cells');
    expect(delimiterProblem('\r\n')).toBe('a line break cannot be a delimiter: it ends a row');
    expect(delimiterProblem('\uFEFF;')).toBe('a byte-order mark (U+FEFF) cannot be a delimiter');
    expect(delimiterProblem('123456789')).toBe('a delimiter is at most 8 characters long; this one has 9');
  });
});
