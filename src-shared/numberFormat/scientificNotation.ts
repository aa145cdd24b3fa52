// A number in a scientific format (`0.00E+00`, `00.00E+00`, `##0.0E+0`) as Excel shows it, where SheetJS's
// formatter shows it otherwise.
import { formatPieces, quotedText } from './formatSyntax.ts';
import { wholeAsExcel } from './wholePart.ts';

/**
 * A positive number (or zero) in a scientific section (`0.00E+00`, `#.###e-0`, `00.00E+00`, `##0.0E+0`, with
 * text around it) as Excel shows it, or undefined for any other section (SheetJS's text). SheetJS showed 12345
 * in `0.00e+00` as 12345.001933+00, in `0.00E-00` as 1.23E4 and in `0.00E+000` as 1.23E+4: Excel writes the E
 * as the format does, shows the exponent's sign with E+ and only a minus with E-, and as many digits of it as
 * the zeros after the sign ask for (1.23e+04, 1.23E04, 1.23E+004); decimals in `#` drop their trailing zeros.
 * With two or more digit placeholders before the point, the exponent is a multiple of their number
 * (multipleExponent): 12345 in `00.00E+00` is 01.23E+04, where SheetJS wrote 1.23E+04.
 */
export function scientific(section: string, v: number): string | undefined {
  const found = scientificPart(section);
  if (!found) return undefined;
  const { at, length, placeholders, point, decimals, e, sign, digits, pieces } = found;
  const literal = (p: string): string | null => {
    if (p.startsWith('"')) return quotedText(p);
    if (p.startsWith('\\')) return p.slice(1);
    if (p.startsWith('_')) return ' ';
    if (p.startsWith('[') || p.startsWith('*')) return '';
    return /^[\s$()+\-:!^&'~{}<>=\u00a0-\uffff]$/.test(p) && !/[Ee]/.test(p) ? p : null;
  };
  const around = [...pieces.slice(0, at), ...pieces.slice(at + length)].map(literal);
  if (around.some((t) => t === null)) return undefined; // a second number, a %, a fraction: SheetJS's text
  const { whole, places, power } =
    placeholders.length > 1
      ? multipleExponent(v, placeholders.length, decimals.length)
      : oneDigit(v, decimals.length);
  const kept = [...places];
  for (let i = kept.length - 1; i >= 0 && kept[i] === '0' && decimals[i] !== '0'; i--)
    kept[i] = decimals[i] === '?' ? ' ' : '';
  const size = String(Math.abs(power)).padStart(digits.replace(/#/g, '').length, '0');
  const signShown = power < 0 ? '-' : sign === '+' ? '+' : '';
  const wholeShown = placeholders.length > 1 ? wholeAsExcel(whole, placeholdersOf(placeholders)) : whole;
  const number = `${wholeShown}${point ? `.${kept.join('')}` : ''}${e}${signShown}${size}`;
  return [...around.slice(0, at), number, ...around.slice(at)].join('');
}

/** How many digit placeholders a scientific section has before its point; 0 for a section that is not scientific. */
export function scientificWholeDigits(section: string): number {
  return scientificPart(section)?.placeholders.length ?? 0;
}

/** A number before the E of one digit (`0.00E+00`): the number's own exponent. */
function oneDigit(v: number, decimals: number): { whole: string; places: string; power: number } {
  const [shown, power] = v.toExponential(decimals).split('e') as [string, string];
  const [whole, places = ''] = shown.split('.') as [string, string?];
  return { whole, places, power: Number(power) };
}

/**
 * A number before the E of `n` digit placeholders (`00.00E+00`, `##0.0E+0`): Excel takes the exponent down to a
 * multiple of `n` (engineering notation for `##0.0E+0`: 12345 is 12.3E+3; in `00.00E+00` it is 01.23E+04, 1000
 * is 10.00E+02, 0.123 is 12.30E-02), so the number before the E has up to `n` digits. It is rounded to the
 * format's decimals after that, as borgar/numfmt (whose tables are Excel's) does: no carry into the exponent.
 */
function multipleExponent(
  v: number,
  n: number,
  decimals: number,
): { whole: string; places: string; power: number } {
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  const own = Number(exponent);
  const power = Math.floor(own / n) * n;
  const [whole, places = ''] = Number(`${mantissa}e${own - power}`)
    .toFixed(decimals)
    .split('.') as [string, string?];
  return { whole, places, power };
}

const placeholdersOf = (run: string) =>
  [...run].map((placeholder) => ({ kind: 'digit' as const, placeholder }));

/**
 * The section's scientific part: its pieces, where the part starts among them and how many it takes, the digit
 * placeholders before the point and after it, the E as written, the exponent's sign and its digits.
 */
function scientificPart(section: string) {
  const pieces = formatPieces(section);
  const bare = pieces.map((p) => (/^[0#?.Ee+-]$/.test(p) ? p : ' ')).join('');
  const m = /([0#?]+)(?:\.([0#?]*))?([Ee])([+-])([0#]+)/.exec(bare);
  if (!m) return undefined;
  const [found, placeholders, decimals = '', e, sign, digits] = m as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
    string,
  ];
  // A point with no placeholder after it shows all the same (9 in `00.E+00` is 09.E+00).
  const point = found.includes('.');
  return { pieces, at: m.index, length: found.length, placeholders, point, decimals, e, sign, digits };
}
