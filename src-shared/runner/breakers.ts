// Circuit breakers: when answers show the job itself is wrong rather than a row, stop sending and ask.
//  - Credentials: 3 answers in a row refusing the credentials (401, or a 403 that is not a rate limit)
//    mean a bad or revoked key; every further row would fail the same way. The rows refused in that run
//    did not fail on their own merits, so they go back to pending with the rest — and their failure is
//    never said: it is held (`said`) until the run is judged, and said only if they did fail after all.
//    A job that stops by itself before a 3rd refusal (a canary of 1 or 2 rows, the last rows of a job)
//    with nothing but refusals in its run is judged the same way (`unjudged`): nothing says the key works.
//    A 2xx answered by a web page (a single sign-on's or a proxy's sign-in page, the website at a base URL
//    that is not the API's) counts as such a refusal (`page`): the request did not get through to the API,
//    and no row's will — counted as accepted, it let the job fail every row into the page.
//    Only an answer to a request that left after the first refusal of the run breaks it: one that left
//    before or with it (a write accepted just before the key was revoked, answered late by a loaded LMS) tells how the
//    key was then, not now. Counted as breaking the run, it failed the rows refused before it.
//  - Failure rate: more than `failures` of the last `window` finished rows failed (default 20 of 50) —
//    a wrong mapping, a wrong academy. The failed rows stay failed (each has its own answer to read).
// Pure and constant in memory (a ring of `window` outcomes), so the runner can feed it every outcome.
import { webPageInstead } from './classifyResponse';
import type { JobEventFact } from './jobEvents';

export interface FailureBreaker {
  failures: number;
  window: number;
}

export const DEFAULT_FAILURE_BREAKER: FailureBreaker = { failures: 20, window: 50 };
/** Refusals of the credentials in a row that pause the job. */
export const AUTH_REFUSALS_IN_A_ROW = 3;

export type RowOutcome =
  | { kind: 'success'; sentAt?: number }
  /**
   * The LMS refused the credentials (401, or 403 not about a rate limit). `said`: the row's failure in
   * the job's events, said only once the refusal turns out to be the row's own (see the header).
   */
  | {
      kind: 'refused';
      itemId: number;
      message: string;
      said?: JobEventFact;
      /**
       * The row was sent in an earlier run of the job (put back to pending for the key, or rerun). Refused
       * again once the LMS accepted the key in this run, the refusal is the row's own: it fails, and does
       * not pause the job for the key again (which sent the same rows again at every resume).
       */
      again?: boolean;
      /** Not a refusal of the credentials but a web page answered instead of the API (see the header). */
      page?: boolean;
      /** When its request left (see `sentAt` of the others). */
      sentAt?: number;
    }
  /**
   * `sentAt`: when the request left. One that left before the first refusal of the current run, or with
   * it, may have been answered with the key as it was then: it does not break the run (see the header).
   */
  | { kind: 'failed'; message: string; sentAt?: number };

export type Trip = AuthTrip | { kind: 'failureRate'; message: string };
/** The key refused: `requeue`, the rows refused for it, go back to pending. */
export type AuthTrip = { kind: 'auth'; message: string; requeue: number[]; page?: true };

/**
 * A row sent in an earlier run of its job (RowOutcome.again): its attempts start again at 0 when it is put
 * back to pending (for the key, or rerun), and its attempts so far are kept — not counting the read of its
 * target this run made before its write (`lastAttemptBeforeRead`): with undo on, every row of a first run
 * looked sent before, and a key revoked mid-job failed row after row instead of opening the breaker.
 */
export function sentInEarlierRun(item: {
  attempts: number;
  lastAttempt: number;
  lastAttemptBeforeRead?: number;
}): boolean {
  return item.attempts === 0 && (item.lastAttemptBeforeRead ?? item.lastAttempt) > 0;
}

export function isCredentialRefusal(status: number | null, verdictKind: string): boolean {
  return verdictKind === 'fatal' && (status === 401 || status === 403);
}

/**
 * What the credentials breaker counts as refused (see the header): the credentials refused, or a 2xx that
 * is a web page (`page`); null for any other answer.
 */
export function breakerRefusal(
  status: number | null,
  body: string,
  verdictKind: string,
): 'credentials' | 'page' | null {
  if (isCredentialRefusal(status, verdictKind)) return 'credentials';
  if (status !== null && status >= 200 && status < 300 && webPageInstead(status, body) !== null) return 'page';
  return null;
}

export class Breakers {
  private refusals: number[] = [];
  private lastRefusal = '';
  /** The last refusal was a web page, not the credentials refused. */
  private lastPage = false;
  /** Something in this run was not a refusal of the credentials: the key may well be right. */
  private accepted = false;
  /**
   * The breaker opened for the key and nothing but refusals came back since: the requests out when it
   * opened are refused for the same key (a key revoked mid-job, accepted earlier), not failing rows.
   */
  private keyTripped = false;
  /**
   * When the first request refused in the current run left (kept when the breaker opens for the key: the
   * requests out then are refused for it too); null when the run has none or did not say.
   */
  private runSentAt: number | null = null;
  /** The failures of the refused rows in the current run, not said yet. */
  private held: JobEventFact[] = [];
  /** The last `window` finished rows: null for a success, the error for a failure. */
  private readonly ring: (string | null)[] = [];
  private next = 0;
  private failed = 0;

  constructor(
    private readonly failureRate: FailureBreaker | null,
    private readonly connectionName: string,
    /** Says a held failure (into the job's events). */
    private readonly say: (fact: JobEventFact) => void = () => {},
  ) {}

  /** Feeds one finished row; returns a trip when a breaker opens. */
  record(o: RowOutcome): Trip | null {
    if (o.kind === 'refused' && o.again && this.accepted && !this.keyTripped) {
      if (o.said) this.say(o.said);
      return this.record({ kind: 'failed', message: o.message });
    }
    if (o.kind === 'refused') {
      if (o.sentAt !== undefined) this.runSentAt = Math.min(this.runSentAt ?? o.sentAt, o.sentAt);
      this.refusals.push(o.itemId);
      this.lastRefusal = o.message;
      this.lastPage = o.page === true;
      if (o.said) this.held.push(o.said);
      if (this.refusals.length >= AUTH_REFUSALS_IN_A_ROW) {
        const requeue = this.refusals;
        this.refusals = [];
        this.held = []; // back to pending: they did not fail
        this.keyTripped = true;
        return this.authTrip(requeue, `${requeue.length} times in a row`);
      }
      return null; // a refusal is not counted as a row failure: it may yet be the key's fault
    }
    this.accepted = true;
    const message = o.kind === 'failed' ? o.message : null;
    // Not after the first refusal of the run left (before it, or in the same turn): answered with the key
    // as it may have been then; the run goes on.
    if (o.sentAt !== undefined && this.runSentAt !== null && o.sentAt <= this.runSentAt) return this.remember(message);
    this.keyTripped = false;
    this.runSentAt = null;
    // The run of refusals is broken: they were row failures after all (a 403 for one member).
    let trip: Trip | null = null;
    for (const _ of this.refusals) trip ??= this.remember(this.lastRefusal);
    this.refusals = [];
    this.end();
    return trip ?? this.remember(message);
  }

  /** The LMS accepted the key elsewhere in this run (a read, the check before resuming). */
  keyAccepted(): void {
    this.accepted = true;
  }

  /**
   * The job stops by itself (its canary is over, nothing is left to send, the breaker opened) with
   * refusals not judged yet: when nothing else in the run was accepted, or nothing but refusals came back
   * since the breaker opened for the key (requests out then), they are the key's, as if the breaker had
   * opened (those rows back to pending). Null otherwise: `end` says them failed. Asking changes nothing.
   */
  unjudged(): AuthTrip | null {
    const n = this.refusals.length;
    if (n === 0 || (this.accepted && !this.keyTripped)) return null;
    return this.authTrip(
      [...this.refusals],
      n === 1 ? 'for the one row sent' : `for each of the ${n} rows sent`,
    );
  }

  /**
   * Rows refused for the credentials in the current run, not judged yet: written failed, they go back to
   * pending if the breaker opens for the key. Live progress says them as not sent until then, so its
   * failed count never falls when they do.
   */
  get undecided(): number {
    return this.refusals.length;
  }

  /** The rows `unjudged` named went back to pending (the job paused for the key): judged, nothing to say. */
  requeued(): void {
    this.refusals = [];
    this.held = [];
  }

  /** The job stops with a run of refusals not judged yet: those rows stay failed, so it is said. */
  end(): void {
    this.refusals = []; // judged: failed
    if (this.held.length === 0) return;
    for (const f of this.held) this.say(f);
    this.held = [];
  }

  /** `how`: "3 times in a row", "for the one row sent". */
  private authTrip(requeue: number[], how: string): AuthTrip {
    if (this.lastPage)
      return {
        kind: 'auth',
        requeue,
        page: true,
        message:
          `A web page answered instead of the LMS's API ${how} (${this.lastRefusal.replace(/\.$/, '')}). ` +
          'Every row would get the same page. No row was marked failed; the rows not sent stay pending until you resume.',
      };
    return {
      kind: 'auth',
      requeue,
      message:
        `The LMS refused the credentials of "${this.connectionName}" ${how} (${this.lastRefusal}). ` +
        'The key may be wrong, expired or revoked: check it under Connections (Test). ' +
        'No row was marked failed; the rows not sent stay pending until you resume.',
    };
  }

  private remember(error: string | null): Trip | null {
    const b = this.failureRate;
    if (!b) return null;
    if (this.ring.length < b.window) this.ring.push(error);
    else {
      if (this.ring[this.next] !== null) this.failed -= 1;
      this.ring[this.next] = error;
      this.next = (this.next + 1) % b.window;
    }
    if (error !== null) this.failed += 1;
    if (this.failed <= b.failures) return null;
    const seen = this.ring.length;
    const common = mostCommon(this.ring);
    const trip: Trip = {
      kind: 'failureRate',
      message:
        `${this.failed} of the last ${seen} rows failed (more than ${b.failures} of ${b.window})` +
        (common ? `; most often "${common.error}" (${common.count}×)` : '') +
        '. Look at the failed rows in History before the rest go; resume to carry on, or change the limit on Run.',
    };
    // Start counting afresh, so a resumed job is not paused again by the same failures.
    this.ring.length = 0;
    this.next = 0;
    this.failed = 0;
    return trip;
  }
}

function mostCommon(errors: readonly (string | null)[]): { error: string; count: number } | null {
  const counts = new Map<string, number>();
  let best: { error: string; count: number } | null = null;
  for (const e of errors) {
    if (e === null) continue;
    const n = (counts.get(e) ?? 0) + 1;
    counts.set(e, n);
    if (!best || n > best.count) best = { error: e, count: n };
  }
  return best;
}
