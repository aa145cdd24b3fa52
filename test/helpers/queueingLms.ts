// A discrete-event model of a job against an LMS with a capacity it does not announce — `workers`
// requests served at a time, each taking a service time drawn from a seeded distribution; up to `queue`
// more wait their turn; beyond that 503 with Retry-After — the same model as the realistic sandbox
// (src-main/sandbox/capacity.ts), on a virtual clock, so the limiter's behaviour over thousands of
// requests is a unit test of a few milliseconds. The client keeps `limit()` requests in flight, holds
// new requests for Retry-After after a 503 (until a success comes back, as the runner's pacer does),
// and retries a refused row later.
import { mulberry32 } from '../../src-main/sandbox/prng';
import { CapacityGate, serviceTimeMs, type LatencyModel } from '../../src-main/sandbox/capacity';
import type { AnswerSignal } from '../../src-shared/runner/concurrencyLimiter';

export interface LmsModel {
  workers: number;
  queue: number;
  latency: LatencyModel;
  /** A change of capacity after this many requests have arrived (the LMS scaled down or up). */
  change?: { afterRequests: number; workers: number; queue: number };
  /** Network round trip added to every answer, ms. */
  rttMs?: number;
  seed?: number;
}

export interface Client {
  limit(): number;
  launched?(inFlight: number): number;
  answered?(tag: number, signal: AnswerSignal, ms: number, now: number): void;
}

export interface SimResult {
  ms: number;
  rowsPerSec: number;
  refused: number;
  requests: number;
  /** The client's limit sampled at each launch: average over the first and the second half of the rows. */
  meanLimit: [number, number];
}

export function simulate(rows: number, lms: LmsModel, client: Client): SimResult {
  const rng = mulberry32(lms.seed ?? 1);
  const rtt = lms.rttMs ?? 1;
  const gate = new CapacityGate({
    workers: lms.workers,
    queue: lms.queue,
    retryAfterSeconds: 1,
    change: lms.change ?? null,
  });
  // Events: [time, seq, fn] in a binary heap, earliest (then oldest) first.
  const events: [number, number, () => void][] = [];
  let seq = 0;
  const before = (a: [number, number, unknown], b: [number, number, unknown]) =>
    a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const at = (t: number, fn: () => void) => {
    events.push([t, seq++, fn]);
    for (let i = events.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!before(events[i]!, events[p]!)) break;
      [events[i], events[p]] = [events[p]!, events[i]!];
      i = p;
    }
  };
  const pop = (): [number, number, () => void] => {
    const top = events[0]!;
    const last = events.pop()!;
    if (events.length) {
      events[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < events.length && before(events[l]!, events[m]!)) m = l;
        if (r < events.length && before(events[r]!, events[m]!)) m = r;
        if (m === i) break;
        [events[i], events[m]] = [events[m]!, events[i]!];
        i = m;
      }
    }
    return top;
  };
  let now = 0;
  let done = 0;
  let refused = 0;
  let requests = 0;
  let inFlight = 0;
  let holdUntil = 0;
  const retry: number[] = []; // rows refused, waiting to go again
  let nextRow = 0;
  const limits: [number, number][] = [
    [0, 0],
    [0, 0],
  ];

  const lmsReceive = (answer: (status: number) => void) => {
    const admitted = gate.admit(() =>
      at(now + serviceTimeMs(lms.latency, rng()), () => {
        answer(201);
        gate.release();
      }),
    );
    if (admitted === 'refuse') answer(503);
  };

  const pump = () => {
    while (inFlight < client.limit() && now >= holdUntil && (retry.length || nextRow < rows)) {
      const row = retry.length ? retry.shift()! : nextRow++;
      inFlight++;
      requests++;
      const half = row < rows / 2 ? 0 : 1;
      limits[half]![0] += client.limit();
      limits[half]![1] += 1;
      const tag = client.launched?.(inFlight) ?? 0;
      const sentAt = now;
      at(now + rtt / 2, () =>
        lmsReceive((status) =>
          at(now + rtt / 2, () => {
            inFlight--;
            if (status === 503) {
              refused++;
              retry.push(row);
              holdUntil = Math.max(holdUntil, now + 1000);
              at(holdUntil, pump);
              client.answered?.(tag, 'unavailable', now - sentAt, now);
            } else {
              done++;
              holdUntil = Math.min(holdUntil, now); // a success ends a 503's hold
              client.answered?.(tag, 'ok', now - sentAt, now);
            }
            pump();
          }),
        ),
      );
    }
  };
  pump();
  while (events.length && done < rows) {
    const [t, , fn] = pop();
    now = t;
    fn();
  }
  const mean = (h: [number, number]) => (h[1] ? h[0] / h[1] : 0);
  return {
    ms: now,
    rowsPerSec: (rows / now) * 1000,
    refused,
    requests,
    meanLimit: [mean(limits[0]!), mean(limits[1]!)],
  };
}
