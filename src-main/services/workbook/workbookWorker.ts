// The workbook reader's worker thread: opens an .xlsx / .xls / .ods file with SheetJS, picks the sheet,
// and sends its rows to the main thread in batches, one batch per acknowledgement (so a slow database
// holds the worker back instead of filling memory). Run as its own thread so the app stays responsive
// while a big workbook is unpacked, its memory is capped (readWorkbookFile.ts sets resourceLimits) and
// handed back whole when it ends.
//
// Self-contained on purpose (SheetJS and node:* only): Node runs it directly, type annotations stripped,
// under tsx, vitest and the built app alike.
//
// Cells arrive as the admin sees them in the spreadsheet: text exactly as typed (leading zeros and long
// ids included), numbers, dates, times and booleans as their number format displays them (SheetJS's
// formatter, with the locale-dependent short date shown as yyyy-mm-dd), a formula's saved result, empty
// cells empty, with exceptions: a number in General (or Text) format comes with the value the cell holds,
// since General shortens it to fit the column (a whole number Excel shows as 1.23457E+11, of 12 digits or more,
// is an id far more often than a measurement; 0.1234567890123 is shown as 0.123456789); and a number in a
// date or time format that no date shows (Excel's ####) keeps its number. Cells that hide
// something (a formula with no saved result, those digits, such a number, a merged range, a number of 16
// digits or more, whose digits after the 15th Excel did not keep) or show a formula error are counted for
// warnings.
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';

// SheetJS unpacks a ZIP (.xlsx, .ods) with its own JavaScript inflater unless it is handed Node's zlib, and
// that inflater does not check its input: a damaged or cut-off part makes it write zeros for ever, without
// reading on, so the import never ended. zlib stops with an error instead (and is faster). SheetJS asks how
// much input an inflate used through `bytesRead`, which Node deprecates (with a warning) for `bytesWritten`,
// the same count: this subclass answers it without the warning. (Node's typings have no InflateRaw class.)
const InflateRaw = (zlib as unknown as { InflateRaw: new () => zlib.InflateRaw }).InflateRaw;
class InflateRawCounted extends InflateRaw {
  override get bytesRead(): number {
    return this.bytesWritten;
  }
}
XLSX.CFB.utils.use_zlib({ InflateRaw: InflateRawCounted, deflateRawSync: zlib.deflateRawSync });

/**
 * Built-in formats SheetJS shows otherwise than Excel, by the texts of SheetJS's table that name them in
 * every format (Excel 2003 XML's "Short Date" and "General Date" too), and how they are shown instead.
 * Excel's short date (14) and short date with a time (22) look different on every computer (US
 * 1/15/2024 18:00, British 15/01/2024 18:00), so they come in as ISO dates; SheetJS shows them as
 * m/d/yy h:mm (1/15/24 18:00), a year no computer shows in two digits, giving only 14, in some files, its
 * dateNF.
 */
const SHOWN_AS: Record<string, string> = {
  'm/d/yy': 'yyyy-mm-dd',
  'm/d/yy h:mm': 'yyyy-mm-dd hh:mm',
  // Built-in 47 is "mmss.0" in the standard's table and SheetJS's (02:09.6 shown as 0209.6); Excel shows mm:ss.0.
  'mmss.0': 'mm:ss.0',
};
/** The workbook counts days from 1904 (old Mac Excel): set once it is read, for the cells formatted here. */
let date1904 = false;
/** An Excel file (.xlsx, .xls…), where every number names its format: set once it is read (not .ods, HTML, XML). */
let excelFile = false;
/**
 * A file whose numbers' text SheetJS writes from their formats (.xlsx, .xls, Excel 2003 XML…): set once it is
 * read. Not an OpenDocument file, whose cells carry the text the spreadsheet showed, nor HTML, which is text.
 */
let formattedHere = false;

/**
 * The format SheetJS put in place of a built-in one it has no text for, of a number that came without a
 * format: Excel names its language-dependent built-ins by number alone (the East Asian dates, 27–31, 36,
 * 50–58), and SheetJS shows the first cell of each with its own stand-in (m/d/yy: 1/15/24) before it takes the
 * stand-in as the format's text, so the cells after it do name it. The first cell is read as they are.
 */
function standInFormat(c: NonNullable<Cell>): string | undefined {
  if (!excelFile || (c.z !== undefined && c.z !== null) || typeof c.w !== 'string' || typeof c.v !== 'number') return undefined;
  return Object.keys(SHOWN_AS).find((z) => {
    try {
      return XLSX.SSF.format(z, c.v as number, { date1904 }) === c.w;
    } catch {
      return false;
    }
  });
}

/** Excel's East Asian built-in dates (Japanese, Chinese, Korean), named in a file by number alone. */
const EAST_ASIAN_DATES = [27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/**
 * An .xls file (BIFF) names those built-ins by number in its cell styles too, and SheetJS's reader of it gives
 * such a cell no format at all, only its stand-in text (1/15/24; for 36 the number, as General), and the
 * workbook no bookType: their cells came in as 1/15/24. Given the short date's text for each id before the file
 * is read, every such cell names it, and comes as the short date does (yyyy-mm-dd). The .xls reader starts
 * from the formatter's table as it is (the .xlsx one starts afresh, and learns the stand-in from its first
 * cell: standInFormat); a FORMAT record of the file's own for one of these ids replaces it, as it should.
 */
function nameEastAsianDates(): void {
  for (const id of EAST_ASIAN_DATES) XLSX.SSF.load('m/d/yy', id);
}

interface Job {
  path: string;
  /** A sheet name, or a position counting from 1; absent: the first visible sheet with data. */
  sheet?: string;
  batchSize: number;
  /** HTML and XML files only: the encoding to read their text in (textEncoding.ts), after `skip` bytes (a BOM). */
  encoding?: string;
  skip?: number;
}

interface SheetInfo {
  name: string;
  rows: number;
  hidden: boolean;
}

type Cell = { t?: string; v?: unknown; w?: string; f?: string; F?: string; z?: string | number } | null | undefined;

type Problem = 'noResult' | 'error' | 'fullDigits' | 'lostDigits' | 'unshowable' | 'unformatted';

/** Cells of one kind: the first few by address, and how many in all. */
interface Found {
  cells: string[];
  count: number;
}

const SHOWN = 5;

const job = workerData as Job;
const port = parentPort!;

function fail(kind: string, message: string): never {
  port.postMessage({ type: 'error', kind, message });
  throw new Error('stopped');
}

function waitForAck(): Promise<void> {
  return new Promise((resolve) => port.once('message', () => resolve()));
}

/**
 * One cell as the spreadsheet shows it; `problem` says when that hides something the admin should know
 * (and `shown`, for full digits, what the spreadsheet shows instead).
 */
function cellText(c: Cell): { text: string; problem?: Problem; shown?: string; format?: string } {
  const shown = cellShown(c);
  if (crMark && shown.text.includes(crMark)) shown.text = shown.text.replaceAll(crMark, '\r');
  return shown;
}

function cellShown(c: Cell): { text: string; problem?: Problem; shown?: string; format?: string } {
  if (!c) return { text: '' };
  // A formula with no saved value: a stub (sheetStubs) in .xlsx, a value-less cell elsewhere. Not one
  // whose saved result is empty text: .xlsx holds that as a string with an empty value, while LibreOffice
  // saves it in .ods with no value type, only its empty paragraph (<text:p/>, which SheetJS keeps as the
  // stub's displayed text, "\n"); a formula saved unevaluated has no paragraph.
  const formula = c.f !== undefined || c.F !== undefined;
  if (formula && c.w === undefined && (c.t === 'z' || c.v === undefined)) return { text: '', problem: 'noResult' };
  switch (c.t) {
    case 's':
      return { text: c.v === undefined || c.v === null ? '' : String(c.v) };
    case 'z':
      return { text: '' };
    case 'e':
      return { text: c.w ?? '#ERROR', problem: 'error' };
    case 'b':
      return { text: c.w ?? (c.v ? 'TRUE' : 'FALSE') };
    case 'n': {
      const z = standInFormat(c) ?? c.z;
      const format = typeof z === 'string' ? (SHOWN_AS[z] ?? eraShownAs(z)) : undefined;
      let shown: string;
      try {
        if (cannotShow(z, c.v as number)) throw new Error('a format SheetJS shows otherwise than Excel');
        const rewritten = rewrittenFormat(z);
        shown = format
          ? formatNumber(format, c.v as number)
          : (numberShown(rewritten ?? z, c.v as number) ??
            (rewritten === undefined ? c.w : formatNumber(rewritten, c.v as number)) ??
            formatNumber(c.z ?? 'General', c.v as number));
      } catch {
        // A format the formatter does not read (`0.00 %`, a decimal comma typed into it) or shows otherwise than
        // Excel (cannotShow): the number the cell holds, named with its format, rather than no text at all, the
        // wrong text, or the whole import stopped.
        return { text: fullValue(c.v as number), problem: 'unformatted', format: String(c.z) };
      }
      // A number no date or time shows (before 1900, after 9999, a negative time): Excel fills the cell
      // with ####, the formatter gives ''. The number is what the cell holds, so it is kept, and named.
      if (shown === '' && typeof c.v === 'number' && z !== undefined && z !== null && XLSX.SSF.is_date(z)) {
        return { text: XLSX.SSF.format('General', c.v), problem: 'unshowable' };
      }
      if (!isGeneral(c.z)) return withLostDigits(c.v as number, { text: shown });
      // General shortens a number to fit ~11 characters (0.123456789, 12345678901 for 12345678901.5): the
      // value the cell holds is what is sent, so it comes whole (a decimal's digits are not warned about), and
      // one of 16 digits or more with the 15 digits it holds, then zeros, named as such.
      if (!Number.isInteger(c.v) || Math.abs(c.v as number) >= 1e15) {
        return withLostDigits(c.v as number, { text: fullValue(c.v as number) });
      }
      const digits = String(c.v);
      return digits === shown ? { text: shown } : { text: digits, problem: 'fullDigits', shown, format: formatName(c.z) };
    }
    default:
      return { text: c.w ?? (c.v === undefined || c.v === null ? '' : String(c.v)) };
  }
}

/**
 * A number in its format, by SheetJS's formatter. The formatter takes a dot in a date or time format for the
 * start of a fraction of a second and refuses any other ("bad second format"), while Excel shows it as it
 * is: the dots of dd.mm.yyyy (German, Polish, Russian… dates) and yyyy.mm.dd. (Hungarian), which Excel writes
 * into the file as typed. SheetJS then leaves such a cell without its text, so a refused format is tried
 * again with those dots as literal text.
 */
function formatNumber(z: string | number, v: number): string {
  const known = typeof z === 'string' ? dottedFormats.get(z) : undefined;
  if (known !== undefined) return XLSX.SSF.format(known, v, { date1904 });
  try {
    return XLSX.SSF.format(z, v, { date1904 });
  } catch (e) {
    const dotted = typeof z === 'string' ? withLiteralDots(z) : z;
    if (dotted === z) throw e;
    const shown = XLSX.SSF.format(dotted, v, { date1904 });
    dottedFormats.set(z as string, dotted as string); // a column of 50,000 dates is refused once, not each time
    return shown;
  }
}

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
function numberShown(z: string | number | undefined, v: number): string | undefined {
  if (!formattedHere || typeof z !== 'string' || !Number.isFinite(v)) return undefined;
  // SheetJS takes the e of a scientific `0.00e+00` for a date's (12345 came as 12345.001933+00).
  if (isGeneral(z) || (XLSX.SSF.is_date(z) && !/[0#?]e[+-][0#]/i.test(unquoted(z).replace(/\.[0#?]*/g, '')))) {
    return undefined;
  }
  const parts = formatSections(z);
  if (parts.some((p) => /^\[[<>=]/.test(p))) return undefined;
  if (v === 0) {
    // SheetJS's text, but in a whole part it shows otherwise (0 in `0,000.00` is 0,000.00; SheetJS refused it).
    const zero = parts.length > 2 ? parts[2]! : parts[0]!;
    return excelWholePart(withLiteralsMasked(zero).format) ? fromFifteenDigits(zero, 0) : undefined;
  }
  const section = v < 0 && parts.length > 1 ? parts[1]! : parts[0]!;
  if (section === '') return ''; // `0;` shows negatives as nothing
  if (isGeneral(section) || unquoted(section).includes('/')) return undefined;
  if (v > 0) return fromFifteenDigits(z, v); // SheetJS picks the section for positives
  const size = fromFifteenDigits(section, -v);
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
function fromFifteenDigits(z: string, v: number): string {
  const { format, literals } = withLiteralsMasked(z);
  const [mantissa, exponent] = v.toExponential(14).split('e') as [string, string];
  const sections = formatSections(format);
  const whole = excelWholePart(sections[0]!);
  const shownIn = whole ? sections.map((part) => excelWholePart(part)?.rewritten ?? part).join(';') : format;
  const section = formatSections(shownIn)[0]!;
  const nudged = Number(`${mantissa}3e${exponent}`);
  let text =
    scientific(sections[0]!, nudged) ?? withWholeZeros(withoutExponent(formatNumber(shownIn, nudged), section), section);
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

/**
 * A positive number in a scientific section of one digit before the point (`0.00E+00`, `#.###e-0`, with text
 * around it) as Excel shows it, or undefined for any other section (SheetJS's text). SheetJS showed 12345 in
 * `0.00e+00` as 12345.001933+00, in `0.00E-00` as 1.23E4 and in `0.00E+000` as 1.23E+4: Excel writes the E as
 * the format does, shows the exponent's sign with E+ and only a minus with E-, and as many digits of it as the
 * zeros after the sign ask for (1.23e+04, 1.23E04, 1.23E+004); decimals in `#` drop their trailing zeros.
 */
function scientific(section: string, v: number): string | undefined {
  const pieces = formatPieces(section);
  const bare = pieces.map((p) => (/^[0#?.Ee+-]$/.test(p) ? p : ' ')).join('');
  const m = /([0#?])(?:\.([0#?]*))?([Ee])([+-])([0#]+)/.exec(bare);
  if (!m) return undefined;
  const [found, , decimals = '', e, sign, digits] = m as unknown as [string, string, string | undefined, string, string, string];
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
  for (let i = kept.length - 1; i >= 0 && kept[i] === '0' && decimals[i] !== '0'; i--) kept[i] = decimals[i] === '?' ? ' ' : '';
  const size = String(Math.abs(Number(power))).padStart(digits.replace(/#/g, '').length, '0');
  const signShown = Number(power) < 0 ? '-' : sign === '+' ? '+' : '';
  const number = `${whole}${decimals || places ? `.${kept.join('')}` : ''}${e}${signShown}${size}`;
  return [...around.slice(0, m.index), number, ...around.slice(m.index)].join('');
}

/**
 * A format with each quoted text, and each escaped digit or point (`\2`, `\.`), written as one private-use
 * character of its own (quoted), and those texts by character (U+E000 on). SheetJS shows quoted text as it is
 * whatever it holds, so the format is shown alike; the marks are put back into the text afterwards. Escaped
 * characters that are no digit or point (`\-`) stay: SheetJS reads `000\-00\-0000` by them.
 */
function withLiteralsMasked(z: string): { format: string; literals: string[] } {
  const literals: string[] = [];
  const format = z.replace(/"[^"]*"?|\\(.)|\[[^\]]*\]?/g, (m: string, escaped?: string) => {
    if (m.startsWith('[') || (escaped !== undefined && !/[\d.]/.test(escaped))) return m;
    if (literals.length >= 0x1900) return m; // the private-use area's size: no format has as many
    literals.push(escaped ?? quotedText(m));
    return `"${String.fromCharCode(0xe000 + literals.length - 1)}"`;
  });
  return { format, literals };
}

/** A section's pieces as the formatter reads them: quoted text, an escaped character, a [bracket], `_x`, `*x`, a character. */
function formatPieces(section: string): string[] {
  return section.match(/"[^"]*"?|\\.|\[[^\]]*\]?|[_*]?./gs) ?? [];
}

/** The text of a quoted piece (`"kg"`: kg; one never closed runs to the end). */
const quotedText = (piece: string): string => piece.slice(1, piece.length > 1 && piece.endsWith('"') ? -1 : undefined);

/** A token of a whole part: a digit placeholder (0, #, ?), a comma, or text shown as it is. */
type WholeToken = { kind: 'digit'; placeholder: string } | { kind: 'comma' } | { kind: 'text'; text: string };

/**
 * A section's whole part (its first run of digit placeholders, with the commas, spaces, quoted text and escaped
 * characters between them) when it has such a separator after a zero (`0 000.00`, `0,000.00`, `000"-"00`): the
 * tokens, and the section with that run written as `0`, which SheetJS shows as the whole digits alone. SheetJS
 * shows these otherwise than Excel (1.5 in `0 000.00` as " 1.50", Excel 0 001.50) or not at all (`0,000.00`:
 * "unsupported format"). Undefined for any other section (`#,##0.00`, `# ##0`, which SheetJS shows right), one
 * with an exponent or a fraction, and one whose run mixes commas with text.
 */
function excelWholePart(section: string): { tokens: WholeToken[]; rewritten: string } | undefined {
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
  for (let i = first + 1; i < pieces.length && classify(pieces[i]!); i++) if (/^[0#?]$/.test(pieces[i]!)) last = i;
  const tokens = pieces.slice(first, last + 1).map((p) => classify(p)!);
  const zero = tokens.findIndex((t) => t.kind === 'digit' && t.placeholder === '0');
  const separated = zero >= 0 && tokens.slice(zero).some((t) => t.kind !== 'digit');
  // Commas group thousands: each after the first followed by three placeholders (`0,000`, `000,000`). Not
  // `0,00`, a decimal comma typed into the format, which stays a format the reader cannot show (cellWarnings).
  const commas = tokens.some((t) => t.kind === 'comma');
  const groups = tokens.map((t) => (t.kind === 'comma' ? ',' : 'x')).join('').split(',').slice(1);
  if (!separated || (commas && (tokens.some((t) => t.kind === 'text') || groups.some((g) => g.length !== 3)))) {
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
function wholeAsExcel(shown: string, tokens: WholeToken[]): string {
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
 * A number's text in a format of 7 decimals or more, with the number written in decimals where SheetJS wrote it
 * with an exponent. SheetJS writes the number it rounded to the format's decimals with JavaScript's String(),
 * which puts one under 0.000001 in exponent form, then pads that text as it would a decimal: 0.0000007 in
 * `0.0000000` came as 7e-7.0000000, 0.00000012 in `0.00000000` as 1.2e-7. Excel writes no exponent unless the
 * format has one (`0.00E+00`): the rounded number's decimals, up to the format's last `0` (or `?`, a space)
 * whatever they are and up to its last `#` when not zero; its whole part is 0, shown by the format's zeros
 * before the point (`#.#######` shows .0000007). `section` is the format's section the number was shown in.
 */
function withoutExponent(text: string, section: string): string {
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

/**
 * A number's text in a format with decimals, with the zeros the format asks for before the point. SheetJS shows
 * the whole part as the number has it (1.5 in `000.00` as 1.50, 0.015 in `00.000%` as 1.500%), where Excel shows
 * at least as many digits as the format has zeros there (001.50, 01.500%: ids and codes are padded so). Only for
 * a whole part of placeholders alone (`000`, `#000`; `0 000` SheetJS spreads between its parts otherwise), and a
 * format whose own text has no digit or point, so that the number's point is the text's first after a digit.
 */
function withWholeZeros(text: string, section: string): string {
  const bare = unquoted(section).replace(/[_*]./g, '');
  const zeros = /(?:^|[^#0?,])[#?]*(0+)\.[#0?]/.exec(bare)?.[1];
  const literals = (section.match(/"[^"]*"?|\\./g) ?? []).join('');
  if (!zeros || /[\d.]/.test(literals) || /E[+-]/i.test(bare)) return text;
  return text.replace(/\d+(?=\.)/, (whole) => whole.padStart(zeros.length, '0'));
}

/**
 * A format SheetJS shows otherwise than Excel, written so that it shows it as Excel does, or undefined when
 * it needs no rewriting: General with text after it (`General"%"`, `General" kg"`), which SheetJS shows as
 * General alone (12 for Excel's 12%) when the format starts with it, gets an empty text before it; a fill
 * character (`*-`, `*.`: Excel repeats it across the cell's width), which SheetJS shows once as text (45307
 * in `*-0` as -45307), is left out, as Excel shows the cell when the column is just wide enough.
 */
function rewrittenFormat(z: string | number | undefined): string | undefined {
  if (!formattedHere || typeof z !== 'string' || isGeneral(z)) return undefined;
  const rewritten = formatSections(z)
    .map((section) => withoutFills(section).replace(/^((?:\[[^\]]*\])*)(general)(?=.)/i, '$1""$2'))
    .join(';');
  return rewritten === z ? undefined : rewritten;
}

/** A format section without its fill characters (`*` and the character after it) outside quotes and brackets. */
function withoutFills(section: string): string {
  let out = '';
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '*') {
      i++;
      continue;
    }
    const end = ch === '\\' ? i + 1 : ch === '"' || ch === '[' ? section.indexOf(ch === '"' ? '"' : ']', i + 1) : i;
    const to = end < 0 ? section.length : end + 1;
    out += section.slice(i, to);
    i = to - 1;
  }
  return out;
}

/**
 * How a date format with an era (`g`: Japanese 令和, R; the Republic of China's 民國) is shown: as yyyy-mm-dd,
 * with hh:mm, and :ss, when it shows a time and seconds. SheetJS has no eras (令和6年1月16日 in
 * `ggge"年"m"月"d"日"` came as ggg2024年1月16日), and the era years would not do for an LMS's dates anyway:
 * shown as Japanese Excel's own built-in era dates (27 and 28 there are `[$-411]ge.m.d` and
 * `[$-411]ggge"年"m"月"d"日"`) and the locale's short date are. Undefined for any other format.
 */
function eraShownAs(z: string): string | undefined {
  if (!formattedHere || !XLSX.SSF.is_date(z)) return undefined;
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
function cannotShow(z: string | number | undefined, v: number): boolean {
  if (!formattedHere || typeof z !== 'string' || isGeneral(z)) return false;
  const bare = unquoted(z);
  if (XLSX.SSF.is_date(z)) return false;
  if (/general|E[+-]/i.test(bare)) return false;
  const percents = bare.split('%').length - 1;
  return Math.abs(v) * 100 ** percents >= 1e21;
}

/** A format's sections, split at each `;` outside quotes, brackets and escapes. */
function formatSections(z: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < z.length; i++) {
    const ch = z[i]!;
    if (ch === '\\') i++;
    else if (ch === '"' || ch === '[') {
      const end = z.indexOf(ch === '"' ? '"' : ']', i + 1);
      i = end < 0 ? z.length : end;
    } else if (ch === ';') {
      parts.push(z.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(z.slice(from));
  return parts;
}

/** A format with its quoted text, escaped characters and [brackets] taken out: what it says as a format. */
function unquoted(z: string): string {
  return z.replace(/"[^"]*"?|\\.|\[[^\]]*\]?/g, '');
}

/** The formats read with their dots as literal text, by the format as the file names it. */
const dottedFormats = new Map<string, string>();

/**
 * A date or time format with its dots escaped (`dd\.mm\.yyyy`), but not one that starts a fraction of a
 * second (`ss.00`), nor those already escaped, quoted or in brackets. Any other format is returned as it is.
 */
function withLiteralDots(z: string): string {
  if (!XLSX.SSF.is_date(z)) return z;
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

/**
 * The sheets (by index) whose name is `want` once the spaces around both are set aside: those that match
 * in case too when there are any (" Spaces " and " spaces" for "Spaces": the first), else those that
 * match ignoring case.
 */
function sheetsNamedLike(sheets: SheetInfo[], want: string): number[] {
  const trimmed = want.trim();
  const sameCase = sheets.flatMap((s, i) => (s.name.trim() === trimmed ? [i] : []));
  if (sameCase.length) return sameCase;
  return sheets.flatMap((s, i) => (s.name.trim().toLowerCase() === trimmed.toLowerCase() ? [i] : []));
}

/**
 * Only a format the file names as General: .ods cells carry none, and their text is the file's own. Text
 * (@, built-in 49) counts too: Excel shows a number in a Text cell (a column set to Text after its ids
 * were typed) as General does.
 */
function isGeneral(z: string | number | undefined): boolean {
  return z === 0 || z === 49 || z === '@' || (typeof z === 'string' && z.toLowerCase() === 'general');
}

/** The format's name in a warning: "Text" for @, else "General". */
const formatName = (z: string | number | undefined): string => (z === 49 || z === '@' ? 'Text' : 'General');

/**
 * A number as the cell holds it, to the 15 significant digits Excel keeps (0.30000000000000004 is 0.3),
 * in plain notation (0.0000001234567890123, not 1.23456789012E-07; 1000000000000000000000, not 1e+21).
 */
function fullValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(15));
  const text = String(rounded);
  if (!text.includes('e')) return text;
  const [mantissa, exponent] = rounded.toExponential().split('e') as [string, string];
  const digits = mantissa.replace(/[-.]/g, '');
  const decimals = digits.length - 1 - Number(exponent);
  // 22 digits or more: its significant digits, then zeros (1000000000000000000000, not 1e+21).
  if (decimals < 0) return `${rounded < 0 ? '-' : ''}${digits}${'0'.repeat(-decimals)}`;
  return decimals <= 100 ? rounded.toFixed(decimals) : text;
}

/**
 * A cell's text, with the problem `lostDigits` when it is a number of 16 digits or more written out in digits (of
 * a file whose text SheetJS writes): Excel keeps 15 significant digits of a number, so an id of 16 digits or
 * more kept as a number lost those after the 15th before the file was saved, and the text looks like an id
 * all the same. Not in scientific notation (`0.00E+00`: no one's id), nor an .ods's text (LibreOffice's own).
 */
function withLostDigits(v: number, shown: { text: string }): { text: string; problem?: Problem } {
  return formattedHere && Math.abs(v) >= 1e15 && /^[^E]*\d[^E]*$/i.test(shown.text) ? { ...shown, problem: 'lostDigits' } : shown;
}

/**
 * An .ods formula cell saved as one self-closing tag with no value type (`<table:table-cell
 * table:formula="of:=[.A1]*2"/>`), as a program that writes formulas without calculating them may save it.
 * SheetJS keeps a self-closing cell only when it holds a string, so this one would vanish, and its warning
 * with it. Written open and closed, it reads as the stub it is: a formula with no value and no paragraph.
 * (SheetJS also ends a tag at the first `>`, so `[^>]*` sees the tags it sees.)
 */
const SELF_CLOSED_CELL = /<((?:[\w.-]+:)?table-cell)(\s[^>]*)\/>/g;

function openFormulaStubs(xml: string): string {
  return xml.replace(SELF_CLOSED_CELL, (tag: string, name: string, attrs: string) =>
    /(?:^|\s)(?:[\w.-]+:)?formula\s*=/.test(attrs) && !/value-type\s*=/.test(attrs)
      ? `<${name}${attrs}></${name}>`
      : tag,
  );
}

/**
 * The file with its self-closed formula cells opened (above): a flat .fods as text, an .ods package with its
 * content.xml rewritten (stored uncompressed, as it is read at once). Any other file is returned as it is.
 */
/** What an OpenDocument file's sheets hide (odfHidden), read from its content.xml before SheetJS reads it. */
let odfHiddenBySheet: Map<string, Hidden> | null = null;

function withFormulaStubsOpened(input: Buffer | string): Buffer | string {
  if (typeof input === 'string') {
    if (input.includes('urn:oasis:names:tc:opendocument:xmlns:table')) odfHiddenBySheet = odfHidden(input);
    return openFormulaStubs(input);
  }
  // Cheap test first: a zip's file names are stored as they are, and only an OpenDocument package has content.xml.
  if (input[0] !== 0x50 || input[1] !== 0x4b || !input.includes('content.xml')) return input;
  let zip: { FileIndex: unknown[] };
  try {
    zip = XLSX.CFB.read(input, { type: 'buffer' }) as { FileIndex: unknown[] };
  } catch {
    return input; // SheetJS says what is wrong with it
  }
  const entry = XLSX.CFB.find(zip, '/content.xml') as { content?: Uint8Array; size?: number } | null;
  if (!entry?.content) return input;
  const xml = Buffer.from(entry.content).toString('utf8');
  odfHiddenBySheet = odfHidden(xml);
  const opened = openFormulaStubs(xml);
  if (opened === xml) return input;
  entry.content = Buffer.from(opened, 'utf8');
  entry.size = entry.content.length;
  return XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: false }) as Buffer;
}

/**
 * The character that stands for a CR the .xlsx file stores in a cell's text (withEscapedCrsMarked), or null.
 * Excel writes a CR as _x000D_ (an XML parser turns a CR written as is into LF); SheetJS decodes it, then
 * turns every CRLF into LF, so "line one_x000D_\nline two" lost its CR. A noncharacter (U+FDD0 on) that is
 * not in the file stands in for it.
 */
let crMark: string | null = null;

/** A CR written as _x000D_ or &#13; (&#xD;), but not _x005F_x000D_ (the text "_x000D_"): as SheetJS scans. */
const ESCAPED_CR = /_x([\da-f]{4})_|&#(?:0*13|x0*d);/gi;

/**
 * An .xlsx package whose text parts hold an escaped CR, with each one written as a noncharacter SheetJS keeps
 * (crMark), its parts stored uncompressed; any other file as it is.
 */
function withEscapedCrsMarked(input: Buffer | string): Buffer | string {
  if (typeof input === 'string' || !isZip(input) || !input.includes('xl/')) return input;
  let zip: { FileIndex: { name: string; content?: Uint8Array; size?: number }[]; FullPaths: string[] };
  try {
    zip = XLSX.CFB.read(input, { type: 'buffer' }) as typeof zip;
  } catch {
    return input; // SheetJS says what is wrong with it
  }
  const textPart = /\/xl\/(sharedStrings|worksheets\/[^/]+)\.xml$/i;
  const parts = zip.FullPaths.flatMap((path, i) =>
    textPart.test(path) && zip.FileIndex[i]?.content ? [zip.FileIndex[i]!] : [],
  );
  const texts = parts.map((part) => Buffer.from(part.content!).toString('utf8'));
  const hasCr = (xml: string) =>
    [...xml.matchAll(ESCAPED_CR)].some((m) => m[1] === undefined || m[1].toLowerCase() === '000d');
  if (!texts.some(hasCr)) return input;
  for (let code = 0xfdd0; code <= 0xfdef && !crMark; code++) {
    const ref = new RegExp(`&#(?:0*${code}|x0*${code.toString(16)});`, 'i');
    const c = String.fromCharCode(code);
    if (!texts.some((xml) => xml.includes(c) || ref.test(xml))) crMark = c;
  }
  if (!crMark) return input;
  // The character itself: SheetJS decodes a formula's text result twice, which a reference would not survive.
  const mark = crMark;
  parts.forEach((part, i) => {
    const xml = texts[i]!;
    if (!hasCr(xml)) return;
    const marked = xml.replace(ESCAPED_CR, (m, code?: string) =>
      code === undefined || code.toLowerCase() === '000d' ? mark : m,
    );
    part.content = Buffer.from(marked, 'utf8');
    part.size = part.content.length;
  });
  return XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: false }) as Buffer;
}

/** Positions from 0 as [first, end) ranges, in order. */
type Ranges = [number, number][];
/** The rows and columns a sheet hides. */
interface Hidden {
  rows: Ranges;
  columns: Ranges;
}

/**
 * The rows and columns each OpenDocument sheet hides, which SheetJS does not read: table:visibility
 * "collapse" (hidden by hand) or "filter" (a row a filter hides), counted through their repeats as SheetJS
 * counts them.
 */
function odfHidden(xml: string): Map<string, Hidden> {
  const found = new Map<string, Hidden>();
  const attr = (attrs: string, name: string): string | undefined =>
    new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*"([^"]*)"`).exec(attrs)?.[1];
  const unescape = (v: string) =>
    v.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
  let sheet: Hidden | null = null;
  let r = 0;
  let c = 0;
  const tags = /<(\/?)(?:[\w.-]+:)?table(-row|-column)?(?=[\s>/])([^>]*)>/g;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const [, close, part, attrs] = m as unknown as [string, string, string | undefined, string];
    if (!part) {
      // A sheet starts (its name) or ends.
      sheet = null;
      if (close || attrs.endsWith('/')) continue;
      sheet = { rows: [], columns: [] };
      found.set(unescape(attr(attrs, 'name') ?? ''), sheet);
      r = c = 0;
      continue;
    }
    if (!sheet || close) continue;
    const isRow = part === '-row';
    const repeat = Number(attr(attrs, isRow ? 'number-rows-repeated' : 'number-columns-repeated') ?? 1) || 1;
    const visibility = attr(attrs, 'visibility');
    const at = isRow ? r : c;
    if (visibility === 'collapse' || visibility === 'filter') (isRow ? sheet.rows : sheet.columns).push([at, at + repeat]);
    if (isRow) r += repeat;
    else c += repeat;
  }
  return found;
}

/** Whether position i is in `ranges`, for i that only grow from call to call (one pass, however many ranges). */
function inRanges(ranges: Ranges): (i: number) => boolean {
  let k = 0;
  return (i) => {
    while (k < ranges.length && ranges[k]![1] <= i) k++;
    return k < ranges.length && ranges[k]![0] <= i;
  };
}

/**
 * The rows with data and the columns with data the sheet hides (hidden by hand, filtered out, folded into
 * an outline): by row number, and by column letter.
 */
function hiddenCells(sheet: XLSX.WorkSheet, name: string, rows: Cell[][], width: number): { rows: Found; columns: Found } {
  const rowInfo = sheet['!rows'] ?? [];
  const colInfo = sheet['!cols'] ?? [];
  const odf = odfHiddenBySheet?.get(name);
  const odfRow = inRanges(odf?.rows ?? []);
  const odfColumn = inRanges(odf?.columns ?? []);
  const hidden = { rows: { cells: [], count: 0 } as Found, columns: { cells: [], count: 0 } as Found };
  for (let r = 0; r < rows.length; r++) {
    if ((rowInfo[r]?.hidden || odfRow(r)) && hasText(rows[r])) count(hidden.rows, String(r + 1));
  }
  for (let c = 0; c < width; c++) {
    if ((colInfo[c]?.hidden || odfColumn(c)) && rows.some((row) => cellText(row?.[c]).text.trim() !== '')) {
      count(hidden.columns, letters(c));
    }
  }
  return hidden;
}

function rowsOf(sheet: XLSX.WorkSheet): Cell[][] {
  return ((sheet as unknown as { '!data'?: Cell[][] })['!data'] ?? []) as Cell[][];
}

function hasText(row: Cell[] | undefined): boolean {
  if (!row) return false;
  for (const c of row) if (cellText(c).text.trim() !== '') return true;
  return false;
}

function count(found: Found, ref: string): void {
  if (found.cells.length < SHOWN) found.cells.push(ref);
  found.count++;
}

/**
 * The merged ranges whose top-left cell shows something (its value is shown across the range, while the
 * file holds it in that cell alone), in sheet order. A merged range with nothing in it hides nothing.
 */
function mergedRanges(sheet: XLSX.WorkSheet, rows: Cell[][]): Found {
  const found: Found = { cells: [], count: 0 };
  const merges = [...(sheet['!merges'] ?? [])].sort((a, b) => a.s.r - b.s.r || a.s.c - b.s.c);
  for (const m of merges) {
    if (cellText(rows[m.s.r]?.[m.s.c]).text !== '') count(found, XLSX.utils.encode_range(m));
  }
  return found;
}

/**
 * The header row (the first with text) when it has cells merged across columns and names more than one
 * column: a two-row header, groups ("Person", "Course") over the column names, reads as names for only the
 * first column of each group. Its merged ranges with text, as `A1:B1 "Person"`, in column order. (One named
 * cell over wider rows is the title line the table builder warns about.)
 */
function headerMerges(sheet: XLSX.WorkSheet, rows: Cell[][]): { row: number; ranges: string[] } | null {
  const header = rows.findIndex((row) => hasText(row));
  if (header < 0) return null;
  const text = (c: number) => cellText(rows[header]?.[c]).text.trim();
  const named = (rows[header] ?? []).filter((_, c) => text(c) !== '').length;
  const ranges = (sheet['!merges'] ?? [])
    .filter((m) => m.s.r === header && m.e.c > m.s.c && text(m.s.c) !== '')
    .sort((a, b) => a.s.c - b.s.c)
    .map((m) => `${XLSX.utils.encode_range(m)} ${JSON.stringify(text(m.s.c))}`);
  return named > 1 && ranges.length ? { row: header + 1, ranges } : null;
}

function letters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const isZip = (b: Buffer): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Buffer): boolean => b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1;

/**
 * Whether a ZIP still has the record every ZIP file ends with (the end of its directory, in its last 64 KB):
 * a copy cut short has lost it, and SheetJS then reads on through whatever it finds.
 */
function zipHasEnd(b: Buffer): boolean {
  const last = b.length - 22;
  const at = last < 0 ? -1 : b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), last);
  return at >= 0 && at >= last - 0xffff;
}

/**
 * Whether SheetJS's error means the file is damaged rather than not a workbook: a ZIP part that does not
 * inflate (zlib's Z_ codes) or is not the size its directory says; an OLE file (.xls) whose container cannot
 * be read, or that holds an Excel workbook stream SheetJS could not read. A password is not damage.
 */
function isDamaged(e: unknown, input: Buffer | string): boolean {
  const message = e instanceof Error ? e.message : String(e);
  if (typeof input === 'string' || /password|encrypt/i.test(message)) return false;
  if (isZip(input)) {
    const code = (e as { code?: unknown } | null)?.code;
    return (typeof code === 'string' && code.startsWith('Z_')) || /^Bad (un)?compressed size/.test(message);
  }
  if (!isOle(input)) return false;
  try {
    const cfb = XLSX.CFB.read(input, { type: 'buffer' });
    return Boolean(XLSX.CFB.find(cfb, '/Workbook') ?? XLSX.CFB.find(cfb, '/Book'));
  } catch {
    return true;
  }
}

async function main(): Promise<void> {
  let wb: XLSX.WorkBook;
  // SheetJS reads a text file's bytes as UTF-8 whatever they are: those come decoded, as a string.
  const input =
    job.encoding === undefined
      ? readFileSync(job.path)
      : new TextDecoder(job.encoding, { ignoreBOM: true }).decode(readFileSync(job.path).subarray(job.skip ?? 0));
  if (typeof input !== 'string' && isZip(input) && !zipHasEnd(input)) fail('cutShort', '');
  try {
    const opened = withEscapedCrsMarked(withFormulaStubsOpened(input));
    if (typeof opened !== 'string' && isOle(opened)) nameEastAsianDates();
    wb = XLSX.read(opened, {
      type: typeof opened === 'string' ? 'string' : 'buffer',
      dense: true,
      cellFormula: true, // to tell a formula without a saved result from an empty cell
      // Without stubs SheetJS drops an .xlsx formula cell that has no <v> (as openpyxl writes them).
      sheetStubs: true,
      cellNF: true, // each number's format in .z: General is where long whole numbers lose digits
      cellHTML: false,
      cellStyles: true, // for the rows and columns the sheet hides (!rows, !cols)
      cellDates: false,
      dateNF: 'yyyy-mm-dd',
      bookVBA: false,
    });
  } catch (e) {
    fail(isDamaged(e, input) ? 'damaged' : 'unreadable', e instanceof Error ? e.message : String(e));
  }

  date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  // An .xls file (BIFF, in an OLE container) has no bookType.
  excelFile =
    /^(xls[xmb]?|biff\d)$/.test((wb as { bookType?: string }).bookType ?? '') || (typeof input !== 'string' && isOle(input));
  formattedHere = !/^(f?ods|html)$/.test((wb as { bookType?: string }).bookType ?? '');
  const hiddenFlags = wb.Workbook?.Sheets ?? [];
  // `rows` counts data rows: the non-blank rows after the first (the header).
  const nonBlank: number[] = [];
  const sheets: SheetInfo[] = wb.SheetNames.map((name, i) => {
    let n = 0;
    for (const row of rowsOf(wb.Sheets[name]!)) if (hasText(row)) n++;
    nonBlank.push(n);
    return { name, rows: Math.max(0, n - 1), hidden: Boolean(hiddenFlags[i]?.Hidden) };
  });

  let index = -1;
  if (job.sheet !== undefined) {
    const want = job.sheet;
    index = sheets.findIndex((s) => s.name === want);
    if (index < 0) {
      // Names typed with or without the spaces around them, or in another case: taken when one sheet fits.
      const loose = sheetsNamedLike(sheets, want);
      if (loose.length > 1) {
        const matches = loose.map((i) => sheets[i]!.name);
        port.postMessage({ type: 'error', kind: 'ambiguousSheet', message: want, sheets, matches });
        return;
      }
      index = loose[0] ?? -1;
    }
    if (index < 0 && /^\d+$/.test(want.trim())) {
      const n = Number(want.trim());
      if (n >= 1 && n <= sheets.length) index = n - 1;
    }
    if (index < 0) {
      port.postMessage({ type: 'error', kind: 'noSuchSheet', message: want, sheets });
      return;
    }
    if (nonBlank[index] === 0) {
      port.postMessage({ type: 'error', kind: 'emptySheet', message: sheets[index]!.name, sheets });
      return;
    }
  } else {
    index = sheets.findIndex((s) => !s.hidden && s.rows > 0);
    if (index < 0) index = sheets.findIndex((s) => s.rows > 0);
    if (index < 0) index = nonBlank.findIndex((n) => n > 0); // a header alone: read it, and say so
    if (index < 0) {
      port.postMessage({ type: 'error', kind: 'noData', message: '', sheets });
      return;
    }
  }

  const chosen = sheets[index]!;
  const rows = rowsOf(wb.Sheets[chosen.name]!);
  // The table is as wide as its rightmost cell that shows something (formatting alone reaches further).
  let width = 0;
  for (const row of rows) {
    if (!row) continue;
    for (let c = row.length - 1; c >= width; c--) {
      if (cellText(row[c]).text !== '') {
        width = c + 1;
        break;
      }
    }
  }
  // Columns before the table that show nothing in any row (a table started in column B) are left out: the
  // cells sent start at `first`, while the cells warnings name keep their letters.
  let first = width;
  for (const row of rows) {
    if (!row) continue;
    for (let c = 0; c < Math.min(first, row.length); c++) {
      if (cellText(row[c]).text !== '') {
        first = c;
        break;
      }
    }
  }
  if (first >= width) first = 0;
  const noResult: Found = { cells: [], count: 0 };
  const fullDigits: Found & { example?: { shown: string; kept: string }; formats: string[] } = {
    cells: [],
    count: 0,
    formats: [],
  };
  const errors: Found = { cells: [], count: 0 };
  const lostDigits: Found & { example?: { cell: string; kept: string } } = { cells: [], count: 0 };
  const unshowable: Found = { cells: [], count: 0 };
  const unformatted: Found & { formats: string[]; example?: { cell: string; kept: string } } = {
    cells: [],
    count: 0,
    formats: [],
  };
  let batch: string[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const cells = new Array<string>(width - first);
    for (let c = first; c < width; c++) {
      const { text, problem, shown, format } = cellText(row?.[c]);
      cells[c - first] = text;
      if (problem === 'noResult') count(noResult, `${letters(c)}${r + 1}`);
      if (problem === 'fullDigits') {
        fullDigits.example ??= { shown: shown!, kept: text };
        if (!fullDigits.formats.includes(format!)) fullDigits.formats.push(format!);
        count(fullDigits, `${letters(c)}${r + 1}`);
      }
      if (problem === 'lostDigits') {
        lostDigits.example ??= { cell: `${letters(c)}${r + 1}`, kept: text };
        count(lostDigits, `${letters(c)}${r + 1}`);
      }
      if (problem === 'error') count(errors, `${letters(c)}${r + 1} (${text})`);
      if (problem === 'unshowable') count(unshowable, `${letters(c)}${r + 1} (${text})`);
      if (problem === 'unformatted') {
        unformatted.example ??= { cell: `${letters(c)}${r + 1}`, kept: text };
        if (!unformatted.formats.includes(format!) && unformatted.formats.length < SHOWN) unformatted.formats.push(format!);
        count(unformatted, `${letters(c)}${r + 1}`);
      }
    }
    batch.push(cells);
    if (batch.length >= job.batchSize) {
      port.postMessage({ type: 'rows', rows: batch, done: r + 1, total: rows.length, firstColumn: first });
      batch = [];
      await waitForAck();
    }
  }
  if (batch.length) {
    port.postMessage({ type: 'rows', rows: batch, done: rows.length, total: rows.length, firstColumn: first });
    await waitForAck();
  }
  port.postMessage({
    type: 'done',
    sheet: chosen.name,
    sheets,
    bookType: (wb as { bookType?: string }).bookType ?? null,
    firstColumn: first,
    noResult,
    errors,
    fullDigits,
    lostDigits,
    unshowable,
    unformatted,
    merged: mergedRanges(wb.Sheets[chosen.name]!, rows),
    headerMerged: headerMerges(wb.Sheets[chosen.name]!, rows),
    hidden: hiddenCells(wb.Sheets[chosen.name]!, chosen.name, rows, width),
  });
}

main().catch((e: unknown) => {
  if (e instanceof Error && e.message === 'stopped') return;
  port.postMessage({ type: 'error', kind: 'internal', message: e instanceof Error ? e.message : String(e) });
});
