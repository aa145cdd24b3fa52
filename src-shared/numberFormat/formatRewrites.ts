// Formats SheetJS's formatter shows otherwise than Excel, and what is shown in their place: built-in dates
// shown as ISO dates, era dates, General with text after it, fill characters; and the numbers no rewriting
// lets it show (cannotShow).
import { SSF } from '@e965/xlsx';
import type { BookFormatting } from './bookFormatting.ts';
import { formatSections, isGeneral, unquoted, withoutFills } from './formatSyntax.ts';

/**
 * Built-in formats SheetJS shows otherwise than Excel, by the texts of SheetJS's table that name them in
 * every format (Excel 2003 XML's "Short Date" and "General Date" too), and how they are shown instead.
 * Excel's short date (14) and short date with a time (22) look different on every computer (US
 * 1/15/2024 18:00, British 15/01/2024 18:00), so they come in as ISO dates; SheetJS shows them as
 * m/d/yy h:mm (1/15/24 18:00), a year no computer shows in two digits, giving only 14, in some files, its
 * dateNF.
 */
export const SHOWN_AS: Record<string, string> = {
  'm/d/yy': 'yyyy-mm-dd',
  'm/d/yy h:mm': 'yyyy-mm-dd hh:mm',
  // Built-in 47 is "mmss.0" in the standard's table and SheetJS's (02:09.6 shown as 0209.6); Excel shows mm:ss.0.
  'mmss.0': 'mm:ss.0',
};

/**
 * A format SheetJS shows otherwise than Excel, written so that it shows it as Excel does, or undefined when
 * it needs no rewriting: General with text after it (`General"%"`, `General" kg"`), which SheetJS shows as
 * General alone (12 for Excel's 12%) when the format starts with it, gets an empty text before it; a fill
 * character (`*-`, `*.`: Excel repeats it across the cell's width), which SheetJS shows once as text (45307
 * in `*-0` as -45307), is left out, as Excel shows the cell when the column is just wide enough.
 */
export function rewrittenFormat(z: string | number | undefined, book: BookFormatting): string | undefined {
  if (!book.formattedHere || typeof z !== 'string' || isGeneral(z)) return undefined;
  const rewritten = formatSections(z)
    .map((section) => withoutFills(section).replace(/^((?:\[[^\]]*\])*)(general)(?=.)/i, '$1""$2'))
    .join(';');
  return rewritten === z ? undefined : rewritten;
}

/**
 * How a date format with an era (`g`: Japanese 令和, R; the Republic of China's 民國) is shown: as yyyy-mm-dd,
 * with hh:mm, and :ss, when it shows a time and seconds. SheetJS has no eras (令和6年1月16日 in
 * `ggge"年"m"月"d"日"` came as ggg2024年1月16日), and the era years would not do for an LMS's dates anyway:
 * shown as Japanese Excel's own built-in era dates (27 and 28 there are `[$-411]ge.m.d` and
 * `[$-411]ggge"年"m"月"d"日"`) and the locale's short date are. Undefined for any other format.
 */
export function eraShownAs(z: string, book: BookFormatting): string | undefined {
  if (!book.formattedHere || !SSF.is_date(z)) return undefined;
  const bare = unquoted(z).replace(/general/gi, '');
  if (!/g/i.test(bare)) return undefined;
  if (!/h/i.test(bare)) return 'yyyy-mm-dd';
  return /s/i.test(bare) ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd hh:mm';
}

/**
 * Whether SheetJS would show this number in this format otherwise than Excel, and not so that rewriting the
 * format mends it: a number of 22 digits or more (JavaScript writes it 1e+21) in a format without an exponent
 * (`#,##0.00`: 1e,+21.00).
 */
export function cannotShow(z: string | number | undefined, v: number, book: BookFormatting): boolean {
  if (!book.formattedHere || typeof z !== 'string' || isGeneral(z)) return false;
  const bare = unquoted(z);
  if (SSF.is_date(z)) return false;
  if (/general|E[+-]/i.test(bare)) return false;
  const percents = bare.split('%').length - 1;
  return Math.abs(v) * 100 ** percents >= 1e21;
}
