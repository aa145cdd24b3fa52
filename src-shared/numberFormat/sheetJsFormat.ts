// A number in a format by SheetJS's formatter (SSF), the formatter every other showing here builds on, with
// the one mending it needs for every format: the dots of dd.mm.yyyy dates.
import { SSF } from '@e965/xlsx';

/**
 * A number in its format, by SheetJS's formatter. The formatter takes a dot in a date or time format for the
 * start of a fraction of a second and refuses any other ("bad second format"), while Excel shows it as it
 * is: the dots of dd.mm.yyyy (German, Polish, Russian… dates) and yyyy.mm.dd. (Hungarian), which Excel writes
 * into the file as typed. SheetJS then leaves such a cell without its text, so a refused format is tried
 * again with those dots as literal text.
 */
export function formatNumber(z: string | number, v: number, date1904: boolean): string {
  const known = typeof z === 'string' ? dottedFormats.get(z) : undefined;
  if (known !== undefined) return SSF.format(known, v, { date1904 });
  try {
    return SSF.format(z, v, { date1904 });
  } catch (e) {
    const dotted = typeof z === 'string' ? withLiteralDots(z) : z;
    if (dotted === z) throw e;
    const shown = SSF.format(dotted, v, { date1904 });
    dottedFormats.set(z as string, dotted as string); // a column of 50,000 dates is refused once, not each time
    return shown;
  }
}

/** The formats read with their dots as literal text, by the format as the file names it. */
const dottedFormats = new Map<string, string>();

/**
 * A date or time format with its dots escaped (`dd\.mm\.yyyy`), but not one that starts a fraction of a
 * second (`ss.00`), nor those already escaped, quoted or in brackets. Any other format is returned as it is.
 */
function withLiteralDots(z: string): string {
  if (!SSF.is_date(z)) return z;
  let out = '';
  for (let i = 0; i < z.length; i++) {
    const ch = z[i]!;
    const closing = ch === '"' ? '"' : ch === '[' ? ']' : ch === '\\' ? '' : null;
    if (closing !== null) {
      // Quoted text, a [bracket] (a locale, a colour, elapsed hours) or an escaped character: kept as it is.
      const end = closing === '' ? i + 1 : z.indexOf(closing, i + 1);
      const to = end < 0 ? z.length : end + 1;
      out += z.slice(i, to);
      i = to - 1;
    } else out += ch === '.' && z[i + 1] !== '0' ? '\\.' : ch;
  }
  return out;
}
