// What an HTTP outcome means for the runner, as data: the retry decision lives here, once, tested.
import { RETRY_AFTER_CAP_MS } from './longWait';

export type Verdict =
  | { kind: 'success' }
  /**
   * The server asked us to slow down (429, 503, or a 403 whose body says "rate limit"). Does not use up
   * an attempt budget on its own. `cause`: it counts our requests (429, 403) or is unavailable (503).
   */
  | { kind: 'throttled'; retryAfterMs: number | null; cause: 'rateLimited' | 'unavailable' }
  /** Worth another try after a backoff: network failure, timeout, other 5xx. */
  | { kind: 'retry' }
  /** Will not get better by retrying: other 4xx. */
  | { kind: 'fatal' };

export function classifyResponse(
  status: number | null,
  body: string,
  retryAfterHeader: string | null,
  nowMs: number,
): Verdict {
  if (status === null) return { kind: 'retry' };
  if (status >= 200 && status < 300) return notASuccess(status, body) === null ? { kind: 'success' } : { kind: 'fatal' };
  if (status === 429 || status === 503) {
    const cause = status === 503 ? 'unavailable' : 'rateLimited';
    return { kind: 'throttled', retryAfterMs: parseRetryAfter(retryAfterHeader, nowMs), cause };
  }
  if (status === 403 && /rate.?limit|too many requests/i.test(body)) {
    return { kind: 'throttled', retryAfterMs: parseRetryAfter(retryAfterHeader, nowMs), cause: 'rateLimited' };
  }
  if (status >= 500) return { kind: 'retry' };
  if (status === 408) return { kind: 'retry' };
  return { kind: 'fatal' };
}

/**
 * Statuses a gateway in front of the LMS (a load balancer, a proxy) answers when the LMS behind it failed
 * or was too slow to answer — often after it did the work: 502 Bad Gateway, 504 Gateway Timeout. The LMS's
 * own answer was lost, as when the connection drops: a call not safe to repeat is held in doubt, not sent
 * again (answerDecision.ts), and a later repeat's "already there" is read as that send's doing.
 */
export const LOST_AT_GATEWAY: ReadonlySet<number> = new Set([502, 504]);

/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or unreadable.
 * Longer than a year is kept as just over one (RETRY_AFTER_CAP_MS): hundreds of digits read as Infinity.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(RETRY_AFTER_CAP_MS, Math.round(Number(v) * 1000));
  // Every HTTP date names its month in letters and its time as hh:mm:ss (IMF-fixdate, RFC 850, asctime);
  // Date.parse also reads '-5', '1.5', 'wait 10' or 'May 5' as a day in 2001, which would be "no wait at
  // all" instead of unreadable (the default hold).
  if (!/[a-z]{3}/i.test(v) || !/\b\d\d:\d\d:\d\d\b/.test(v)) return null;
  // asctime names no zone, and is GMT (Date.parse would read it as local time).
  const at = Date.parse(/\b(GMT|UTC)\b|[+-]\d\d:?\d\d$/i.test(v) ? v : `${v} GMT`);
  return Number.isNaN(at) ? null : Math.min(RETRY_AFTER_CAP_MS, Math.max(0, at - nowMs));
}

/**
 * The longest API message a row keeps. It is the row's Error in History and every export, the "Row 2 failed"
 * event and the CLI's line: a message holding a whole validation dump (or an echo of the request) would
 * be kept once per row, past the stored body's own cut, and past a spreadsheet cell's 32,767 characters.
 */
export const MAX_API_MESSAGE = 1000;

const cutMessage = (msg: string): string =>
  msg.length <= MAX_API_MESSAGE
    ? msg
    : `${msg.slice(0, MAX_API_MESSAGE)}… [cut at ${MAX_API_MESSAGE.toLocaleString('en-US')} of ${msg.length.toLocaleString('en-US')} characters]`;

/**
 * A success status whose body is a web page: neither API answers markup (JSON, or a signed URL as plain
 * text), so it came from something else at the address — a company proxy's or single sign-on's "Please
 * sign in" page, or the LMS's website (a web app answers its page for any path) at a base URL that is not
 * the API's. Not a success: nothing shows the LMS received the request. The words, or null when the body
 * is not a page.
 */
export function webPageInstead(status: number, body: string): string | null {
  if (!/^\uFEFF?\s*</.test(body)) return null;
  const title = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim().slice(0, 100);
  return (
    `HTTP ${status}, but the answer is a web page${title ? ` (“${title}”)` : ''}, not the LMS's API: a proxy's or ` +
    "single sign-on page, or a website at the connection's base URL rather than the API's address. Nothing shows " +
    'the LMS received the request: check the base URL (Connections → Test) and the proxy.'
  );
}

/**
 * A success status around Coassemble's documented error envelope (`{message, error: {code, status}}`, an
 * error status inside): the LMS says the call failed, whatever a gateway made of the status. The words, or
 * null when the body is not that envelope.
 */
export function errorInsideSuccess(status: number, body: string): string | null {
  // Every 2xx answer passes here (the runner's hot path): parsed only when it could be the envelope.
  if (!body.includes('"error"') || !/^\s*\{/.test(body)) return null;
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return null;
  }
  const error = (j as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, status: inner } = error as { code?: unknown; status?: unknown };
  if (typeof code !== 'string' || typeof inner !== 'number' || inner < 400) return null;
  const message = (j as { message?: unknown }).message;
  return `HTTP ${status}, but the answer is an error (${code}, status ${inner})${typeof message === 'string' && message.trim() ? `: ${message.trim().slice(0, 200)}` : ''}`;
}

/** Why a success status is not a success (a web page, an error envelope inside), or null when it is one. */
export function notASuccess(status: number, body: string): string | null {
  return webPageInstead(status, body) ?? errorInsideSuccess(status, body);
}

/** The API's own message for a failed call, for the admin to read: Coassemble `message`, Coursepath `message`/`error`. */
export function apiErrorMessage(status: number, body: string, location?: string | null): string {
  if (status >= 200 && status < 300) {
    const why = notASuccess(status, body);
    if (why) return why;
  }
  // A redirect is never followed (the request's key would go with it): say where it points, and what to do.
  if (status >= 300 && status < 400 && location?.trim())
    return (
      `HTTP ${status}: the LMS sends this request on to ${location.trim().slice(0, 300)}, and Bulk Desk does not follow ` +
      "redirects (the key would go with it). If that is the LMS's API address, edit the connection's base URL to it."
    );
  // Not the LMS: the proxy between us and it (HTTPS_PROXY / HTTP_PROXY) refused to pass the request on.
  if (status === 407)
    return 'HTTP 407: the proxy wants a user name and password; give them in the proxy URL (HTTPS_PROXY=http://user:password@proxy:port).';
  try {
    const j = JSON.parse(body) as { message?: unknown; error?: unknown };
    const msg = typeof j.message === 'string' ? j.message : typeof j.error === 'string' ? j.error : null;
    if (msg) return `HTTP ${status}: ${cutMessage(msg)}`;
  } catch {
    // not JSON; fall through
  }
  // A page (a gateway's or a proxy's "504 Gateway Time-out") is said by its words, not its markup.
  const text = (/^\s*</.test(body) ? htmlText(body) : body.trim()).slice(0, 200);
  return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
}

/** The words of an HTML page: its tags, scripts and styles dropped, white space collapsed. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
