import { describe, expect, it } from 'vitest';
import { groupRowMessages, rowRanges } from '../../../src-shared/util/rowGroups';

describe('rowRanges', () => {
  it('says runs of rows as ranges', () => {
    expect(rowRanges([2, 3, 4, 7, 9, 10])).toBe('2–4, 7 and 9–10');
    expect(rowRanges([5])).toBe('5');
    expect(rowRanges([5, 6])).toBe('5–6');
    expect(rowRanges([])).toBe('');
  });

  it('after a few ranges, counts the rows left', () => {
    expect(rowRanges([2, 4, 6, 8, 9, 10], 2)).toBe('2, 4 and 4 more rows');
    expect(rowRanges([2, 4, 6], 2)).toBe('2, 4 and 1 more row');
  });
});

describe('groupRowMessages', () => {
  it('says a problem shared by many rows once, and keeps a different one visible', () => {
    const list = [
      ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((r) => ({
        rowNumber: r,
        message: `Row ${r}: User identifier: is required (it is part of the URL)`,
      })),
      { rowNumber: 13, message: 'Row 13: Email: "x" is not an email address' },
      { rowNumber: 15, message: 'Row 15: User identifier: is required (it is part of the URL)' },
    ];
    expect(groupRowMessages(list).map((g) => g.line)).toEqual([
      'Rows 2–12 and 15 (12 rows): User identifier: is required (it is part of the URL)',
      'Row 13: Email: "x" is not an email address',
    ]);
    expect(groupRowMessages(list).map((g) => g.rows)).toEqual([12, 1]);
  });

  it('keeps a row whose problem is its own as it was', () => {
    expect(
      groupRowMessages([{ rowNumber: 4, message: 'Row 4: Course ID: "abc" is not a numeric id' }]),
    ).toEqual([{ rows: 1, line: 'Row 4: Course ID: "abc" is not a numeric id' }]);
  });
});
