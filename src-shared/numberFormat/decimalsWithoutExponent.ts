// A tiny number in a format of many decimals, written in decimals as Excel writes it, where SheetJS's
// formatter wrote it with an exponent.
import { unquoted } from './formatSyntax.ts';

/**
 * A number's text in a format of 7 decimals or more, with the number written in decimals where SheetJS wrote it
 * with an exponent. SheetJS writes the number it rounded to the format's decimals with JavaScript's String(),
 * which puts one under 0.000001 in exponent form, then pads that text as it would a decimal: 0.0000007 in
 * `0.0000000` came as 7e-7.0000000, 0.00000012 in `0.00000000` as 1.2e-7. Excel writes no exponent unless the
 * format has one (`0.00E+00`): the rounded number's decimals, up to the format's last `0` (or `?`, a space)
 * whatever they are and up to its last `#` when not zero; its whole part is 0, shown by the format's zeros
 * before the point (`#.#######` shows .0000007). `section` is the format's section the number was shown in.
 */
export function withoutExponent(text: string, section: string): string {
  const bare = unquoted(section).replace(/[_*]./g, '');
  const places = /([#0?,](?:[^.]*[#0?,])?)?\.([#0?]+)/.exec(bare);
  if (!places || /E[+-]/i.test(bare)) return text;
  const [, whole = '', decimals] = places as unknown as [string, string | undefined, string];
  // Text between the whole part's placeholders (`# ##0`, a space for thousands) SheetJS puts between the
  // characters of that text as it would between digits: 0.0000007 in `# ##0.0000000` came as 7 e-7.0000000.
  const between = [...new Set(whole.replace(/[#0?,]/g, ''))];
  const gap = between.length ? `[${between.map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]*` : '';
  const written = new RegExp(`(\\d(?:${gap}[\\d.])*${gap}e${gap}-(?:${gap}\\d)+)(\\.\\d*)?`).exec(text);
  if (!written) return text;
  // The whole part's text starts where SheetJS put its first placeholder's, a space before the first digit too.
  let start = written.index;
  while (start > 0 && between.includes(text[start - 1]!)) start--;
  const exponentForm = written[1]!.replace(/[^\d.e-]/g, '');
  const digits = Number(exponentForm).toFixed(decimals.length).split('.')[1]!.split('');
  // Trailing zeros: a `#` shows none, a `?` a space, a `0` the zero and every digit before it.
  for (let i = digits.length - 1; i >= 0 && digits[i] === '0' && decimals[i] !== '0'; i--) {
    digits[i] = decimals[i] === '?' ? ' ' : '';
  }
  const shown = `${whole.replace(/[#,]/g, '').replace(/\?/g, ' ')}.${digits.join('')}`;
  return text.slice(0, start) + shown + text.slice(written.index + written[0].length);
}
