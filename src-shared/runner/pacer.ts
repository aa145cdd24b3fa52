// The throttle, as pure arithmetic: a token bucket for the admin's requests per second, a hold for the
// time a throttle signal (429, 503, Retry-After) asks, and a lowered pace that recovers by itself.
// An API's documented rolling window (Coassemble) is kept by ./windowLimiter.ts on top of this.
//
// What a signal does, and why:
//  - Hold: no request starts before Retry-After (1 s when absent). A 429 is the server counting *our*
//    requests, so its hold runs its full time. A 503 says the service is unavailable; when an answer to
//    a request that was already in flight comes back 2xx after it, the service evidently is available,
//    and the hold ends there (the refused row itself still waits the time asked: see the runner).
//  - Pace: scattered signals among successes (a 503 now and then from one busy backend) do not slow
//    the job. When they cluster — three or more among the last 20 answers — the rate is cut to half,
//    once per episode, and the cut recovers by doubling every second of calm after the hold, until it is
//    back at the admin's rate (or, with no rate set, until it no longer binds). It is never a permanent
//    ceiling: one early signal can cost a few seconds, not the rest of the job.

export interface PacerState {
  /** Requests per second the admin allows; Infinity for no limit. */
  targetRate: number;
  tokens: number;
  lastRefillAt: number;
  /** No request may start before this time (Retry-After). */
  holdUntil: number;
  /** The hold may end early (a 503): a 2xx answered after `holdFrom` ends it. */
  holdSoft: boolean;
  holdFrom: number;
  /** The last answers, newest in the lowest bit: 1 = a throttle signal. */
  recent: number;
  /** A lowered pace: `rate` until `since` (the hold's end), then doubling every second; null = none. */
  slow: { rate: number; since: number } | null;
}

/** Answers remembered to tell a lone signal from a cluster, and how many signals make a cluster. */
const RECENT_ANSWERS = 20;
const RECENT_MASK = (1 << RECENT_ANSWERS) - 1;
const CLUSTER = 3;
/** A lowered pace doubles every this many ms of calm. */
export const RECOVERY_DOUBLING_MS = 1000;
/** With no rate set, a lowered pace above this many requests per second no longer binds and is dropped. */
const NO_LIMIT_ABOVE = 1000;
/** The lowest a cut goes: a sixteenth of the admin's rate, and never below this with no rate set. */
export const MIN_FACTOR = 1 / 16;
const MIN_RATE = 1;
const DEFAULT_HOLD_MS = 1000;

export function createPacer(targetRate: number, now: number): PacerState {
  // Start with one token: a burst at the start would spend the LMS's window before we learn anything.
  return {
    targetRate,
    tokens: 1,
    lastRefillAt: now,
    holdUntil: 0,
    holdSoft: false,
    holdFrom: 0,
    recent: 0,
    slow: null,
  };
}

/** The rate in force at `now`: the admin's, or a lowered pace on its way back up. */
export function effectiveRate(p: PacerState, now: number): number {
  if (!p.slow) return p.targetRate;
  const calm = Math.max(0, now - p.slow.since);
  const rate = p.slow.rate * 2 ** (calm / RECOVERY_DOUBLING_MS);
  if (rate >= p.targetRate || (!Number.isFinite(p.targetRate) && rate > NO_LIMIT_ABOVE)) return p.targetRate;
  return rate;
}

/** How long to wait before the next request may start (0 = now). Does not take the token. */
export function waitTime(p: PacerState, now: number): number {
  if (now < p.holdUntil) return p.holdUntil - now;
  const rate = effectiveRate(p, now);
  if (!Number.isFinite(rate)) return 0;
  const tokens = Math.min(burst(rate), p.tokens + (Math.max(0, now - p.lastRefillAt) / 1000) * rate);
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / rate) * 1000);
}

/** Take one token (call only when waitTime is 0). */
export function take(p: PacerState, now: number): PacerState {
  const rate = effectiveRate(p, now);
  const settled = recovered(p, now);
  if (!Number.isFinite(rate)) return settled;
  const tokens = Math.min(burst(rate), p.tokens + (Math.max(0, now - p.lastRefillAt) / 1000) * rate);
  return { ...settled, tokens: tokens - 1, lastRefillAt: now };
}

export interface ThrottleSignal {
  retryAfterMs: number | null;
  /** A 503 (the service is unavailable): its hold ends early once a 2xx shows it answering again. */
  soft: boolean;
}

/** `observedRate`: requests per second achieved just before the signal (the base of a cut with no rate set). */
export function onThrottled(p: PacerState, now: number, signal: ThrottleSignal, observedRate = 0): PacerState {
  const until = now + (signal.retryAfterMs ?? DEFAULT_HOLD_MS);
  const holding = now < p.holdUntil;
  const recent = ((p.recent << 1) | 1) & RECENT_MASK;
  const next: PacerState = {
    ...p,
    recent,
    holdUntil: Math.max(p.holdUntil, until),
    // A 429 makes the hold hard (it runs its full time); a 503 leaves a hold as it was, or starts a soft one.
    holdSoft: signal.soft && (holding ? p.holdSoft : true),
    // Only a 2xx answered after the latest signal shows the service answering again.
    holdFrom: now,
    tokens: 0,
    lastRefillAt: Math.max(p.lastRefillAt, now),
  };
  // One cut per episode: answers to requests already in flight when the first signal came (often a
  // whole burst) extend the hold but do not halve the pace again and again.
  const inEpisode = p.slow !== null && now < p.slow.since;
  if (popcount(recent) < CLUSTER || inEpisode) {
    if (next.slow && next.slow.since < next.holdUntil && inEpisode) next.slow = { ...next.slow, since: next.holdUntil };
    return next;
  }
  const current = effectiveRate(p, now);
  const base = Number.isFinite(current) ? current : observedRate;
  if (!(base > 0)) return next; // nothing measured yet: the hold alone
  const floor = Number.isFinite(p.targetRate) ? p.targetRate * MIN_FACTOR : MIN_RATE;
  return { ...next, recent: 0, slow: { rate: Math.max(floor, base / 2), since: next.holdUntil } };
}

/** A 2xx came back at `now`: it ends a soft hold (the service is answering) and counts as calm. */
export function onSuccess(p: PacerState, now: number): PacerState {
  const recent = (p.recent << 1) & RECENT_MASK;
  if (p.holdSoft && now >= p.holdFrom && now < p.holdUntil) {
    const slow = p.slow && p.slow.since > now ? { ...p.slow, since: now } : p.slow;
    return { ...p, recent, holdUntil: now, holdSoft: false, slow, lastRefillAt: now, tokens: 0 };
  }
  return recent === p.recent ? p : { ...p, recent };
}

/** The admin changed the rate: it applies at once, and a lowered pace is forgotten. */
export function setRate(p: PacerState, targetRate: number): PacerState {
  return { ...p, targetRate, slow: null };
}

/** Drops a lowered pace once it is back at the target. */
function recovered(p: PacerState, now: number): PacerState {
  return p.slow && effectiveRate(p, now) === p.targetRate ? { ...p, slow: null } : p;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/** Allow a burst of up to one second of tokens (at least 1, at most 10). */
const burst = (rate: number) => Math.max(1, Math.min(rate, 10));
