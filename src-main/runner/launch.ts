// A request's life in memory, between the turn that marks its rows `sending` and the turn that writes
// its answer: what left (Launch), and what came back (Answered). Kept small and constant per request in
// flight; everything else about a row is in SQLite.
import type { BuiltRequest } from '../../src-shared/mapping/types';
import type { StateRead } from '../../src-shared/runner/answerDecision';
import type { Verdict } from '../../src-shared/runner/classifyResponse';
import type { Work } from './batchWork';
import type { Exchange } from './exchange';

/** A unit of work (one row, or a batch's rows) marked `sending` and about to leave. */
export interface Launch {
  work: Work;
  built: BuiltRequest;
  url: string;
  /** What the other rows of a batched call keep instead of the request and response bodies. */
  note: string;
  /** Each item's attempt, as the turn that marked it wrote it. */
  attemptIds: number[];
  startedAt: number;
  /** The concurrency limiter's window it was sent in (its answer counts only towards that window). */
  tag: number;
}

/** A request's answer, waiting for the loop's next turn to be written. */
export interface Answered {
  launch: Launch;
  x: Exchange;
  verdict: Verdict;
  at: number;
  /** When the row may be sent again, if the answer makes it wait (a backoff, or the LMS's Retry-After). */
  retryAt: number;
  /** A state change refused after a lost answer: its target, read (./stateAfterRefusal.ts). */
  stateRead?: StateRead | null;
}
