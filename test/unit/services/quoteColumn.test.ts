// Where a malformed quoted cell is, and its row split as a spreadsheet splits a stray quote.
import { describe, expect, it } from 'vitest';
import { quotedFieldColumn, strayQuoteLine } from '../../../src-main/services/csv/quoteColumn';

/** The arguments for the first stray quote in `text`, which starts at a row start. */
function line(text: string, final = true, delimiter = ',') {
  const quoteAt = text.indexOf('"');
  const column = quotedFieldColumn(text, quoteAt, delimiter);
  return column === null ? null : strayQuoteLine(text, quoteAt, column, delimiter, final);
}

describe('strayQuoteLine', () => {
  it('runs the stray cell on as plain text to the next delimiter, and counts the cells after it', () => {
    expect(line('1,Smith,"Jr" III,smith@example.com\n2,a,b\n')).toEqual({ cells: 4, cell: '"Jr" III' });
  });

  it('keeps a delimiter inside the quoted part, and reads later quoted cells with doubled quotes whole', () => {
    expect(line('"Smith, "Jr"",x@y.z,"a, ""b""",c\n')).toEqual({ cells: 4, cell: '"Smith, "Jr""' });
    expect(line('"a" b;"c;d"\n', true, ';')).toEqual({ cells: 2, cell: '"a" b' });
  });

  it('ends the row at the end of the file only when the text is the whole rest of the file', () => {
    expect(line('1,"a" b,c')).toEqual({ cells: 3, cell: '"a" b' });
    expect(line('1,"a" b,c', false)).toBeNull();
  });

  it('says nothing when a quote in the row is never closed', () => {
    expect(line('1,"a" b,"c\n')).toBeNull();
  });
});
