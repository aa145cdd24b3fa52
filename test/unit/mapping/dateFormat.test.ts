// Dates re-spelled between patterns, with no time zone involved; impossible dates are refused, never rolled over.
import { describe, expect, it } from 'vitest';
import { checkDatePattern, reformatDate } from '../../../src-shared/mapping/dateFormat';

describe('date format', () => {
  it.each<[string, string, string, string]>([
    ['31/12/2024', 'DD/MM/YYYY', 'YYYY-MM-DD', '2024-12-31'],
    ['7/5/24', 'D/M/YY', 'YYYY-MM-DD', '2024-05-07'],
    ['7/5/70', 'D/M/YY', 'YYYY-MM-DD', '1970-05-07'],
    ['12-31-2024', 'MM-DD-YYYY', 'DD.MM.YYYY', '31.12.2024'],
    ['3 Dec 2024', 'D MMM YYYY', 'YYYY-MM-DD', '2024-12-03'],
    ['3 december 2024', 'D MMMM YYYY', 'YYYY-MM-DD', '2024-12-03'],
    ['2024-02-29 09:05', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DDTHH:mm:ss', '2024-02-29T09:05:00'],
    ['2024-12-31', 'YYYY-MM-DD', 'D MMMM YYYY', '31 December 2024'],
    [' 01/02/2025 ', 'DD/MM/YYYY', 'YYYY-MM-DD', '2025-02-01'],
  ])('%j as %s → %s is %j', (value, from, to, out) => {
    expect(reformatDate(value, from, to)).toEqual({ value: out });
  });

  it.each<[string, string, RegExp]>([
    ['31/02/2024', 'DD/MM/YYYY', /February 2024 has no day 31/],
    ['29/02/2023', 'DD/MM/YYYY', /February 2023 has no day 29/],
    ['29/02/1900', 'DD/MM/YYYY', /February 1900 has no day 29/],
    ['01/13/2024', 'DD/MM/YYYY', /no month 13/],
    ['2024-12-31', 'DD/MM/YYYY', /is not a date written as DD\/MM\/YYYY/],
    ['3 Dex 2024', 'D MMM YYYY', /"Dex" is not a month name/],
    ['2024-01-01 25:00', 'YYYY-MM-DD HH:mm', /impossible time/],
  ])('%j as %s is refused', (value, from, message) => {
    const r = reformatDate(value, from, 'YYYY-MM-DD');
    expect(r.value).toBe(value);
    expect(r.error).toMatch(message);
  });

  it('29 February of a leap year is a date', () => {
    expect(reformatDate('29/02/2000', 'DD/MM/YYYY', 'YYYY-MM-DD')).toEqual({ value: '2000-02-29' });
  });

  it('a pattern that cannot read a date says why', () => {
    expect(checkDatePattern('MM/YYYY', 'from')).toMatch(/must name a year .* a month .* and a day/);
    expect(checkDatePattern('', 'to')).toMatch(/output pattern is empty/);
    expect(checkDatePattern('today', 'to')).toMatch(/has no date parts/);
    expect(checkDatePattern('DD/MM/YYYY', 'from')).toBeNull();
    expect(reformatDate('01/02/2024', 'MM/YYYY', 'YYYY').error).toMatch(/^Date format:/);
  });
});
