// The realistic sandbox's load model (`realistic` option, `--realistic`): what a real LMS does with many
// requests at once, which it never announces.
//  - Service time: each request takes a time drawn from a distribution between `minMs` and `maxMs`
//    (log-logistic, clipped: most answers near the middle, a long tail towards the maximum), seeded.
//  - Capacity: `workers` requests are served at once; up to `queue` more wait their turn (their answers
//    slow down by the wait); beyond that the LMS answers 503 with Retry-After at once, doing nothing.
//  - The capacity may change after a given number of requests (`change`), as a real LMS's does when
//    other tenants load it or it scales: a client must follow.
// Pure where it can be: `serviceTimeMs` maps one uniform draw to a time; `CapacityGate` only counts and
// queues (the server owns the timers).

import type { RealisticCapacity } from './types';

export interface LatencyModel {
  minMs: number;
  maxMs: number;
}

/**
 * `workers` requests served at once; `queue` more may wait for one (one more is refused with 503 and
 * `retryAfterSeconds`). `change`: after `afterRequests` requests have been admitted (served or queued;
 * refused ones do not count, so the change comes at the same point of a job however hard a client
 * pushes), the capacity becomes `workers`/`queue`.
 */
export type CapacityModel = Omit<RealisticCapacity, 'change'> & { change?: RealisticCapacity['change'] };

export interface RealisticOptions {
  latency: LatencyModel;
  capacity: RealisticCapacity;
}

/** `--realistic` with no other option: what an admin's mid-sized LMS looks like from outside. */
export const REALISTIC_DEFAULTS: RealisticOptions = {
  latency: { minMs: 80, maxMs: 400 },
  capacity: { workers: 24, queue: 24, retryAfterSeconds: 1, change: null },
};

/**
 * A service time for the uniform draw `u` (0 ≤ u < 1): log-logistic with its median at the geometric
 * middle of [minMs, maxMs] and 98% of its mass inside them, clipped to them.
 */
export function serviceTimeMs(m: LatencyModel, u: number): number {
  if (m.maxMs <= m.minMs) return m.minMs;
  const median = Math.sqrt(m.minMs * m.maxMs);
  const shape = Math.log(99) / Math.log(Math.sqrt(m.maxMs / m.minMs));
  const p = Math.min(Math.max(u, 1e-9), 1 - 1e-9);
  const t = median * (p / (1 - p)) ** (1 / shape);
  return Math.round(Math.min(m.maxMs, Math.max(m.minMs, t)));
}

export type Admission = 'serve' | 'queue' | 'refuse';

/** Counts requests in service and waiting; the caller starts a waiting one when `release` says so. */
export class CapacityGate {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  private admitted = 0;
  private workers: number;
  private queueMax: number;

  constructor(private readonly model: CapacityModel) {
    this.workers = model.workers;
    this.queueMax = model.queue;
  }

  get current(): { workers: number; queue: number; busy: number; waiting: number; admitted: number } {
    return {
      workers: this.workers,
      queue: this.queueMax,
      busy: this.busy,
      waiting: this.waiting.length,
      admitted: this.admitted,
    };
  }

  /** A request arrives: served now (`start` is called at once), queued (called later) or refused. */
  admit(start: () => void): Admission {
    const c = this.model.change;
    if (c && this.admitted === c.afterRequests) {
      this.workers = c.workers;
      this.queueMax = c.queue;
    }
    if (this.busy < this.workers) {
      this.admitted += 1;
      this.busy += 1;
      start();
      return 'serve';
    }
    if (this.waiting.length < this.queueMax) {
      this.admitted += 1;
      this.waiting.push(start);
      return 'queue';
    }
    return 'refuse';
  }

  /** A request finished its service: the next waiting one (if a worker is free) starts. */
  release(): void {
    this.busy = Math.max(0, this.busy - 1); // a request from before a reset() frees nothing
    while (this.busy < this.workers && this.waiting.length) {
      this.busy += 1;
      this.waiting.shift()!();
    }
  }

  /** Changes the capacity now (the test hook POST /__sandbox/capacity). */
  set(workers: number, queue: number): void {
    this.workers = workers;
    this.queueMax = queue;
  }

  reset(): void {
    this.busy = 0;
    this.waiting.length = 0;
    this.admitted = 0;
    this.workers = this.model.workers;
    this.queueMax = this.model.queue;
  }
}
