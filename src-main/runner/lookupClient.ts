// The signed, throttled reads that settle in-doubt rows (see inDoubt.ts). They share the job's throttle:
// a lookup counts against the API's limit like any other call. Retried a few times while the answer is
// retryable (network failure, 5xx, 429/503 with Retry-After). A connection refused before the read went (a
// certificate not trusted here, a proxy refusing the tunnel) is not: it returns at once, and the job pauses
// as for a send refused the same way (answerPacing.ts), since every request there meets the same.
import type { ConnectionIdentity } from '../../src-shared/contract/api';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { backoffDelay } from '../../src-shared/runner/backoff';
import { isCredentialRefusal } from '../../src-shared/runner/breakers';
import { classifyResponse } from '../../src-shared/runner/classifyResponse';
import type { ConnectionSecret } from '../services/credentials';
import { NetworkError, type HttpRequest, type HttpResponse } from '../services/http';
import { joinUrl, redactedHeaders, signedHeaders } from '../services/requestFactory';
import { unsentSecrets } from '../services/signing';
import { waitedAlone, type ThrottledAnswer } from './answerPacing';
import type { LookupResult } from './inDoubt';
import type { Throttle } from './throttle';

const LOOKUP_ATTEMPTS = 4;

export interface LookupDeps {
  baseUrl: string;
  identity: ConnectionIdentity;
  secret: ConnectionSecret;
  throttle: Throttle;
  timeoutMs: number;
  http(req: HttpRequest): Promise<HttpResponse>;
  clock(): number;
  rand(): number;
  /** Achieved requests per second, for the throttle to learn from a 429. */
  observedRate(): number;
  /** Resolves after `ms` or sooner when something changes (pause, cancel). */
  wait(ms: number): Promise<void>;
  stopped(): boolean;
  /**
   * The LMS asked to slow down (429/503): the job says so, and pauses when the wait asked is longer than
   * it waits by itself (answerPacing.ts `sayThrottled`). Such a read is not asked again: it returns.
   */
  throttled?(t: ThrottledAnswer): void;
  /** The LMS refused the credentials (401, or a 403 not about a rate limit) of a read that left at `sentAt`. */
  refused?(sentAt: number): void;
  /** The connection was refused before the read went (NetworkError.refused), in these words: the job pauses. */
  connectionRefused?(error: string): void;
}

export function createLookup(d: LookupDeps): (pathAndQuery: string) => Promise<LookupResult> {
  const once = async (pathAndQuery: string): Promise<LookupResult & { retryAfter: string | null }> => {
    for (;;) {
      const wait = d.throttle.waitTime(d.clock());
      if (wait === 0 || d.stopped()) break;
      await d.wait(wait);
    }
    const startedAt = d.clock();
    d.throttle.take(startedAt);
    const url = joinUrl(d.baseUrl, pathAndQuery);
    const get: BuiltRequest = {
      method: 'GET',
      pathAndQuery,
      headers: { Accept: 'application/json' },
      body: null,
    };
    const requestHeaders = redactedHeaders(get, d.identity);
    try {
      const res = await d.http({
        method: 'GET',
        url,
        headers: signedHeaders(get, d.identity, d.secret), // signed now, for this request only
        secrets: unsentSecrets(d.secret),
        body: null,
        timeoutMs: d.timeoutMs,
      });
      const retryAfter = res.headers['retry-after'] ?? null;
      return {
        url,
        requestHeaders,
        startedAt,
        durationMs: res.durationMs,
        status: res.status,
        body: res.body,
        error: null,
        retryAfter,
      };
    } catch (e) {
      const error = e instanceof NetworkError ? e.message : 'The lookup could not be sent.';
      return {
        url,
        requestHeaders,
        startedAt,
        durationMs: d.clock() - startedAt,
        status: null,
        body: '',
        error,
        retryAfter: null,
        ...(e instanceof NetworkError && e.refused ? { refused: true } : {}),
      };
    } finally {
      d.throttle.finished(d.clock());
    }
  };

  return async (pathAndQuery) => {
    for (let attempt = 1; ; attempt++) {
      const r = await once(pathAndQuery);
      if (r.refused) {
        d.connectionRefused?.(r.error ?? '');
        return r;
      }
      const verdict = classifyResponse(r.status, r.body, r.retryAfter, d.clock());
      if (isCredentialRefusal(r.status, verdict.kind)) d.refused?.(r.startedAt);
      const final = verdict.kind === 'success' || verdict.kind === 'fatal';
      if (final || attempt >= LOOKUP_ATTEMPTS || d.stopped()) return r;
      if (verdict.kind === 'throttled') {
        const at = d.clock();
        const held = waitedAlone(verdict.retryAfterMs);
        // Past the longest wait the job holds alone: the usual second, as for a row, and the job pauses. A
        // lowered pace is said with the ask, as a write's is: the admin sees why the reads slowed.
        const lowered = d.throttle.onThrottled(at, held, d.observedRate(), verdict.cause);
        d.throttled?.({
          at,
          status: r.status,
          askedMs: verdict.retryAfterMs,
          header: r.retryAfter,
          ...(lowered !== null ? { slowedTo: lowered } : {}),
        });
        if (held === null && verdict.retryAfterMs !== null) return r;
      } else await d.wait(backoffDelay(attempt, d.rand()));
    }
  };
}
