// A number in a number format as Excel shows it (src-shared/numberFormat/fifteenDigits.ts): from the 15
// significant digits Excel keeps, its halves rounded away from zero, its negatives in their section, its
// whole part and exponent as Excel writes them. The workbook import shows every number cell through this.
import { describe, expect, it } from 'vitest';
import { numberShown } from '../../../src-shared/numberFormat/fifteenDigits';

const book = { date1904: false, formattedHere: true };
const shown = (v: number, z: string) => numberShown(z, v, book);

describe('numberShown', () => {
  it('rounds a half at the last decimal shown from the 15 digits Excel keeps, not the binary number', () => {
    expect(shown(1.005, '0.00')).toBe('1.01'); // held as 1.00499999999999989…
    expect(shown(1.0049, '0.00')).toBe('1.00');
    expect(shown(0.01005, '0.00%')).toBe('1.01%');
    expect(shown(1234.565, '#,##0.00')).toBe('1,234.57');
    expect(shown(123456789012345, '0')).toBe('123456789012345');
    expect(shown(0.1 + 0.2, '0.00000000000000000')).toBe('0.30000000000000000');
    expect(shown(2 ** 64, '0')).toBe('18446744073709600000');
  });

  it('shows a negative as its size in the section for negatives, or after a minus; a half away from zero', () => {
    expect(shown(-2.5, '0')).toBe('-3');
    expect(shown(-0.125, '0.00')).toBe('-0.13');
    expect(shown(-0.3, '0')).toBe('-0'); // Excel's negative zero
    expect(shown(-1.5, '0.00;(0.00)')).toBe('(1.50)');
    expect(shown(-1.5, '0;')).toBe('');
  });

  it('shows the whole part as Excel fills it: zeros asked for, separators and text between them', () => {
    expect(shown(1.5, '000.00')).toBe('001.50');
    expect(shown(1.5, '0 000.00')).toBe('0 001.50');
    expect(shown(1234567.5, '0 000.00')).toBe('1234 567.50');
    expect(shown(1.5, '0,000.00')).toBe('0,001.50');
    expect(shown(12345, '000,000')).toBe('012,345');
    expect(shown(1.5, '"No. "000.00')).toBe('No. 001.50');
    expect(shown(0, '0,000.00')).toBe('0,000.00');
  });

  it('writes a tiny number in decimals, and a scientific one with the E, sign and exponent digits the format has', () => {
    expect(shown(0.0000007, '0.0000000')).toBe('0.0000007');
    expect(shown(0.0000007, '"Mass: "# ##0.0000000')).toBe('Mass:  0.0000007');
    expect(shown(12345, '0.00E+00')).toBe('1.23E+04');
    expect(shown(12345, '0.00e+00')).toBe('1.23e+04');
    expect(shown(12345, '0.00E-00')).toBe('1.23E04');
    expect(shown(12345, '0.00E+000')).toBe('1.23E+004');
    expect(shown(-12345, '0.00E+00')).toBe('-1.23E+04');
    expect(shown(1950000000000, '#.###E+00')).toBe('1.95E+12');
  });

  it("leaves SheetJS's text (undefined) for General, dates, fractions, conditions and files it did not write", () => {
    expect(shown(12, 'General')).toBeUndefined();
    expect(shown(45307, 'yyyy-mm-dd')).toBeUndefined();
    expect(shown(1.5, '# ?/?')).toBeUndefined();
    expect(shown(5, '[<10]0.0;0')).toBeUndefined();
    expect(numberShown('0.00', 1.005, { date1904: false, formattedHere: false })).toBeUndefined();
  });
});
