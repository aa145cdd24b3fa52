// A number in a number format (not a date, a fraction or General) as Excel shows it: from the 15 significant
// digits Excel keeps, its halves rounded as Excel rounds them, its negatives in their section. The pieces
// SheetJS's formatter shows otherwise (whole parts, scientific sections, tiny decimals) are mended by the
// modules beside this one.
import { SSF } from '@e965/xlsx';
import type { BookFormatting } from './bookFormatting.ts';
import { withoutExponent } from './decimalsWithoutExponent.ts';
import { formatSections, isGeneral, unquoted, withLiteralsMasked } from './formatSyntax.ts';
import { scientific, scientificWholeDigits } from './scientificNotation.ts';
import { formatNumber } from './sheetJsFormat.ts';
import { excelWholePart, wholeAsExcel, withWholeZeros } from './wholePart.ts';

/**
 * A number in a number format (of a file whose text SheetJS writes), as Excel shows it, from the 15 significant
 * digits it keeps (fromFifteenDigits): a positive half at the last decimal shown rounds up from those digits
 * (1.005 in `0.00` is 1.01; held in binary as 1.00499999999999989…, SheetJS's formatter showed 1.00), and no
 * digit after the 15th shows (0.1+0.2 in 17 decimals, 0.30000000000000004, is 0.30000000000000000). A negative
 * is the text of its size in the format's section for negatives, or, in a format of one section, that of its
 * size after a minus. So a negative half rounds away from zero (-2.5 in `0` is -3, -0.125 in `0.00` is -0.13),
 * as Excel does, where SheetJS's formatter rounds it up (Math.round: -2, -0.12); and a negative that rounds to
 * nothing keeps its minus (-0.3 in `0` is -0, -0.001 in `0.00` is -0.00: Excel's "negative zero"). Undefined,
 * for SheetJS's own text, for zero (unless in a whole part SheetJS shows otherwise: excelWholePart), for General
 * and Text, a date or time, a fraction (`# ?/?`), or sections chosen by a condition (`[<100]`).
 */
export function numberShown(
  z: string | number | undefined,
  v: number,
  book: BookFormatting,
): string | undefined {
  if (!book.formattedHere || typeof z !== 'string' || !Number.isFinite(v)) return undefined;
  // SheetJS takes the e of a scientific `0.00e+00` for a date's (12345 came as 12345.001933+00).
  if (isGeneral(z) || (SSF.is_date(z) && !/[0#?]e[+-][0#]/i.test(unquoted(z).replace(/\.[0#?]*/g, '')))) {
    return undefined;
  }
  const parts = formatSections(z);
  if (parts.some((p) => /^\[[<>=]/.test(p))) return undefined;
  if (v === 0) {
    // SheetJS's text, but in a whole part it shows otherwise (0 in `0,000.00` is 0,000.00; SheetJS refused it;
    // 0 in `00.00E+00` is 00.00E+00, where SheetJS wrote 0.00E+00).
    const zero = parts.length > 2 ? parts[2]! : parts[0]!;
    const masked = withLiteralsMasked(zero).format;
    return excelWholePart(masked) || scientificWholeDigits(masked) > 1
      ? fromFifteenDigits(zero, 0, book.date1904)
      : undefined;
  }
  const section = v < 0 && parts.length > 1 ? parts[1]! : parts[0]!;
  if (section === '') return ''; // `0;` shows negatives as nothing
  if (isGeneral(section) || unquoted(section).includes('/')) return undefined;
  if (v > 0) return fromFifteenDigits(z, v, book.date1904); // SheetJS picks the section for positives
  const size = fromFifteenDigits(section, -v, book.date1904);
  return parts.length > 1 ? size : `-${size}`;
}

/**
 * A positive number in a format of numbers, shown from its 15 significant digits as Excel shows it. Excel
 * rounds the number to 15 digits, then to the format's decimals, a half up: SheetJS's formatter rounds the
 * binary number, which falls short of a half that its 15 digits make (1.005 is 1.00499999999999989…). So it
 * is given the 15 digits with a 3 after them, past any half they make and short of one at the 15th (1.005 as
 * 1.005000000000003: 1.01; a 5 there would be that half, 123456789012345 in `0` shown …346; a 3 is over 1.5
 * units of the last binary digit, a rounding step of the formatter's included, however the two scales fall),
 * and of its text any digit after the 15th significant one is a zero (that 3, or the
 * digits JavaScript writes of a number of 16 digits or more: 2^64 is 18446744073709600000, not …552000).
 * The format's own text is set aside while it is shown (withLiteralsMasked), so that every digit and point of
 * the text is the number's (`"No. "000.00`: No. 001.50, its literal kept as it is); unless the format shows
 * the number in an exponent (`0.00E+00`, its 15 digits rounded there) or a fraction. A whole part with text or
 * a comma after a zero (`0 000.00`, `0,000.00`) is shown as Excel shows it (wholeAsExcel).
 */
function fromFifteenDigits(z: string, v: number, date1904: boolean): string {
  const { format, literals } = withLiteralsMasked(z);
  const [mantissa, exponent] = v.toExponential(14).split('e') as [string, string];
  const sections = formatSections(format);
  const whole = excelWholePart(sections[0]!);
  const shownIn = whole ? sections.map((part) => excelWholePart(part)?.rewritten ?? part).join(';') : format;
  const section = formatSections(shownIn)[0]!;
  const nudged = Number(`${mantissa}3e${exponent}`);
  let text =
    scientific(sections[0]!, v === 0 ? 0 : nudged) ??
    withWholeZeros(withoutExponent(formatNumber(shownIn, nudged, date1904), section), section);
  if (whole) text = text.replace(/\d+/, (digits) => wholeAsExcel(digits, whole.tokens));
  if (!/E[+-]|\//i.test(unquoted(format))) {
    let significant = 0;
    text = text.replace(/\d/g, (digit) => {
      if (significant === 0 && digit === '0') return digit;
      significant++;
      return significant > 15 ? '0' : digit;
    });
  }
  return text.replace(/[\ue000-\uf8ff]/g, (mark) => literals[mark.charCodeAt(0) - 0xe000] ?? mark);
}
