// What is wrong with an ISO 8601 date or date-time, beyond its shape: `2026-13-45` and `2026-02-30T25:61`
// have the right digits in the right places but name no day or time, and a server would refuse them, or
// worse, roll them over into another day (JavaScript reads 2026-02-30 as 2 March).
import { daysIn, MONTHS } from './calendar';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * Null for a real date (and time), else what is wrong, to follow `"<value>" `. Hours are 00–23 (24:00 is
 * refused: it is 00:00 of the next day), and seconds 00–59: a leap second (:60) is refused, since
 * JavaScript dates and most servers cannot read one.
 */
export function isoDateProblem(value: string): string | null {
  const m = ISO.exec(value);
  if (!m) return 'is not an ISO 8601 date (YYYY-MM-DD)';
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  if (month < 1 || month > 12) return `is not a date: there is no month ${month}`;
  if (day < 1) return `is not a date: there is no day ${day}`;
  const days = daysIn(year, month);
  if (day > days) return `is not a date: ${MONTHS[month - 1]} ${m[1]} has ${days} days, not ${day}`;
  if (m[4] === undefined) return null;
  const [hour, minute] = [Number(m[4]), Number(m[5])];
  if (hour === 24) return `is not a time of day: hour 24 (00–23; midnight is 00:00 of the next day)`;
  if (hour > 23) return `is not a time of day: hour ${hour} (00–23)`;
  if (minute > 59) return `is not a time of day: minute ${minute} (00–59)`;
  if (m[6] !== undefined) {
    const second = Number(m[6]);
    if (second === 60) return `is not a time of day: second 60 (00–59; leap seconds are not accepted)`;
    if (second > 59) return `is not a time of day: second ${second} (00–59)`;
  }
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) {
    const offset = /[+-]\d{2}:?\d{2}$/.exec(value)![0];
    return `has no such time zone offset: ${offset} (up to ±23:59)`;
  }
  return null;
}
