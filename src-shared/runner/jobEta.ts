// The time left of a running job, as Run and the CLI show it: the rows left at the pace the job has kept,
// plus what is left of a wait the LMS asked for (429/503 + Retry-After). The pace is the last 30 s's, not
// the 5 s the rate on screen reads: a hold of a few seconds then moves the estimate by about its own
// length, where the short window's pace fell towards zero and the estimate leapt many times over.
import type { RateMeter } from './rateMeter';

/** How far back the ETA's pace reaches; the job's meter keeps at least this much. */
export const ETA_WINDOW_MS = 30_000;

export interface EtaInput {
  /** Rows still to send: pending, waiting to retry, and in flight. */
  remaining: number;
  /** The job's answers as they came back. */
  meter: RateMeter;
  /** Until when the LMS asked the job to wait, or null. */
  waitingUntil: number | null;
  now: number;
}

/** Milliseconds left, or null when no pace is known yet (nothing answered) or nothing is left. */
export function jobEtaMs({ remaining, meter, waitingUntil, now }: EtaInput): number | null {
  const rate = meter.ratePerSecond(now, ETA_WINDOW_MS);
  if (rate <= 0 || remaining <= 0) return null;
  return Math.round((remaining / rate) * 1000) + Math.max(0, (waitingUntil ?? now) - now);
}
