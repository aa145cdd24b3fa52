// How long a job waits by itself when the LMS asks it to (Retry-After), and what it says when asked for
// longer. A rolling-minute limit asks for seconds (Coassemble's at most 60); a wait past a quarter of an
// hour is a daily quota, a maintenance window or a mistake, and a job that sat silent for it (the CLI
// waited a day on `Retry-After: 86400`) leaves the admin not knowing whether anything is happening. So
// beyond it the job pauses, saying what the LMS asked and until when, and the admin decides.
import { formatDuration } from '../util/duration';
import { formatDateTime } from '../util/dates';

/** The longest Retry-After a job waits by itself: 15 minutes. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** The header as the LMS sent it, safe to show: printable, and short. */
export function headerText(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?').trim();
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

/** A Retry-After the job could not read (neither seconds nor a date): said as such, never as "none". */
export function unreadableRetryAfter(value: string): string {
  return `Retry-After '${headerText(value)}' could not be read`;
}

/**
 * What the LMS asked, the opening every stop for a too-long wait shares: "The LMS asked to wait 24 h 0 min
 * (Retry-After: 86400), until 5 Dec 2026, 15:40: longer than Bulk Desk waits by itself (15 min). "
 */
function askedTooLong(askedMs: number, header: string | null, at: number): string {
  const asked = header ? ` (Retry-After: ${headerText(header)})` : '';
  // A header of twenty digits is a mistake, not a plan: "27777777777777776 h", or "Infinity h NaN min"
  // until "—" (past the last date JavaScript holds), says nothing the admin can use.
  const wait =
    askedMs > A_YEAR_MS
      ? `more than a year${asked}`
      : `${formatDuration(askedMs)}${asked}, until ${formatDateTime(at + askedMs)}`;
  return `The LMS asked to wait ${wait}: longer than Bulk Desk waits by itself (${formatDuration(MAX_RETRY_AFTER_MS)}). `;
}

/** Past this, a wait asked is said as "more than a year", without its end. */
export const A_YEAR_MS = 366 * 24 * 3_600_000;

/**
 * The longest Retry-After kept (parseRetryAfter): just over a year. Longer is a mistake, not a plan, and
 * hundreds of digits read as Infinity — stored as such in an event, added to a time — so it is kept as
 * this, said "more than a year" like any wait past A_YEAR_MS.
 */
export const RETRY_AFTER_CAP_MS = A_YEAR_MS + 1000;

/** A wait asked, for "Retry-After 5 s": "more than a year" past A_YEAR_MS (`secs` says the rest). */
export function retryAfterText(ms: number, secs: (ms: number) => string): string {
  return ms > A_YEAR_MS ? 'more than a year' : secs(ms);
}

/**
 * Why a sync stopped: the LMS asked it to wait longer than MAX_RETRY_AFTER_MS. A sync has no pause, and
 * one left sitting for a day says nothing to a nightly script; it stops at its last saved page instead.
 * `resumableUntil`: the last moment the stopped run is resumed (a day from its start); a wait that ends
 * later leaves nothing to go on from, and a sync then reads everything again — said so, not promised.
 */
export function longSyncWaitMessage(askedMs: number, header: string | null, at: number, resumableUntil: number): string {
  const head = askedTooLong(askedMs, header, at);
  if (at + askedMs < resumableUntil)
    return `${head}The sync stopped at its last saved page; run it again after that time and it goes on from there.`;
  return (
    `${head}The sync stopped; a stopped sync goes on from its last saved page only until ${formatDateTime(resumableUntil)} ` +
    '(a day from its start), so run after that time it reads everything again.'
  );
}

/**
 * Why a plan stopped reading: the LMS asked to wait longer than MAX_RETRY_AFTER_MS (the reads are shared
 * with a sync's, ../../src-main/sync/syncFetcher.ts). Its reads so far are saved; a resume goes on from them.
 */
export function longPlanWaitMessage(askedMs: number, header: string | null, at: number): string {
  return (
    askedTooLong(askedMs, header, at) +
    'The plan stopped reading; its reads so far are kept, and resumed after that time it goes on from them.'
  );
}

/** Why the job paused: the LMS asked to wait `askedMs` from `at`, longer than MAX_RETRY_AFTER_MS. */
export function longWaitMessage(askedMs: number, header: string | null, at: number): string {
  return (
    askedTooLong(askedMs, header, at) +
    'The job is paused and its rows not sent wait; resume it when you choose (sooner, the LMS may refuse again).'
  );
}
