// How long a run will take, before it starts: the rows to send at the pace the runner will keep (the
// admin's rate, the API's rolling window — Coassemble's 100 per minute spaces requests 0.6 s apart —
// or, with no limit, as many in parallel as allowed at the speed the LMS answers). Pure, so the Run screen
// and the CLI say the same; the runner's own pace is in ./throttleDefaults.ts and ./pacer.ts.
import { windowRate, type RateLimit } from './windowLimiter';

export interface EstimateInput {
  rows: number;
  /** The admin's requests per second; null = the connection's default. */
  ratePerSecond: number | null;
  /** The API's rolling window (Coassemble 100 per 60 s); null = none. */
  rateLimit: RateLimit | null;
  /** Requests in flight at once. */
  concurrency: number;
  /** How long the LMS takes to answer one request (ms): measured when known, else ASSUMED_ANSWER_MS. */
  answerMs?: number | null;
  /** Canary rows: sent one at a time before the rest (each waits for its answer). */
  canary?: number;
}

export interface RunEstimate {
  /** The pace the run keeps, in requests per second. */
  ratePerSecond: number;
  /** What sets that pace: the admin's rate, the API's window, or the parallel requests and answer time. */
  boundBy: 'rate' | 'window' | 'parallel';
  durationMs: number;
  /** The answer time the estimate assumed, and whether it was measured. */
  answerMs: number;
  answerMeasured: boolean;
}

/** What a request is assumed to take when nothing has been measured yet. */
export const ASSUMED_ANSWER_MS = 300;

export function estimateRun(i: EstimateInput): RunEstimate {
  const answerMs = Math.max(1, i.answerMs ?? ASSUMED_ANSWER_MS);
  const byWindow = windowRate(i.rateLimit);
  const asked = i.ratePerSecond ?? Infinity;
  const parallelRate = (Math.max(1, i.concurrency) * 1000) / answerMs;
  const candidates: [RunEstimate['boundBy'], number][] = [
    ['rate', asked],
    ['window', byWindow],
    ['parallel', parallelRate],
  ];
  const [boundBy, rate] = candidates.reduce((a, b) => (b[1] < a[1] ? b : a));
  const canary = Math.min(Math.max(0, i.canary ?? 0), i.rows);
  // Canary rows go one at a time: each costs its answer time, or the pace's spacing if that is longer.
  const canaryMs = canary * Math.max(answerMs, 1000 / rate);
  const durationMs = Math.round(canaryMs + ((i.rows - canary) / rate) * 1000);
  return { ratePerSecond: rate, boundBy, durationMs, answerMs, answerMeasured: i.answerMs != null };
}
