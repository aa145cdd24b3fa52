// A number in a scientific format with more than one digit before the point (`00.00E+00`, `##0.0E+0`): Excel
// writes the exponent as a multiple of the number of those digit placeholders, the number before the E
// taking up to that many digits, its zeros shown as the placeholders ask (`0` a zero, `#` nothing). So 12345
// in 00.00E+00 is 01.23E+04 (1.2345 × 10^4: 4 is a multiple of 2), 1000 is 10.00E+02, and in ##0.0E+0
// (engineering notation, multiples of 3) 12345 is 12.3E+3. As borgar/numfmt's Excel-derived tables
// (test/expformat.spec.ts) and SheetJS's own engineering formatter (ssf, write_num_exp2: `#+0.0E+0`) have it.
// SheetJS wrote every other such format with one digit before the point: 12345 in 00.00E+00 as 1.23E+04.
import { describe, expect, it } from 'vitest';
import { numberShown } from '../../../src-shared/numberFormat/fifteenDigits';

const book = { date1904: false, formattedHere: true };
const shown = (v: number, z: string) => numberShown(z, v, book);

describe('scientific formats with more than one digit before the point', () => {
  it('00.00E+00: the exponent a multiple of 2, the number before the E padded to two digits', () => {
    expect(shown(12345, '00.00E+00')).toBe('01.23E+04');
    expect(shown(1000, '00.00E+00')).toBe('10.00E+02');
    expect(shown(100, '00.00E+00')).toBe('01.00E+02');
    expect(shown(9, '00.00E+00')).toBe('09.00E+00');
    expect(shown(90000, '00.00E+00')).toBe('09.00E+04');
    expect(shown(94999.9, '00.00E+00')).toBe('09.50E+04');
    expect(shown(1209384, '00.00E+00')).toBe('01.21E+06');
    expect(shown(0.0123, '00.00E+00')).toBe('01.23E-02');
    expect(shown(0.123, '00.00E+00')).toBe('12.30E-02');
    expect(shown(-12345, '00.00E+00')).toBe('-01.23E+04');
    expect(shown(0, '00.00E+00')).toBe('00.00E+00');
  });

  it('three placeholders, # placeholders, no decimals', () => {
    expect(shown(1234, '000.0E+00')).toBe('001.2E+03');
    expect(shown(10000, '000.0E+00')).toBe('010.0E+03');
    expect(shown(100, '000.00E+00')).toBe('100.00E+00');
    expect(shown(95.9999, '00.E+00')).toBe('96.E+00');
    expect(shown(9, '0.E+00')).toBe('9.E+00'); // the point shows with no decimals after it
    expect(shown(12345, '##0.0E+0')).toBe('12.3E+3');
    expect(shown(1234567, '##0.00E+00')).toBe('1.23E+06');
    expect(shown(0.000123457, '#0.0E+0')).toBe('1.2E-4');
    expect(shown(0.001234568, '#0.0E+0')).toBe('12.3E-4');
  });

  it('rounds a half from the 15 digits Excel keeps, and keeps the E, sign and text the format has', () => {
    expect(shown(12.345, '00.00E+00')).toBe('12.35E+00'); // held as 12.3449999…
    expect(shown(12345, '00.00e+00')).toBe('01.23e+04');
    expect(shown(12345, '00.00E-00')).toBe('01.23E04');
    expect(shown(12345, '"Lot "00.00E+000')).toBe('Lot 01.23E+004');
  });
});
