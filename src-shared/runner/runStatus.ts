// What a job is doing right now, in one sentence, for the Run screen: sending, waiting because the LMS
// asked (with its Retry-After), slowed after throttle signals, waiting to retry, paused (by whom),
// stopped — or unknown, because Bulk Desk's service stopped answering. Pure, so it is tested as a table.
import type { ItemCounts, JobEventDto, JobState, StopReason } from '../contract/api';
import { formatClock } from '../util/dates';
import { formatDuration } from '../util/duration';
import { rateAndLimitText, rateText } from './jobEvents';
import { retryAfterText } from './longWait';

export type RunStatusKind =
  | 'ready'
  | 'sending'
  | 'waiting'
  | 'slowed'
  | 'retrying'
  | 'paused'
  | 'stopped'
  | 'completed'
  | 'cancelled'
  | 'disconnected';

export interface RunStatusInput {
  state: JobState;
  counts: ItemCounts;
  inFlight: number;
  ratePerSecond: number;
  waitingUntil: number | null;
  loweredRate: number | null;
  limitRate: number | null;
  stopReason: StopReason | null;
  /** The job's latest `throttled` event, for the LMS's own words (status, Retry-After). */
  lastThrottle: Pick<JobEventDto, 'status' | 'retryAfterMs'> | null;
  /** Since when Bulk Desk's service has not answered; null when it answers. */
  unreachableSince: number | null;
  /** Time spent running, for a finished job. */
  runMs: number;
}

export interface RunStatus {
  kind: RunStatusKind;
  text: string;
  /** Whether the live rate and time left mean anything now. */
  live: boolean;
}

const secs = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))} s`;
const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
const items = (n: number) => `${n.toLocaleString('en-US')} item${n === 1 ? '' : 's'}`;
const clock = (at: number) => formatClock(at, { seconds: true });

/** "HTTP 503, Retry-After 5 s" — what the LMS said, as far as it is known. */
function asked(t: RunStatusInput['lastThrottle']): string {
  if (!t) return 'the LMS asked to wait';
  const why = t.status === 503 ? 'the LMS is busy' : 'the LMS asked to slow down';
  return `${why} (HTTP ${t.status ?? 429}${t.retryAfterMs !== null ? `, Retry-After ${retryAfterText(t.retryAfterMs, secs)}` : ''})`;
}

export function runStatus(
  i: RunStatusInput,
  now: number,
  timeZoneClock: (at: number) => string = clock,
): RunStatus {
  const left = i.counts.pending + i.counts.retry_wait;
  if (i.unreachableSince !== null && (i.state === 'running' || i.state === 'paused'))
    return {
      kind: 'disconnected',
      live: false,
      text: `Disconnected: Bulk Desk's service has not answered since ${timeZoneClock(i.unreachableSince)}. The job may still be running or may have stopped; the numbers below are from then. This screen reconnects by itself.`,
    };
  switch (i.state) {
    case 'ready':
      return { kind: 'ready', live: false, text: 'Ready: not started yet.' };
    case 'paused':
      // The admin's own pause that did not wait for the answers in flight: by the admin, with a reason.
      if (i.stopReason?.kind === 'stoppedInFlight')
        return {
          kind: 'paused',
          live: false,
          text: `Paused by you before the answers came back (see above): nothing is being sent; ${rows(left)} wait.`,
        };
      // A recipe's later steps waiting on items in doubt: they go once those are decided, not on a resume.
      if (i.stopReason?.kind === 'inDoubt')
        return {
          kind: 'paused',
          live: false,
          text: `Paused by Bulk Desk for your decision (see why above): ${items(i.counts.waiting)} wait on items in doubt.`,
        };
      // A recipe's later steps waiting on a read the run stopped before: a resume reads it.
      if (i.stopReason?.kind === 'awaitingRead')
        return {
          kind: 'paused',
          live: false,
          text: `Paused by Bulk Desk (see why above): ${items(i.counts.waiting + i.counts.pending)} wait on a read. Resume to read it and send them.`,
        };
      return i.stopReason
        ? {
            kind: 'paused',
            live: false,
            text: `Paused by Bulk Desk (see why above): nothing is being sent; ${rows(left)} wait.`,
          }
        : {
            kind: 'paused',
            live: false,
            text: `Paused by you: nothing is being sent; ${rows(left)} wait. Resume to send them.`,
          };
    case 'interrupted':
      return {
        kind: 'stopped',
        live: false,
        text: `Interrupted: nothing is being sent; ${rows(left)} wait. Resume to carry on.`,
      };
    case 'cancelled':
      return {
        kind: 'cancelled',
        live: false,
        text: left ? `Cancelled: ${rows(left)} were not sent.` : 'Cancelled.',
      };
    case 'completed':
      return { kind: 'completed', live: false, text: `Completed in ${formatDuration(i.runMs)} of sending.` };
    case 'running':
      break;
  }
  if (i.waitingUntil !== null && i.waitingUntil > now)
    return {
      kind: 'waiting',
      live: false,
      text: `Waiting: ${asked(i.lastThrottle)}; sending again in ${secs(i.waitingUntil - now)}. Rows that were refused are sent again without using up an attempt.`,
    };
  if (i.loweredRate !== null)
    return {
      kind: 'slowed',
      live: true,
      text: `Slowed to ${i.limitRate ? `${rateAndLimitText(i.loweredRate, i.limitRate).join(' (limit ')})` : rateText(i.loweredRate)}: ${asked(i.lastThrottle)} several times; the pace comes back up by itself after calm seconds.`,
    };
  if (i.counts.pending === 0 && i.inFlight === 0 && i.counts.retry_wait > 0)
    return {
      kind: 'retrying',
      live: false,
      text: `Waiting to retry ${rows(i.counts.retry_wait)}: their last answer was an error or asked to wait.`,
    };
  return {
    kind: 'sending',
    live: true,
    text: `Sending${sendingRate(i.ratePerSecond, i.limitRate)}, ${i.inFlight} in flight.`,
  };
}

/**
 * Time spent sending: it grows only while the job runs, and stands still while paused, stopped or
 * finished — and while Bulk Desk's service does not answer (`unreachableSince`), since what the screen
 * knows is from then.
 */
export function sendingMs(
  job: { state: JobState; runMs: number; runningSince: number | null },
  now: number,
  unreachableSince: number | null,
): number {
  if (job.state !== 'running' || !job.runningSince) return job.runMs;
  const until = unreachableSince !== null ? Math.min(now, unreachableSince) : now;
  return job.runMs + Math.max(0, until - job.runningSince);
}

/** " at 48/min (limit 100/min)", " (no rate limit)": the rate and its limit in one unit. */
function sendingRate(rate: number, limit: number | null): string {
  if (!limit) return `${rate > 0 ? ` at ${rateText(rate)}` : ''} (no rate limit)`;
  const [r, l] = rateAndLimitText(rate, limit);
  return `${rate > 0 ? ` at ${r}` : ''} (limit ${l})`;
}
