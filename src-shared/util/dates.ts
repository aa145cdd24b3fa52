// How a date reads to the admin, on every screen and in every message built for a person: "3 Dec 2026",
// "3 Dec 2026, 14:05", on this machine's clock (the one the admin lives by). Spelled out by hand rather
// than by Intl, so the renderer (Chromium's locale) and main or the CLI (Node's) write it the same way,
// day before month and a 24-hour clock, read alike on both sides of the Atlantic.
// Files machines read (CSV, JSON, file names) keep ISO 8601 instead.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Outside Date's range (or NaN): nothing sensible to write. */
const bad = (ms: number) => !Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime());

/** `3 Dec 2026`, the local day. */
export function formatDate(ms: number): string {
  if (bad(ms)) return '—';
  const d = new Date(ms);
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** `14:05`, or `14:05:09` with seconds: the local time of day, for a feed or a chart within one day. */
export function formatClock(ms: number, opts: { seconds?: boolean } = {}): string {
  if (bad(ms)) return '—';
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}${opts.seconds ? `:${two(d.getSeconds())}` : ''}`;
}

/**
 * `3 Dec 2026, 14:05`, local. `seconds` where two times in the same minute must read apart
 * (connections synced together finish seconds apart).
 */
export function formatDateTime(ms: number, opts: { seconds?: boolean } = {}): string {
  if (bad(ms)) return '—';
  return `${formatDate(ms)}, ${formatClock(ms, opts)}`;
}

/**
 * `2026-12-03 14:05:09`, local: the command line's tables and history lines (ISO's order, so a column of
 * them sorts and lines up), on the same clock as the app and the messages it stores.
 */
export function formatStamp(ms: number): string {
  if (bad(ms)) return '—';
  const d = new Date(ms);
  return `${isoDay(ms)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `2026-12-03`, the local day in ISO form: for a file's name, dated as the admin dates the day. */
export function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
