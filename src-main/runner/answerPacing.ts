// What an answer teaches the job's pace, the moment it comes back (before the next turn writes its row):
// the throttle (a 429/503 holds the job and may lower its rate, a success lets it recover), the rate
// meter, and the concurrency limiter (latency and refusals move the requests in flight). Returns the
// answer as the next turn writes it, with when its row may be sent again if it has to wait.
import type { JobEventFact } from '../../src-shared/runner/jobEvents';
import { backoffDelay } from '../../src-shared/runner/backoff';
import { classifyResponse, type Verdict } from '../../src-shared/runner/classifyResponse';
import { connectionRefusedReason } from '../../src-shared/runner/connectionRefused';
import { longWaitMessage, MAX_RETRY_AFTER_MS, unreadableRetryAfter } from '../../src-shared/runner/longWait';
import type { AnswerSignal, ConcurrencyLimiter } from '../../src-shared/runner/concurrencyLimiter';
import type { RateMeter } from '../../src-shared/runner/rateMeter';
import type { PauseReason } from './activeJobSetup';
import type { Exchange } from './exchange';
import type { Answered, Launch } from './launch';
import type { Throttle } from './throttle';

export interface AnswerPacing {
  throttle: Throttle;
  meter: RateMeter;
  limiter: ConcurrencyLimiter;
  rand(): number;
  /** The limiter moved the requests in flight. */
  limiterMoved(): void;
  /** The LMS asked to slow down: said on Run and kept for History (src-shared/runner/jobEvents.ts). */
  event(fact: JobEventFact): void;
  /** The job pauses by itself with this reason (the LMS asked to wait longer than it waits alone). */
  pauseFor(reason: PauseReason): void;
}

export function receiveAnswer(p: AnswerPacing, l: Launch, x: Exchange, at: number): Answered {
  const { throttle } = p;
  throttle.finished(at);
  p.meter.record(at);
  // Refused before the request went (a certificate, a proxy's tunnel): a retry meets the same, so the row
  // fails at once, and so would every row after it — the job pauses, as for a refused key.
  const verdict: Verdict = x.refused ? { kind: 'fatal' } : classifyResponse(x.status, x.body, x.retryAfter, at);
  if (x.refused) p.pauseFor({ kind: 'connection', message: connectionRefusedReason(x.error) });
  if (verdict.kind === 'success') throttle.onSuccess(at);
  const signal: AnswerSignal =
    verdict.kind === 'throttled' ? verdict.cause : x.status === null ? 'error' : 'ok';
  if (p.limiter.answered(l.tag, signal, x.durationMs, at)) p.limiterMoved();
  const first = l.work.items[0]!;
  // A wait longer than the job waits by itself: the job pauses (below) and holds only the usual second,
  // so neither a resume nor another job on the host inherits the LMS's day.
  const asked = verdict.kind === 'throttled' ? verdict.retryAfterMs : null;
  const retryAfterMs = waitedAlone(asked);
  if (verdict.kind === 'throttled') {
    // Whether the pace was lowered (src-shared/runner/pacer.ts), or the job only holds: said with the ask,
    // before a pause for a long wait (nothing about the pace after the job says it paused).
    const lowered = throttle.onThrottled(at, retryAfterMs, p.meter.ratePerSecond(at), verdict.cause);
    sayThrottled(p, {
      at,
      rowNumber: first.rowNumber,
      status: x.status,
      askedMs: asked,
      header: x.retryAfter,
      ...(lowered !== null ? { slowedTo: lowered } : {}),
    });
  }
  // One backoff for the whole call, so a batch's rows come back together. A throttled row waits the
  // time the server asked (even when the job's hold ends sooner: a 503's can) and the job's hold.
  const retryAt =
    verdict.kind === 'throttled'
      ? Math.max(throttle.holdUntil, at + (retryAfterMs ?? 1000))
      : at + backoffDelay(first.attempts + 1, p.rand());
  return { launch: l, x, verdict, at, retryAt };
}

/** The wait a job holds by itself for a Retry-After of `askedMs`: none beyond MAX_RETRY_AFTER_MS (it pauses). */
export const waitedAlone = (askedMs: number | null): number | null =>
  askedMs !== null && askedMs > MAX_RETRY_AFTER_MS ? null : askedMs;

/** A throttle signal as the job says it, whatever asked (a row's send, a read beside it). */
export interface ThrottledAnswer {
  at: number;
  /** The row it is about, when one request is one row (a read's row is not known to the lookup). */
  rowNumber?: number;
  status: number | null;
  /** The Retry-After read, in ms (null: none, or unreadable). */
  askedMs: number | null;
  /** The header as the LMS sent it. */
  header: string | null;
  /** The pace this answer lowered the job to (requests per second), when it did. */
  slowedTo?: number;
}

/**
 * Says the LMS asked to slow down (Run, History) and, when the answer lowered the pace, that; then pauses
 * the job when it asked for longer than the job waits by itself — for a row's send and for a read (an undo's read before the write, a read-back, an
 * in-doubt lookup) alike: a read told `Retry-After: 86400` held the job a day, saying nothing.
 */
export function sayThrottled(p: Pick<AnswerPacing, 'event' | 'pauseFor'>, t: ThrottledAnswer): void {
  p.event({
    kind: 'throttled',
    at: t.at,
    ...(t.rowNumber !== undefined ? { rowNumber: t.rowNumber } : {}),
    status: t.status,
    retryAfterMs: t.askedMs,
    // A header there but unreadable is said as such, not as "no Retry-After".
    ...(t.askedMs === null && t.header?.trim() ? { detail: unreadableRetryAfter(t.header) } : {}),
  });
  if (t.slowedTo !== undefined) p.event({ kind: 'slowed', at: t.at, ratePerSecond: t.slowedTo });
  if (t.askedMs !== null && waitedAlone(t.askedMs) === null)
    p.pauseFor({ kind: 'throttled', message: longWaitMessage(t.askedMs, t.header, t.at) });
}
