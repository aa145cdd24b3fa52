// Achieved rate over a sliding window, in constant memory: counts per 100 ms bucket in a fixed ring. The
// ring keeps `keepMs`, so one meter answers for a short window (the rate shown) and a longer one (the ETA's
// pace, ./jobEta.ts).

const SECOND_MS = 1000;

export interface RateMeter {
  record(now: number): void;
  /** Per second over the last `windowMs` (the meter's window by default; at most what it keeps). */
  ratePerSecond(now: number, windowMs?: number): number;
}

export function createRateMeter(windowMs = 5000, bucketMs = 100, keepMs = windowMs): RateMeter {
  const n = Math.ceil(Math.max(keepMs, windowMs) / bucketMs);
  const counts = new Array<number>(n).fill(0);
  const stamps = new Array<number>(n).fill(-1);
  let firstAt = -1;
  const slot = (now: number) => {
    const b = Math.floor(now / bucketMs);
    const i = b % n;
    if (stamps[i] !== b) {
      stamps[i] = b;
      counts[i] = 0;
    }
    return i;
  };
  return {
    record(now) {
      if (firstAt < 0) firstAt = now;
      counts[slot(now)]! += 1;
    },
    ratePerSecond(now, window = windowMs) {
      const span = Math.min(Math.ceil(window / bucketMs), n);
      const b = Math.floor(now / bucketMs);
      let sum = 0;
      for (let i = 0; i < n; i++) if (stamps[i]! > b - span) sum += counts[i]!;
      // Early on, divide by the time actually covered, so the rate is not underestimated at the start —
      // and one second more: a limit of N a second lets N go at once (./secondWindow.ts), so the first
      // answers are a second's worth, not N in a few ms. Divided by the bare time since the first, three
      // answers 250 ms apart read as 5/s at a limit of 4/s ("5.0/s (limit 4.0/s)" on Run).
      const covered = firstAt < 0 ? span * bucketMs : Math.min(span * bucketMs, now - firstAt + SECOND_MS);
      return sum / (covered / 1000);
    },
  };
}
