import { describe, expect, it } from 'vitest';
import { plural, rowRangeHeading } from '../../../src-shared/util/plural';

describe('plural', () => {
  it('says one row, two rows, and groups thousands', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(1024, 'row')).toBe('1,024 rows');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('rowRangeHeading', () => {
  it('names one row once, with the file counted in the singular', () => {
    expect(rowRangeHeading(2, 2, 1)).toEqual({ range: 'Row 2', total: '1 row in the file' });
  });
  it('names a range of rows', () => {
    expect(rowRangeHeading(2, 11, 60)).toEqual({ range: 'Rows 2–11', total: '60 rows in the file' });
  });
  it('one row shown of many', () => {
    expect(rowRangeHeading(61, 61, 60)).toEqual({ range: 'Row 61', total: '60 rows in the file' });
  });
});
