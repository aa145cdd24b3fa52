// Throttle defaults per API, from the references. Coassemble documents 100 requests per rolling minute
// per IP; Coursepath documents no limit, so we stay polite with a few requests in flight.
import type { JobOptions } from '../../src-shared/contract/api';
import type { ApiKind } from '../../src-shared/connectors/types';
import type { RateLimit } from '../../src-shared/runner/windowLimiter';

export interface ThrottleDefaults {
  /** The API's documented rolling window, kept exactly (see windowLimiter.ts); null = none documented. */
  rateLimit: RateLimit | null;
  concurrency: number;
}

export const THROTTLE_DEFAULTS: Record<ApiKind, ThrottleDefaults> = {
  coassemble: { rateLimit: { requests: 100, windowMs: 60_000 }, concurrency: 2 },
  coursepath: { rateLimit: null, concurrency: 4 },
};

export const DEFAULT_MAX_ATTEMPTS = 5;
export const REQUEST_TIMEOUT_MS = 30_000;

export interface ThrottleSettings {
  rateLimit: RateLimit | null;
  /** Steady requests per second (Infinity = none): spaces requests evenly instead of bursting a window. */
  ratePerSecond: number;
  concurrency: number;
}

/** A job's throttle: its options where given, else the API's defaults. */
export function throttleSettings(api: ApiKind, options: JobOptions): ThrottleSettings {
  const d = THROTTLE_DEFAULTS[api];
  const rateLimit = options.rateLimit === undefined ? d.rateLimit : options.rateLimit;
  const windowRate = rateLimit ? (rateLimit.requests / rateLimit.windowMs) * 1000 : Infinity;
  return {
    rateLimit,
    ratePerSecond: Math.min(options.ratePerSecond ?? Infinity, windowRate),
    concurrency: options.concurrency ?? d.concurrency,
  };
}
