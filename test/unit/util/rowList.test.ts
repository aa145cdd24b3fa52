import { describe, expect, it } from 'vitest';
import { parseRowList } from '../../../src-shared/util/rowList';

describe('parseRowList', () => {
  it('reads single rows and ranges, in order, without repeats', () => {
    expect(parseRowList('4,7,12-15')).toEqual([4, 7, 12, 13, 14, 15]);
    expect(parseRowList(' 15 , 4, 12 - 13,4 ')).toEqual([4, 12, 13, 15]);
    expect(parseRowList('9-9,')).toEqual([9]);
  });

  it('names the part it cannot read', () => {
    expect(() => parseRowList('4,x7')).toThrow(/"x7"/);
    expect(() => parseRowList('15-12')).toThrow(/"15-12"/);
    expect(() => parseRowList('0')).toThrow(/"0"/);
    expect(() => parseRowList(' , ')).toThrow(/no row numbers/);
    expect(() => parseRowList('1-2000000')).toThrow(/--all/);
    expect(() => parseRowList('0')).toThrow(/row numbers start at 1/);
  });

  it('refuses a row number too large to count from (it used to loop for ever: 1e20 + 1 === 1e20)', () => {
    expect(() => parseRowList('99999999999999999999')).toThrow(/no spreadsheet has row 99999999999999999999/);
    expect(() => parseRowList('9007199254740993')).toThrow(/no spreadsheet has row/);
    expect(() => parseRowList('2-99999999999999999999')).toThrow(/no spreadsheet has row/);
    expect(parseRowList('9007199254740991')).toEqual([9007199254740991]);
  });
});
