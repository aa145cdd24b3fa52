// A connection's default pace, per API, from the references — pure so the Run screen shows the same
// numbers the runner uses. Coassemble documents 100 requests per rolling minute per IP (confirmed,
// evidence.md ERR); Coursepath documents no limit, so we stay polite with a few requests in flight.
import type { ThrottleDefaultsDto } from '../contract/api';
import type { JobOptions } from '../contract/api';
import type { ApiKind } from '../connectors/types';
import { MAX_CONCURRENCY } from './concurrencyLimiter';
import { windowRate, type RateLimit } from './windowLimiter';

export interface ThrottleDefaults {
  /** The API's documented rolling window, kept exactly (see windowLimiter.ts); null = none documented. */
  rateLimit: RateLimit | null;
  /** Requests in flight to start with (automatic concurrency raises it from there). */
  concurrency: number;
}

export const THROTTLE_DEFAULTS: Record<ApiKind, ThrottleDefaults> = {
  coassemble: { rateLimit: { requests: 100, windowMs: 60_000 }, concurrency: 2 },
  coursepath: { rateLimit: null, concurrency: 4 },
};

export interface ThrottleSettings {
  rateLimit: RateLimit | null;
  /** Steady requests per second (Infinity = none): spaces requests evenly instead of bursting a window. */
  ratePerSecond: number;
  /** The admin's pinned number, or where automatic concurrency starts. */
  concurrency: number;
  /** True unless the job pins a number (JobOptions.concurrency). */
  autoConcurrency: boolean;
}

/** "100 requests per rolling minute", "20 requests per rolling 2 s": a window as Run and History say it. */
export function windowText(l: RateLimit): string {
  const per = l.windowMs === 60_000 ? 'minute' : `${l.windowMs / 1000} s`;
  return `${l.requests.toLocaleString('en-US')} requests per rolling ${per}`;
}

/** A job's throttle: its options where given, else the API's defaults. */
export function throttleSettings(api: ApiKind, options: JobOptions): ThrottleSettings {
  const d = THROTTLE_DEFAULTS[api];
  const rateLimit = options.rateLimit === undefined ? d.rateLimit : options.rateLimit;
  return {
    rateLimit,
    ratePerSecond: Math.min(options.ratePerSecond ?? Infinity, windowRate(rateLimit)),
    concurrency: options.concurrency ?? d.concurrency,
    autoConcurrency: options.concurrency === undefined,
  };
}

/** What the Run screen shows before a job exists: the defaults as values, with where they come from. */
export function throttleDefaultsFor(api: ApiKind): ThrottleDefaultsDto {
  const s = throttleSettings(api, {});
  return {
    rateLimit: s.rateLimit,
    ratePerSecond: Number.isFinite(s.ratePerSecond) ? s.ratePerSecond : null,
    concurrency: s.concurrency,
    concurrencyMax: MAX_CONCURRENCY,
    source:
      api === 'coassemble'
        ? "Coassemble's documented limit: 100 requests per rolling minute per IP; requests in flight follow how fast it answers"
        : 'Coursepath documents no rate limit; requests in flight start at a few and follow how fast the LMS answers',
  };
}
