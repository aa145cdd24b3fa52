// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"):
// wait a random time in [0, min(cap, base·2^(attempt-1))]. Spreads retries so they don't stampede.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** `attempt` is the number of attempts already made (1 after the first failure). `random` in [0, 1). */
export function backoffDelay(
  attempt: number,
  random: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}
