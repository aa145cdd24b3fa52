// Automatic concurrency: how many requests a job keeps in flight, learned from the LMS's answers in the
// manner of TCP Vegas and Netflix's gradient limiter (concurrency-limits' Gradient2), as pure arithmetic.
//
// A request in flight costs the LMS a worker. While it has workers to spare, more requests in flight
// means more rows per second and answers as fast as before; once it has none, more requests only queue
// (answers slow down) and then get refused (503, or 429 from a limit per client). So:
//  - Measure in windows: a window is the answers to requests sent at the current limit (at least
//    `MIN_SAMPLES` and at least `limit` of them, i.e. about one round trip), so each decision sees the
//    effect of the last one. Its average answer time is compared with a baseline: the fastest window
//    average of the last `BASELINE_HORIZON_MS` (the LMS with nothing queued, as far as we have seen;
//    forgotten after that horizon, so a permanently slower LMS becomes the new normal).
//  - Answers as fast as the baseline: raise. Doubling at first (slow start), until answers first slow
//    down; then by about √limit per window while they stay within `EASY_RATIO` of the baseline, by 1
//    up to `TOLERANCE`.
//  - Answers slower than `TOLERANCE` × baseline: lower in proportion (never by more than half).
//    A slowdown of less than `NOISE_MS` is not a queue at the LMS, whatever its ratio: answers of a few
//    ms (a nearby LMS) vary by more than half from our own event loop, commits and GC alone, and reading
//    that as load sank the limit to 1–2, where each request that times out (30 s) stalls the whole job.
//    A queue adds a whole service time to the answers behind it (30–60 ms in the realistic sandbox): a
//    floor much above 20 ms hid that, and the job ran into the LMS's 503s instead.
//  - A 429 (the LMS counts our requests) to a request sent at the current limit: cut by a quarter at once
//    (one cut per window: the other refusals of the same burst were sent before the cut). A 503 cuts the
//    same way when it says the LMS is full — answers already slower than `EASY_RATIO` × baseline, or
//    refusals clustering (at least `CLUSTER` and more than `SCATTERED` of this window's answers) — but
//    scattered 503s among fast answers are a busy backend, not our load, and only hold the job (the
//    pacer's Retry-After). Two in a window of 16 is what 2% of 503s gives one window in 25.
//    A quarter, not TCP's half: a refusal here follows answers that were already slowing, so the limit
//    is near the LMS's capacity, and halving it would idle half the workers until it grew back.
//  - Not raised while the job does not use the limit it has (a rate or a window, not parallel requests,
//    sets the pace: TCP's "application-limited"), so the number shown is one the job really uses.
//  - Between 1 and `max` (the app's maximum, 64), or pinned by the admin to a number.
// Constant memory: one window's sums and a short list of window averages.

import type { ConcurrencyDto } from '../contract/api';

/** Where the limit is and why (the contract's ConcurrencyDto, shown on Run and by the CLI). */
export type ConcurrencyStatus = ConcurrencyDto;

/** What one answer tells the limiter. */
export type AnswerSignal =
  | 'ok' // an answer (2xx or a 4xx about the row itself): its time counts
  | 'rateLimited' // 429 (the LMS counts our requests)
  | 'unavailable' // 503 (the LMS is busy)
  | 'error'; // no answer (network error, timeout): not a measure of the LMS's load

/** The app's ceiling on requests in flight (the Run form and the CLI accept 1–64). */
export const MAX_CONCURRENCY = 64;
/** Answers per window, at least. */
export const MIN_SAMPLES = 16;
/** Answer time (window average over the baseline) beyond which the limit is lowered. */
export const TOLERANCE = 1.5;
/** Below this ratio the limit grows by √limit per window; up to TOLERANCE by 1. */
export const EASY_RATIO = 1.2;
/** Slow start (doubling) ends when a window's answers are this much slower than the baseline. */
export const SLOW_START_EXIT = 1.25;
/** A refusal (429/503) multiplies the limit by this. */
export const BACKOFF = 0.75;
/** 503s up to this share of a window's answers (and fewer than CLUSTER) are scattered, unless answers slow. */
export const SCATTERED = 0.05;
/** A window's 503s say the LMS is full from this many (if also more than SCATTERED of its answers). */
export const CLUSTER = 3;
/** A window average less than this much above the baseline is noise, not a queue at the LMS (ms). */
export const NOISE_MS = 20;
/** A window of slow answers multiplies the limit by no less than this. */
export const DEEPEST_CUT = 0.5;
/** How long the fastest window average is remembered as the baseline. */
export const BASELINE_HORIZON_MS = 30_000;

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

export class ConcurrencyLimiter {
  private readonly maxValue: number;
  private value: number;
  private mode: 'auto' | 'pinned';
  private reasonText: string;
  private changed: number | null = null;
  /** Bumped at every change: answers to requests sent before it belong to an older window. */
  private epoch = 0;
  private slowStart = true;
  // The current window: answers to requests sent in this epoch.
  private samples = 0;
  private sumMs = 0;
  /** The most requests in flight when one of this epoch's left (did the job use its limit?). */
  private peakInFlight = 0;
  /** 503s answered to this epoch's requests. */
  private refused = 0;
  /** The last closed window's average over the baseline (1 before any). */
  private lastRatio = 1;
  /** Window averages of the horizon, oldest first: [at, average ms]. */
  private readonly averages: [number, number][] = [];

  constructor(opts: { initial: number; pinned?: number | null; max?: number }) {
    this.maxValue = Math.max(1, Math.min(MAX_CONCURRENCY, opts.max ?? MAX_CONCURRENCY));
    if (opts.pinned) {
      this.mode = 'pinned';
      this.value = clampInt(opts.pinned, 1, MAX_CONCURRENCY);
      this.reasonText = 'set for this job';
    } else {
      this.mode = 'auto';
      this.value = clampInt(opts.initial, 1, this.maxValue);
      this.reasonText = `starting at ${this.value}; raised while the LMS answers as fast`;
    }
  }

  /** Requests that may be in flight now. */
  get limit(): number {
    return Math.max(1, Math.floor(this.value));
  }

  status(): ConcurrencyStatus {
    return {
      mode: this.mode,
      limit: this.limit,
      max: this.maxValue,
      reason: this.reasonText,
      changedAt: this.changed,
    };
  }

  /** The admin pins a number (or hands it back to the app with null). */
  pin(n: number | null, now: number): void {
    if (n === null) {
      if (this.mode === 'auto') return;
      this.mode = 'auto';
      this.value = clampInt(this.value, 1, this.maxValue);
      this.slowStart = false;
      this.move(this.value, `automatic again from ${this.limit}`, now);
    } else {
      this.mode = 'pinned';
      this.move(clampInt(n, 1, MAX_CONCURRENCY), 'set by you', now);
    }
  }

  /**
   * A request leaves with `inFlight` requests in flight (itself included). Returns the tag to hand back
   * with its answer.
   */
  launched(inFlight: number): number {
    if (inFlight > this.peakInFlight) this.peakInFlight = inFlight;
    return this.epoch;
  }

  /** A request sent with `tag` was answered after `ms`. Returns true when the limit moved. */
  answered(tag: number, signal: AnswerSignal, ms: number, now: number): boolean {
    if (this.mode === 'pinned' || tag !== this.epoch || signal === 'error') return false;
    if (signal === 'unavailable') {
      this.refused += 1;
      if (!this.full()) return false; // scattered: one busy backend, not our load
    }
    if (signal === 'rateLimited' || signal === 'unavailable') {
      this.slowStart = false;
      const why = signal === 'rateLimited' ? '429 (too many requests)' : '503 (busy)';
      return this.move(Math.max(1, this.value * BACKOFF), `lowered: the LMS answered ${why}`, now);
    }
    this.samples += 1;
    this.sumMs += ms;
    if (this.samples < Math.max(MIN_SAMPLES, this.limit)) return false;
    return this.closeWindow(now);
  }

  /** Whether this epoch's 503s say the LMS is full: answers slowing, or refusals clustering. */
  private full(): boolean {
    const base = this.baseline();
    const ratio =
      this.samples >= 4 && base < Infinity ? slowdown(this.sumMs / this.samples, base) : this.lastRatio;
    if (ratio > EASY_RATIO) return true;
    return this.refused >= CLUSTER && this.refused > SCATTERED * (this.samples + this.refused);
  }

  private baseline(): number {
    let base = Infinity;
    for (const [, a] of this.averages) if (a < base) base = a;
    return base;
  }

  private closeWindow(now: number): boolean {
    const avg = this.sumMs / this.samples;
    const used = this.peakInFlight >= this.limit;
    while (this.averages.length && this.averages[0]![0] < now - BASELINE_HORIZON_MS) this.averages.shift();
    this.averages.push([now, avg]);
    const base = this.baseline();
    const ratio = slowdown(avg, base);
    this.lastRatio = ratio;
    this.samples = 0;
    this.sumMs = 0;
    this.peakInFlight = 0;
    this.refused = 0;
    if (ratio > TOLERANCE) {
      this.slowStart = false;
      const cut = Math.max(DEEPEST_CUT, TOLERANCE / ratio);
      return this.move(
        Math.max(1, this.value * cut),
        `lowered: answers slowed to ${fmtMs(avg)} (${fmtMs(base)} at best)`,
        now,
      );
    }
    if (!used) {
      // The job does not fill its limit (a rate or window sets the pace): nothing to learn from more.
      if (this.value > this.maxValue) this.move(this.maxValue, `at the most allowed (${this.maxValue})`, now);
      return false;
    }
    if (this.value >= this.maxValue) return false;
    let next: number;
    if (this.slowStart && ratio < SLOW_START_EXIT) next = this.value * 2;
    else {
      this.slowStart = false;
      next = this.value + (ratio < EASY_RATIO ? Math.max(1, Math.floor(Math.sqrt(this.value))) : 1);
    }
    next = Math.min(this.maxValue, next);
    return this.move(
      next,
      next >= this.maxValue
        ? `at the most allowed (${this.maxValue}); answers stay fast (${fmtMs(avg)})`
        : `raised: answers stay fast (${fmtMs(avg)}; ${fmtMs(base)} at best)`,
      now,
    );
  }

  /** Sets the limit; a new window starts when the number of requests allowed changes. */
  private move(next: number, reason: string, now: number): boolean {
    const before = this.limit;
    this.value = next;
    this.reasonText = reason;
    if (this.limit === before) return false;
    this.changed = now;
    this.epoch += 1;
    this.samples = 0;
    this.sumMs = 0;
    this.peakInFlight = 0;
    this.refused = 0;
    return true;
  }
}

/** Answers' average over the baseline, 1 when they are within noise of it (see NOISE_MS). */
function slowdown(avg: number, base: number): number {
  return avg - base < NOISE_MS ? Math.min(1, avg / base) : avg / base;
}

function clampInt(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.floor(n)));
}
