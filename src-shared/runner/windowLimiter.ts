// A rolling-window limiter matched to how an API counts: at most `requests` in any `windowMs`
// (Coassemble: 100 per rolling minute per IP). One is shared by everything on this machine that reaches
// the same LMS host (every connection, job and sync: see src-main/runner/throttle.ts), since the server
// counts them all together. A token bucket cannot promise that — its burst plus its
// refill can put more than N requests in one window — so this keeps the last N send times instead.
//
// The time kept for a request is when its *answer* came back, not when it left: the server counted it at
// some moment between the two, so measuring the window from the answer is safe whatever the latency,
// at the price of one round trip per window (0.3% at 200 ms per minute). Requests still in flight count
// as "now". Memory is O(requests), constant in the number of rows.

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** The most requests per second a window allows on average (Infinity for none): 100 a minute is 1.67/s. */
export const windowRate = (limit: RateLimit | null | undefined): number =>
  limit ? (limit.requests / limit.windowMs) * 1000 : Infinity;

export class WindowLimiter {
  private inFlight = 0;
  /**
   * Answer times, oldest first, kept as long as the longest window any caller counts with — at least a
   * minute's worth, so a caller whose limit comes later still sees what others sent before it.
   */
  private readonly done: number[] = [];
  private keepMs = 60_000;
  private keepCount = 1000;
  /** No request before this time: a 429's Retry-After, which the server applies to every caller. */
  private heldUntil = 0;

  constructor(private limit: RateLimit | null) {
    this.remember(limit);
  }

  get current(): RateLimit | null {
    return this.limit;
  }

  get holdUntil(): number {
    return this.heldUntil;
  }

  setLimit(limit: RateLimit | null): void {
    this.limit = limit;
    this.remember(limit);
  }

  /**
   * 0 when a request may start now; Infinity when only an answer to one in flight can free a slot.
   * `limit`: the caller's own (callers sharing this limiter may be told different limits); every
   * caller's requests count against it, as the server counts every request from this machine.
   */
  waitTime(now: number, limit: RateLimit | null = this.limit): number {
    const held = now < this.heldUntil ? this.heldUntil - now : 0;
    if (!limit) return held;
    this.remember(limit);
    this.prune(now);
    const cutoff = now - limit.windowMs;
    let first = 0;
    while (first < this.done.length && this.done[first]! <= cutoff) first++;
    const over = this.inFlight + (this.done.length - first) - limit.requests;
    if (over < 0) return held;
    // The answer whose leaving the window frees a slot; none if only answers in flight can.
    const t = this.done[first + over];
    return Math.max(held, t === undefined ? Infinity : Math.max(1, t + limit.windowMs - now + 1));
  }

  /** A request is leaving now (call only when waitTime is 0). */
  start(): void {
    this.inFlight += 1;
  }

  /** Its answer (or failure) arrived now. */
  finish(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.done.push(now);
    this.prune(now);
  }

  /** The server said to wait (429 + Retry-After): every caller waits until `until`. */
  hold(until: number): void {
    this.heldUntil = Math.max(this.heldUntil, until);
  }

  private remember(limit: RateLimit | null): void {
    if (!limit) return;
    this.keepMs = Math.max(this.keepMs, limit.windowMs);
    this.keepCount = Math.max(this.keepCount, limit.requests);
  }

  private prune(now: number): void {
    const cutoff = now - this.keepMs;
    let drop = 0;
    while (drop < this.done.length && this.done[drop]! <= cutoff) drop++;
    // Also never keep more than the largest limit: older entries cannot matter once N newer ones exist.
    drop = Math.max(drop, this.done.length - this.keepCount);
    if (drop > 0) this.done.splice(0, drop);
  }
}
