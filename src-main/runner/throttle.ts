// One job's throttle: its own token bucket (the admin's rate, adaptive on 429/503) in front of the
// connection's rolling-window limiter, which every job on that connection shares (the API counts per
// IP, not per job).
import * as pacing from '../../src-shared/runner/pacer';
import { WindowLimiter, type RateLimit } from '../../src-shared/runner/windowLimiter';

export class Throttle {
  private pacer: pacing.PacerState;

  constructor(
    ratePerSecond: number,
    private readonly window: WindowLimiter,
    now: number,
  ) {
    this.pacer = pacing.createPacer(ratePerSecond, now);
  }

  get holdUntil(): number {
    return this.pacer.holdUntil;
  }

  get ratePerSecond(): number {
    return pacing.effectiveRate(this.pacer);
  }

  /** 0 when a request may leave now; Infinity when it must wait for an answer to free a window slot. */
  waitTime(now: number): number {
    return Math.max(pacing.waitTime(this.pacer, now), this.window.waitTime(now));
  }

  take(now: number): void {
    this.pacer = pacing.take(this.pacer, now);
    this.window.start();
  }

  /** The request's answer came back (or it failed): frees its window slot from `now + window`. */
  finished(now: number): void {
    this.window.finish(now);
  }

  onSuccess(): void {
    this.pacer = pacing.onSuccess(this.pacer);
  }

  onThrottled(now: number, retryAfterMs: number | null, observedRate: number): void {
    this.pacer = pacing.onThrottled(this.pacer, now, retryAfterMs, observedRate);
  }

  setRate(ratePerSecond: number): void {
    this.pacer = pacing.setRate(this.pacer, ratePerSecond);
  }
}

/** The shared window limiters, one per connection. */
export class WindowLimiters {
  private readonly byConnection = new Map<string, WindowLimiter>();

  /** The connection's limiter, set to `limit` (the most recently started job's setting wins). */
  for(connectionId: string, limit: RateLimit | null): WindowLimiter {
    let w = this.byConnection.get(connectionId);
    if (!w) {
      w = new WindowLimiter(limit);
      this.byConnection.set(connectionId, w);
    } else w.setLimit(limit);
    return w;
  }
}
