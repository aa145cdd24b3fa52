// Achieved rate over a sliding window, in constant memory: counts per 100 ms bucket in a fixed ring.

export interface RateMeter {
  record(now: number): void;
  ratePerSecond(now: number): number;
}

export function createRateMeter(windowMs = 5000, bucketMs = 100): RateMeter {
  const n = Math.ceil(windowMs / bucketMs);
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
    ratePerSecond(now) {
      const b = Math.floor(now / bucketMs);
      let sum = 0;
      for (let i = 0; i < n; i++) if (stamps[i]! > b - n) sum += counts[i]!;
      // Early on, divide by the time actually covered, so the rate is not underestimated at the start.
      const span =
        firstAt < 0 ? windowMs : Math.min(windowMs, Math.max(bucketMs * 5, now - firstAt + bucketMs));
      return sum / (span / 1000);
    },
  };
}
