// Throttle defaults per API, from the references. Coassemble documents 100 requests per rolling minute
// per IP; Coursepath documents no limit, so we stay polite with a few requests in flight.
import type { ApiKind } from '../../src-shared/connectors/types';

export interface ThrottleDefaults {
  ratePerSecond: number; // Infinity = no limit
  concurrency: number;
}

export const THROTTLE_DEFAULTS: Record<ApiKind, ThrottleDefaults> = {
  // 100 per minute, kept just under so clock skew between us and the LMS never tips us over.
  coassemble: { ratePerSecond: 100 / 60, concurrency: 2 },
  coursepath: { ratePerSecond: Infinity, concurrency: 4 },
};

export const DEFAULT_MAX_ATTEMPTS = 5;
export const REQUEST_TIMEOUT_MS = 30_000;
