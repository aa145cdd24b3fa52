// Rolling-window rate limiter per key (client IP). Coassemble: 100 requests per rolling minute per IP,
// 429 with Retry-After in whole seconds (reference coassemble §4.2). Whether a rejected request uses budget
// is not documented (evidence.md): by default it does not; with `countRefused` it does, as a limiter that
// logs every attempt would — then a client that keeps sending while refused keeps itself refused.
import type { RateLimit } from './types';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RollingWindowLimiter {
  private readonly windows = new Map<string, { times: number[]; head: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly countRefused = false,
  ) {}

  take(key: string, now: number): RateDecision {
    let w = this.windows.get(key);
    if (!w) {
      w = { times: [], head: 0 };
      this.windows.set(key, w);
    }
    const cutoff = now - this.limit.windowMs;
    while (w.head < w.times.length && (w.times[w.head] ?? 0) <= cutoff) w.head++;
    if (w.head > 1024) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    const inWindow = w.times.length - w.head;
    if (inWindow >= this.limit.requests) {
      if (this.countRefused) w.times.push(now);
      // The wait until the window holds fewer than `requests` again: the entry whose expiry frees the first
      // slot (the oldest, unless refused requests crowd the window beyond the limit).
      const count = w.times.length - w.head;
      const freeing = w.times[w.head + count - this.limit.requests] ?? now;
      const waitMs = freeing + this.limit.windowMs - now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    w.times.push(now);
    return { ok: true };
  }

  clear(): void {
    this.windows.clear();
  }
}

/** Parses "100/60s", "100/1m", "5/500ms", "100/60000" (ms). */
export function parseRateLimit(text: string): RateLimit {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`invalid rate limit "${text}" (expected e.g. 100/60s)`);
  const n = Number(m[2]);
  const unit = m[3] ?? 'ms';
  const windowMs = unit === 'm' ? n * 60_000 : unit === 's' ? n * 1000 : n;
  const requests = Number(m[1]);
  if (requests < 1 || windowMs <= 0) throw new Error(`invalid rate limit "${text}"`);
  return { requests, windowMs };
}
