// Formats SheetJS's formatter shows otherwise than Excel, and the numbers they are shown as instead
// (src-shared/numberFormat/formatRewrites.ts, sheetJsFormat.ts, fullValue.ts).
import { describe, expect, it } from 'vitest';
import {
  cannotShow,
  eraShownAs,
  rewrittenFormat,
  SHOWN_AS,
} from '../../../src-shared/numberFormat/formatRewrites';
import { fullValue } from '../../../src-shared/numberFormat/fullValue';
import { formatNumber } from '../../../src-shared/numberFormat/sheetJsFormat';

const book = { date1904: false, formattedHere: true };
const ods = { date1904: false, formattedHere: false };

describe('format rewrites', () => {
  it('shows the locale-dependent short dates as ISO dates', () => {
    expect(SHOWN_AS['m/d/yy']).toBe('yyyy-mm-dd');
    expect(formatNumber(SHOWN_AS['m/d/yy h:mm']!, 45307.75, false)).toBe('2024-01-16 18:00');
  });

  it('rewrites General with text after it and fill characters, and nothing else', () => {
    expect(rewrittenFormat('General"%"', book)).toBe('""General"%"');
    expect(rewrittenFormat('*-0', book)).toBe('0');
    expect(rewrittenFormat('0.00', book)).toBeUndefined();
    expect(rewrittenFormat('*-0', ods)).toBeUndefined();
  });

  it('shows era dates as ISO dates, with the time they show', () => {
    expect(eraShownAs('ggge"年"m"月"d"日"', book)).toBe('yyyy-mm-dd');
    expect(eraShownAs('ge.m.d h:mm:ss', book)).toBe('yyyy-mm-dd hh:mm:ss');
    expect(eraShownAs('yyyy-mm-dd', book)).toBeUndefined();
  });

  it('knows a number of 22 digits or more in a format without an exponent cannot be shown', () => {
    expect(cannotShow('#,##0.00', 1e21, book)).toBe(true);
    expect(cannotShow('0%', 1e19, book)).toBe(true);
    expect(cannotShow('0.00E+00', 1e21, book)).toBe(false);
    expect(cannotShow('#,##0.00', 1e20, book)).toBe(false);
  });

  it('reads a date with dots between its parts, which SheetJS refuses', () => {
    expect(formatNumber('dd.mm.yyyy', 45307, false)).toBe('16.01.2024');
    expect(formatNumber('yyyy-mm-dd', 45307 - 1462, true)).toBe('2024-01-16'); // counted from 1904
  });

  it('writes a number as the cell holds it, to 15 digits, without an exponent', () => {
    expect(fullValue(0.1 + 0.2)).toBe('0.3');
    expect(fullValue(1.234567890123e-7)).toBe('0.0000001234567890123');
    expect(fullValue(1e21)).toBe('1000000000000000000000');
    expect(fullValue(-1234567890123456789)).toBe('-1234567890123460000');
  });
});
