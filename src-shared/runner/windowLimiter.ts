// A rolling-window limiter matched to how an API counts: at most `requests` in any `windowMs`
// (Coassemble: 100 per rolling minute per IP). A token bucket cannot promise that — its burst plus its
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

export class WindowLimiter {
  private inFlight = 0;
  /** Answer times, oldest first, all inside the current window after `prune`. */
  private readonly done: number[] = [];

  constructor(private limit: RateLimit | null) {}

  get current(): RateLimit | null {
    return this.limit;
  }

  setLimit(limit: RateLimit | null): void {
    this.limit = limit;
  }

  /** 0 when a request may start now; Infinity when only an answer to one in flight can free a slot. */
  waitTime(now: number): number {
    if (!this.limit) return 0;
    this.prune(now);
    if (this.inFlight + this.done.length < this.limit.requests) return 0;
    const oldest = this.done[0];
    return oldest === undefined ? Infinity : Math.max(1, oldest + this.limit.windowMs - now + 1);
  }

  /** A request is leaving now (call only when waitTime is 0). */
  start(): void {
    this.inFlight += 1;
  }

  /** Its answer (or failure) arrived now. */
  finish(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!this.limit) return;
    this.done.push(now);
    this.prune(now);
  }

  private prune(now: number): void {
    if (!this.limit) {
      this.done.length = 0;
      return;
    }
    const cutoff = now - this.limit.windowMs;
    let drop = 0;
    while (drop < this.done.length && this.done[drop]! <= cutoff) drop++;
    // Also never keep more than the limit: older entries cannot matter once N newer ones exist.
    drop = Math.max(drop, this.done.length - this.limit.requests);
    if (drop > 0) this.done.splice(0, drop);
  }
}
