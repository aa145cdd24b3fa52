// The whole part of a number in a format with separators or zeros in it (`0 000.00`, `0,000.00`, `000.00`),
// shown as Excel shows it where SheetJS's formatter shows it otherwise.
import { formatPieces, quotedText, unquoted } from './formatSyntax.ts';

/** A token of a whole part: a digit placeholder (0, #, ?), a comma, or text shown as it is. */
export type WholeToken =
  { kind: 'digit'; placeholder: string } | { kind: 'comma' } | { kind: 'text'; text: string };

/**
 * A section's whole part (its first run of digit placeholders, with the commas, spaces, quoted text and escaped
 * characters between them) when it has such a separator after a zero (`0 000.00`, `0,000.00`, `000"-"00`): the
 * tokens, and the section with that run written as `0`, which SheetJS shows as the whole digits alone. SheetJS
 * shows these otherwise than Excel (1.5 in `0 000.00` as " 1.50", Excel 0 001.50) or not at all (`0,000.00`:
 * "unsupported format"). Undefined for any other section (`#,##0.00`, `# ##0`, which SheetJS shows right), one
 * with an exponent or a fraction, and one whose run mixes commas with text.
 */
export function excelWholePart(section: string): { tokens: WholeToken[]; rewritten: string } | undefined {
  if (/E[+-]|\//i.test(unquoted(section))) return undefined;
  const pieces = formatPieces(section);
  const classify = (p: string): WholeToken | null => {
    if (/^[0#?]$/.test(p)) return { kind: 'digit', placeholder: p };
    if (p === ',') return { kind: 'comma' };
    if (p === ' ') return { kind: 'text', text: ' ' };
    if (p.startsWith('"')) return { kind: 'text', text: quotedText(p) };
    if (p.startsWith('\\')) return { kind: 'text', text: p.slice(1) };
    return null;
  };
  const first = pieces.findIndex((p) => /^[0#?]$/.test(p));
  if (first < 0) return undefined;
  let last = first;
  for (let i = first + 1; i < pieces.length && classify(pieces[i]!); i++)
    if (/^[0#?]$/.test(pieces[i]!)) last = i;
  const tokens = pieces.slice(first, last + 1).map((p) => classify(p)!);
  const zero = tokens.findIndex((t) => t.kind === 'digit' && t.placeholder === '0');
  const separated = zero >= 0 && tokens.slice(zero).some((t) => t.kind !== 'digit');
  // Commas group thousands: each after the first followed by three placeholders (`0,000`, `000,000`). Not
  // `0,00`, a decimal comma typed into the format, which stays a format the reader cannot show (cellWarnings).
  const commas = tokens.some((t) => t.kind === 'comma');
  const groups = tokens
    .map((t) => (t.kind === 'comma' ? ',' : 'x'))
    .join('')
    .split(',')
    .slice(1);
  if (
    !separated ||
    (commas && (tokens.some((t) => t.kind === 'text') || groups.some((g) => g.length !== 3)))
  ) {
    return undefined;
  }
  return { tokens, rewritten: [...pieces.slice(0, first), '0', ...pieces.slice(last + 1)].join('') };
}

/**
 * A number's whole digits (as SheetJS showed them in `0`) in a whole part as Excel shows it: the placeholders
 * take the digits from the right, a `0` with none left showing 0, a `?` a space, a `#` nothing; the leftmost
 * placeholder takes any digits left over (1234567 in `0 000` is 1234 567); the text between them always shows.
 * Commas between placeholders group the digits shown, the zeros the format asks for included, in thousands
 * (12345 in `000,000` is 012,345; 1.5 in `0,000.00` is 0,001.50).
 */
export function wholeAsExcel(shown: string, tokens: WholeToken[]): string {
  const digits = shown.replace(/^0+/, ''); // under 1: no digit of its own, the format's zeros show
  let left = digits.length;
  let placeholders = tokens.filter((t) => t.kind === 'digit').length;
  let out = '';
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'text') out = t.text + out;
    if (t.kind !== 'digit') continue;
    placeholders--;
    let put = left > 0 ? digits[--left]! : t.placeholder === '0' ? '0' : t.placeholder === '?' ? ' ' : '';
    if (placeholders === 0 && left > 0) {
      put = digits.slice(0, left) + put;
      left = 0;
    }
    out = put + out;
  }
  if (!tokens.some((t) => t.kind === 'comma')) return out;
  const spaces = /^ */.exec(out)![0];
  return spaces + out.slice(spaces.length).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * A number's text in a format with decimals, with the zeros the format asks for before the point. SheetJS shows
 * the whole part as the number has it (1.5 in `000.00` as 1.50, 0.015 in `00.000%` as 1.500%), where Excel shows
 * at least as many digits as the format has zeros there (001.50, 01.500%: ids and codes are padded so). Only for
 * a whole part of placeholders alone (`000`, `#000`; `0 000` SheetJS spreads between its parts otherwise), and a
 * format whose own text has no digit or point, so that the number's point is the text's first after a digit.
 */
export function withWholeZeros(text: string, section: string): string {
  const bare = unquoted(section).replace(/[_*]./g, '');
  const zeros = /(?:^|[^#0?,])[#?]*(0+)\.[#0?]/.exec(bare)?.[1];
  const literals = (section.match(/"[^"]*"?|\\./g) ?? []).join('');
  if (!zeros || /[\d.]/.test(literals) || /E[+-]/i.test(bare)) return text;
  return text.replace(/\d+(?=\.)/, (whole) => whole.padStart(zeros.length, '0'));
}
