// One job's (or sync's) throttle: its own pacer (the admin's rate, a hold and a lowered pace after a
// throttle signal: src-shared/runner/pacer.ts) in front of the host's rolling-window limiter, which
// everything that reaches the same LMS host shares — every job and sync on every connection to it —
// because the API counts per IP, not per job or per connection. A 429's hold is shared the same way.
import * as pacing from '../../src-shared/runner/pacer';
import { SecondWindow } from '../../src-shared/runner/secondWindow';
import { WindowLimiter, type RateLimit } from '../../src-shared/runner/windowLimiter';

/** What a throttle signal was: the server counting our requests (429), or the service unavailable (503). */
export type ThrottleCause = 'rateLimited' | 'unavailable';

export class Throttle {
  private pacer: pacing.PacerState;
  /** Never more than the rate in any one second, counted as requests leave (the pacer allows a burst). */
  private readonly second = new SecondWindow();

  /** `limit`: this job's rolling window (by default the one the limiter was last set to). */
  constructor(
    ratePerSecond: number,
    private readonly window: WindowLimiter,
    now: number,
    private readonly limit: RateLimit | null = window.current,
  ) {
    this.pacer = pacing.createPacer(ratePerSecond, now);
  }

  /** The time no request may start before (the job's hold, or the host's). */
  get holdUntil(): number {
    return Math.max(this.pacer.holdUntil, this.window.holdUntil);
  }

  /** Every request waits now: a hold (the LMS asked to wait), or this job's window is full. */
  holding(now: number): boolean {
    return this.holdUntil > now || this.window.waitTime(now, this.limit) > 0;
  }

  rateAt(now: number): number {
    return pacing.effectiveRate(this.pacer, now);
  }

  /** 0 when a request may leave now; Infinity when it must wait for an answer to free a window slot. */
  waitTime(now: number): number {
    return Math.max(
      pacing.waitTime(this.pacer, now),
      this.second.waitTime(now, pacing.effectiveRate(this.pacer, now)),
      this.window.waitTime(now, this.limit),
    );
  }

  /** A request leaves now. */
  take(now: number): void {
    this.second.record(now, pacing.effectiveRate(this.pacer, now));
    this.pacer = pacing.take(this.pacer, now);
    this.window.start();
  }

  /**
   * A request is claimed now to leave a little later (a turn's row, once the turn commits): counted as
   * leaving now until `left` says when it did, so the second is measured by when requests leave.
   */
  claim(now: number): void {
    this.second.claim();
    this.pacer = pacing.take(this.pacer, now);
    this.window.start();
  }

  /** A claimed request left at `now`. */
  left(now: number): void {
    this.second.left(now, pacing.effectiveRate(this.pacer, now));
  }

  /** A claimed request will not leave (its turn rolled back): its window slot back as if answered now. */
  unclaim(now: number): void {
    this.second.unclaim();
    this.window.finish(now);
  }

  /** The request's answer came back (or it failed): frees its window slot from `now + window`. */
  finished(now: number): void {
    this.window.finish(now);
  }

  /** A 2xx came back at `now` (it may end a 503's hold early). */
  onSuccess(now: number): void {
    this.pacer = pacing.onSuccess(this.pacer, now);
  }

  /**
   * The LMS asked to slow down at `now`: the job holds, and the pace may be lowered (pacer.ts). Returns the
   * pace it was lowered to (requests per second) for the job to say, or null when it only holds — for a
   * row's send and a read alike.
   */
  onThrottled(
    now: number,
    retryAfterMs: number | null,
    observedRate: number,
    cause: ThrottleCause = 'rateLimited',
  ): number | null {
    const before = this.rateAt(now);
    this.pacer = pacing.onThrottled(
      this.pacer,
      now,
      { retryAfterMs, soft: cause === 'unavailable' },
      observedRate,
    );
    // The server counts every request from this machine: everyone on the host waits the time asked.
    if (cause === 'rateLimited') this.window.hold(this.pacer.holdUntil);
    const lowered = this.rateAt(this.holdUntil);
    return lowered < before * 0.99 ? lowered : null;
  }

  setRate(ratePerSecond: number): void {
    this.pacer = pacing.setRate(this.pacer, ratePerSecond);
  }
}

/** The host a base URL reaches, as the limiters are keyed: the API kind plus host and port. */
export function hostKey(api: string, baseUrl: string): string {
  try {
    return `${api} ${new URL(baseUrl).host.toLowerCase()}`;
  } catch {
    return `${api} ${baseUrl.toLowerCase()}`;
  }
}

/**
 * The shared window limiters, one per LMS host (not per connection: two connections to one Coassemble
 * workspace, or a job and a sync, are the same machine to the server). Keyed by API kind and host, so
 * the built-in sandbox — both APIs on one port, with a limit on Coassemble only — stays two LMSs.
 */
export class WindowLimiters {
  private readonly byHost = new Map<string, WindowLimiter>();

  /** The host's limiter; `limit` becomes its default (each Throttle keeps its own job's limit). */
  for(connection: { api: string; baseUrl: string }, limit: RateLimit | null): WindowLimiter {
    const key = hostKey(connection.api, connection.baseUrl);
    let w = this.byHost.get(key);
    if (!w) {
      w = new WindowLimiter(limit);
      this.byHost.set(key, w);
    } else w.setLimit(limit);
    return w;
  }
}
