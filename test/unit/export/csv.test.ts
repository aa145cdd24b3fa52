import { describe, expect, it } from 'vitest';
import {
  csvField,
  csvLine,
  escapeFormula,
  resultHeader,
  unescapeFormula,
} from '../../../src-shared/export/csv';

describe('CSV export writer', () => {
  it('prefixes cells a spreadsheet would run as a formula with a quote, and nothing else', () => {
    for (const c of ['=1+1', '+31 6', '-5', '@SUM(A1)', '\tx', '\rx']) expect(escapeFormula(c)).toBe(`'${c}`);
    for (const c of ['', 'a=b', 'ann@example.com', ' =1', "'quoted", '5-3']) expect(escapeFormula(c)).toBe(c);
  });

  it('is exactly reversible, even for a cell that already starts with quotes before a formula character', () => {
    // A cell that was `'=1` in the original file must come back as `'=1`, not `=1`.
    expect(escapeFormula("'=1")).toBe("''=1");
    for (const c of ['=1', '-0042', '+Plus AB', "'=1", "''-x", '-x', 'plain', "'quoted", "'", "''", ''])
      expect(unescapeFormula(escapeFormula(c))).toBe(c);
  });

  it('quotes RFC 4180 fields after escaping, and ends records with CRLF', () => {
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('a;b', { delimiter: ';' })).toBe('"a;b"');
    expect(csvField('=1', { escapeFormulas: false })).toBe('=1');
    expect(csvLine(['a', '-1', ''])).toBe("a,'-1,\r\n");
  });

  it('keeps both columns when a result column name is already an input column', () => {
    expect(resultHeader(['email', 'error'], ['outcome', 'error'])).toEqual([
      'email',
      'error',
      'outcome',
      'error (result)',
    ]);
  });
});
