// The throttle, as pure arithmetic: a token bucket for requests per second plus an adaptive factor.
// On a 429/503 the whole job slows (factor halves) and waits at least Retry-After; each success window
// without throttling recovers the rate by 25% at a time — "speed up again carefully".
// With no rate set (an API without a documented limit), a 429 caps the rate at what was achieved when
// it came, and that cap is raised by 10% per calm window until it no longer matters.
// An API's documented rolling window (Coassemble) is kept by ./windowLimiter.ts on top of this.

export interface PacerState {
  /** Requests per second the admin allows; Infinity for no limit. */
  targetRate: number;
  /** Multiplier in (0, 1] applied after throttling responses. */
  factor: number;
  tokens: number;
  lastRefillAt: number;
  /** No request may start before this time (Retry-After). */
  holdUntil: number;
  /** Successes since the last factor change, for careful recovery. */
  calmStreak: number;
  /** Learned from 429s when targetRate is Infinity: the achieved rate when the server pushed back. */
  ceiling: number;
}

export const MIN_FACTOR = 1 / 16;

export function createPacer(targetRate: number, now: number): PacerState {
  // Start with one token: a burst at the start would spend the LMS's window before we learn anything.
  return {
    targetRate,
    factor: 1,
    tokens: 1,
    lastRefillAt: now,
    holdUntil: 0,
    calmStreak: 0,
    ceiling: Infinity,
  };
}

export const effectiveRate = (p: PacerState): number => Math.min(p.targetRate, p.ceiling) * p.factor;

/** How long to wait before the next request may start (0 = now). Does not take the token. */
export function waitTime(p: PacerState, now: number): number {
  if (now < p.holdUntil) return p.holdUntil - now;
  const rate = effectiveRate(p);
  if (!Number.isFinite(rate)) return 0;
  const tokens = Math.min(burst(p), p.tokens + ((now - p.lastRefillAt) / 1000) * rate);
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / rate) * 1000);
}

/** Take one token (call only when waitTime is 0). */
export function take(p: PacerState, now: number): PacerState {
  const rate = effectiveRate(p);
  if (!Number.isFinite(rate)) return p;
  const tokens = Math.min(burst(p), p.tokens + ((now - p.lastRefillAt) / 1000) * rate);
  return { ...p, tokens: tokens - 1, lastRefillAt: now };
}

/** `observedRate`: requests per second achieved just before the push-back (used when no rate is set). */
export function onThrottled(
  p: PacerState,
  now: number,
  retryAfterMs: number | null,
  observedRate = 0,
): PacerState {
  const hold = now + (retryAfterMs ?? 1000);
  const learn = !Number.isFinite(p.targetRate) && !Number.isFinite(p.ceiling) && observedRate > 0;
  // One cut per episode: answers to requests already in flight when the first push-back came (often a
  // whole burst of 429s at once) extend the hold but do not halve the rate again and again.
  const sameEpisode = now < p.holdUntil;
  return {
    ...p,
    ceiling: learn ? observedRate : p.ceiling,
    factor: sameEpisode ? p.factor : Math.max(MIN_FACTOR, p.factor / 2),
    holdUntil: Math.max(p.holdUntil, hold),
    tokens: 0,
    lastRefillAt: Math.max(now, hold),
    calmStreak: 0,
  };
}

export function onSuccess(p: PacerState): PacerState {
  const learned = Number.isFinite(p.ceiling);
  if (p.factor >= 1 && !learned) return p;
  const streak = p.calmStreak + 1;
  // Recover after ~2 s worth of calm requests (at least 10), by 25% each time: from the floor (1/16)
  // back to full speed in about 12 calm steps.
  const needed = Math.max(10, Math.ceil(effectiveRate(p) * 2));
  if (streak < needed) return { ...p, calmStreak: streak };
  if (p.factor < 1) return { ...p, factor: Math.min(1, p.factor * 1.25), calmStreak: 0 };
  // Back at the learned cap: keep probing upwards; once far above it, the cap is dropped.
  const ceiling = p.ceiling * 1.1;
  return { ...p, ceiling: ceiling > 1000 ? Infinity : ceiling, calmStreak: 0 };
}

/** The admin changed the rate: it applies at once, and whatever was learned from 429s starts over. */
export function setRate(p: PacerState, targetRate: number): PacerState {
  return { ...p, targetRate, factor: 1, ceiling: Infinity, calmStreak: 0 };
}

/** Allow a burst of up to one second of tokens (at least 1). */
const burst = (p: PacerState) => Math.max(1, Math.min(effectiveRate(p), 10));
