// Achieved rate over a sliding window, in constant memory: counts per 100 ms bucket in a fixed ring.

export interface RateMeter {
  record(now: number): void;
  ratePerSecond(now: number): number;
}

export function createRateMeter(windowMs = 5000, bucketMs = 100): RateMeter {
  const n = Math.ceil(windowMs / bucketMs);
  const counts = new Array<number>(n).fill(0);
  const stamps = new Array<number>(n).fill(-1);
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
      counts[slot(now)]! += 1;
    },
    ratePerSecond(now) {
      const b = Math.floor(now / bucketMs);
      let sum = 0;
      for (let i = 0; i < n; i++) if (stamps[i]! > b - n) sum += counts[i]!;
      return sum / (windowMs / 1000);
    },
  };
}
