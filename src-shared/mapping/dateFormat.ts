// Dates written one way, sent another: `31/12/2024` read as DD/MM/YYYY and written as YYYY-MM-DD.
//
// Hand-written rather than a date library: a calendar date is re-spelled, never turned into a moment in
// time, so there is no time zone to get wrong (date-fns and dayjs parse into a local `Date`, and a
// midnight in one zone is the day before in another). The token set is the one admins know from
// spreadsheets; everything else in a pattern is literal text.
//
//   YYYY 2024   YY 24   MMMM December   MMM Dec   MM 05   M 5   DD 07   D 7   HH 09   H 9   mm 30   ss 00
import { daysIn, MONTHS } from './calendar';
import { quoteValue } from '../util/quoteValue';

const TOKENS = ['YYYY', 'MMMM', 'MMM', 'YY', 'MM', 'DD', 'HH', 'mm', 'ss', 'M', 'D', 'H'] as const;
type Token = (typeof TOKENS)[number];
type Part = { token: Token } | { lit: string };

const tokenRe: Record<Token, string> = {
  YYYY: '(\\d{4})',
  YY: '(\\d{2})',
  MMMM: '([A-Za-z]+)',
  MMM: '([A-Za-z]{3})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  DD: '(\\d{2})',
  D: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
};

const cache = new Map<string, Part[]>();

/** A pattern as tokens and literal text, longest token first (`MMMM` before `MMM` before `MM`). */
export function parsePattern(pattern: string): Part[] {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < pattern.length;) {
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      if (lit) parts.push({ lit });
      lit = '';
      parts.push({ token });
      i += token.length;
    } else {
      lit += pattern[i];
      i++;
    }
  }
  if (lit) parts.push({ lit });
  if (cache.size > 200) cache.clear();
  cache.set(pattern, parts);
  return parts;
}

/** Why a pattern cannot be used, or null: it must name a year, a month and a day to read a date. */
export function checkDatePattern(pattern: string, role: 'from' | 'to'): string | null {
  if (pattern.trim() === '') return `the ${role === 'from' ? 'input' : 'output'} pattern is empty`;
  const tokens = new Set(parsePattern(pattern).flatMap((p) => ('token' in p ? [p.token] : [])));
  if (role === 'to') return tokens.size ? null : `"${pattern}" has no date parts (YYYY, MM, DD…)`;
  const has = (...ts: Token[]) => ts.some((t) => tokens.has(t));
  if (!has('YYYY', 'YY') || !has('MMMM', 'MMM', 'MM', 'M') || !has('DD', 'D'))
    return `"${pattern}" must name a year (YYYY), a month (MM) and a day (DD) to read a date`;
  return null;
}

interface DateParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function monthByName(name: string): number | null {
  const n = name.toLowerCase();
  const i = MONTHS.findIndex((m) => m.toLowerCase() === n || m.slice(0, 3).toLowerCase() === n);
  return i < 0 ? null : i + 1;
}

/** Reads `value` as `pattern`: the parts, or why not. */
export function readDate(value: string, pattern: string): DateParts | { error: string } {
  const parts = parsePattern(pattern);
  const re = new RegExp(
    '^' +
      parts
        .map((p) => ('lit' in p ? p.lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : tokenRe[p.token]))
        .join('') +
      '$',
  );
  const m = re.exec(value.trim());
  if (!m) return { error: `${quoteValue(value)} is not a date written as ${pattern}` };
  const d: DateParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let g = 1;
  for (const p of parts) {
    if ('lit' in p) continue;
    const s = m[g++]!;
    const n = Number(s);
    switch (p.token) {
      case 'YYYY':
        d.year = n;
        break;
      case 'YY':
        d.year = n < 70 ? 2000 + n : 1900 + n; // the POSIX pivot: 69 → 2069, 70 → 1970
        break;
      case 'MMMM':
      case 'MMM': {
        const month = monthByName(s);
        if (month === null) return { error: `${quoteValue(value)}: ${quoteValue(s)} is not a month name` };
        d.month = month;
        break;
      }
      case 'MM':
      case 'M':
        d.month = n;
        break;
      case 'DD':
      case 'D':
        d.day = n;
        break;
      case 'HH':
      case 'H':
        d.hour = n;
        break;
      case 'mm':
        d.minute = n;
        break;
      case 'ss':
        d.second = n;
        break;
    }
  }
  if (d.month < 1 || d.month > 12) return { error: `${quoteValue(value)}: there is no month ${d.month}` };
  if (d.day < 1 || d.day > daysIn(d.year, d.month))
    return { error: `${quoteValue(value)}: ${MONTHS[d.month - 1]} ${d.year} has no day ${d.day}` };
  if (d.hour > 23 || d.minute > 59 || d.second > 59)
    return { error: `${quoteValue(value)} has an impossible time of day` };
  return d;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function writeDate(d: DateParts, pattern: string): string {
  let out = '';
  for (const p of parsePattern(pattern)) {
    if ('lit' in p) {
      out += p.lit;
      continue;
    }
    switch (p.token) {
      case 'YYYY':
        out += pad(d.year, 4);
        break;
      case 'YY':
        out += pad(d.year % 100);
        break;
      case 'MMMM':
        out += MONTHS[d.month - 1];
        break;
      case 'MMM':
        out += MONTHS[d.month - 1]!.slice(0, 3);
        break;
      case 'MM':
        out += pad(d.month);
        break;
      case 'M':
        out += String(d.month);
        break;
      case 'DD':
        out += pad(d.day);
        break;
      case 'D':
        out += String(d.day);
        break;
      case 'HH':
        out += pad(d.hour);
        break;
      case 'H':
        out += String(d.hour);
        break;
      case 'mm':
        out += pad(d.minute);
        break;
      case 'ss':
        out += pad(d.second);
        break;
    }
  }
  return out;
}

/** `value` re-spelled from one pattern to another, or why it cannot be. */
export function reformatDate(value: string, from: string, to: string): { value: string; error?: string } {
  const problem = checkDatePattern(from, 'from') ?? checkDatePattern(to, 'to');
  if (problem) return { value, error: `Date format: ${problem}` };
  const d = readDate(value, from);
  if ('error' in d) return { value, error: d.error };
  return { value: writeDate(d, to) };
}
