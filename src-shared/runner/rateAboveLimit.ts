// The Run screen's "Requests per second" above the API's documented window (Coassemble: 100 per rolling
// minute, 1.7/s): the runner keeps to the window whatever is typed (throttleSettings), so the field says
// so beside it rather than leaving the admin to believe the typed rate will be sent. The typed text is
// kept as it is: on a connection with no limit the same number is the rate sent.
import { rateAndLimitText } from './jobEvents';
import { windowText } from './throttleDefaults';
import { windowRate, type RateLimit } from './windowLimiter';

/**
 * "Above Sandbox · Coassemble’s limit of 100 requests per rolling minute: this job sends at most 1.7/s,
 * not 60/s." — or null when the rate asked is within the window (or none is asked, or there is no window).
 */
export function rateAboveLimitText(
  asked: number | null,
  rateLimit: RateLimit | null,
  connectionName: string,
): string | null {
  if (asked === null || !rateLimit) return null;
  // What the runner keeps to (throttleSettings), by the same function.
  const allowed = windowRate(rateLimit);
  if (asked <= allowed) return null;
  // Both in one unit, so the one reads against the other.
  const [askedText, allowedText] = rateAndLimitText(asked, allowed);
  return `Above ${connectionName}’s limit of ${windowText(rateLimit)}: this job sends at most ${allowedText}, not ${askedText}.`;
}
