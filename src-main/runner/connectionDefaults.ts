// The runner's fixed settings. The per-API pace lives in src-shared/runner/throttleDefaults.ts so the
// Run screen shows the numbers the runner uses.
export {
  THROTTLE_DEFAULTS,
  throttleSettings,
  type ThrottleDefaults,
  type ThrottleSettings,
} from '../../src-shared/runner/throttleDefaults';

export const DEFAULT_MAX_ATTEMPTS = 5;
export const REQUEST_TIMEOUT_MS = 30_000;
