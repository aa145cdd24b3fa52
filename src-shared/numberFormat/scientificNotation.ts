// A number in a scientific format (`0.00E+00`) as Excel shows it, where SheetJS's formatter shows it otherwise.
import { formatPieces, quotedText } from './formatSyntax.ts';

/**
 * A positive number in a scientific section of one digit before the point (`0.00E+00`, `#.###e-0`, with text
 * around it) as Excel shows it, or undefined for any other section (SheetJS's text). SheetJS showed 12345 in
 * `0.00e+00` as 12345.001933+00, in `0.00E-00` as 1.23E4 and in `0.00E+000` as 1.23E+4: Excel writes the E as
 * the format does, shows the exponent's sign with E+ and only a minus with E-, and as many digits of it as the
 * zeros after the sign ask for (1.23e+04, 1.23E04, 1.23E+004); decimals in `#` drop their trailing zeros.
 */
export function scientific(section: string, v: number): string | undefined {
  const pieces = formatPieces(section);
  const bare = pieces.map((p) => (/^[0#?.Ee+-]$/.test(p) ? p : ' ')).join('');
  const m = /([0#?])(?:\.([0#?]*))?([Ee])([+-])([0#]+)/.exec(bare);
  if (!m) return undefined;
  const [found, , decimals = '', e, sign, digits] = m as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
    string,
  ];
  const literal = (p: string): string | null => {
    if (p.startsWith('"')) return quotedText(p);
    if (p.startsWith('\\')) return p.slice(1);
    if (p.startsWith('_')) return ' ';
    if (p.startsWith('[') || p.startsWith('*')) return '';
    return /^[\s$()+\-:!^&'~{}<>=\u00a0-\uffff]$/.test(p) && !/[Ee]/.test(p) ? p : null;
  };
  const around = [...pieces.slice(0, m.index), ...pieces.slice(m.index + found.length)].map(literal);
  if (around.some((t) => t === null)) return undefined; // a second number, a %, a fraction: SheetJS's text
  const [shown, power] = v.toExponential(decimals.length).split('e') as [string, string];
  const [whole, places = ''] = shown.split('.');
  const kept = [...places];
  for (let i = kept.length - 1; i >= 0 && kept[i] === '0' && decimals[i] !== '0'; i--)
    kept[i] = decimals[i] === '?' ? ' ' : '';
  const size = String(Math.abs(Number(power))).padStart(digits.replace(/#/g, '').length, '0');
  const signShown = Number(power) < 0 ? '-' : sign === '+' ? '+' : '';
  const number = `${whole}${decimals || places ? `.${kept.join('')}` : ''}${e}${signShown}${size}`;
  return [...around.slice(0, m.index), number, ...around.slice(m.index)].join('');
}
