// One GET of a list page, through the same policy the runner uses: the connection's throttle (shared
// rolling window + adaptive pacer, ../runner/throttle.ts), classifyResponse for what an answer means,
// backoffDelay between retries, Retry-After on 429/503 without spending an attempt, and a fresh
// Authorization per attempt (a Coursepath JWT is single-use).
import { redirectTarget } from '../services/redirectTarget';
import { backoffDelay } from '../../src-shared/runner/backoff';
import { apiErrorMessage, classifyResponse } from '../../src-shared/runner/classifyResponse';
import type { ConnectionRecord } from '../db/connections';
import type { ConnectionSecret } from '../services/credentials';
import { NetworkError, type HttpRequest, type HttpResponse } from '../services/http';
import { joinUrl } from '../services/requestFactory';
import { authorizationFor, unsentSecrets } from '../services/signing';
import { refusal } from '../services/connectionTest';
import type { Throttle } from '../runner/throttle';
import { plural } from '../../src-shared/util/plural';
import { MAX_RETRY_AFTER_MS } from '../../src-shared/runner/longWait';

/** The sync cannot go on (too many failures in a row, a rejected credential, an unreadable answer). */
export class SyncFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncFailure';
  }
}

/** The sync was stopped (app closing); the run stays resumable. */
export class SyncAborted extends Error {
  constructor() {
    super('Sync stopped');
    this.name = 'SyncAborted';
  }
}

export type GetOutcome =
  | { kind: 'ok'; body: unknown }
  /** A 4xx that retrying will not change, e.g. 404 for a retired endpoint or 403 for a plan without it. */
  | { kind: 'fatal'; status: number; message: string };

export interface FetcherDeps {
  connection: ConnectionRecord;
  secret: ConnectionSecret;
  throttle: Throttle;
  send: (req: HttpRequest) => Promise<HttpResponse>;
  now: () => number;
  random: () => number;
  signal: AbortSignal;
  maxAttempts: number;
  timeoutMs: number;
  /** Called once per HTTP exchange; `retry` when it repeats an earlier one. */
  onExchange: (retry: boolean) => void;
  /**
   * Why the reading stops when the LMS asks to wait longer than Bulk Desk waits by itself (Retry-After past
   * MAX_RETRY_AFTER_MS): what stopped, and how it goes on — a sync's run, a plan's reads.
   */
  longWait(askedMs: number, header: string | null, at: number): string;
  /** The LMS asked to wait (Retry-After) long enough to say so: until `until` (ms). */
  onWait?: (until: number) => void;
}

/** A wait the LMS asks for that is worth a word (a rolling minute's few seconds are not). */
const SAY_WAIT_MS = 10_000;

/** Throttle waits at most this long per check, so a freed window slot or an abort is noticed soon. */
const MAX_WAIT_STEP_MS = 250;
/** 429s in a row before giving up: the server keeps refusing even after its own Retry-After. */
const MAX_THROTTLED = 30;

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new SyncAborted());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new SyncAborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class SyncFetcher {
  constructor(private readonly d: FetcherDeps) {}

  private async slot(): Promise<void> {
    for (;;) {
      if (this.d.signal.aborted) throw new SyncAborted();
      const wait = this.d.throttle.waitTime(this.d.now());
      if (wait === 0) {
        this.d.throttle.take(this.d.now());
        return;
      }
      await abortableSleep(Math.min(wait, MAX_WAIT_STEP_MS), this.d.signal);
    }
  }

  /** GET `pathAndQuery` as JSON. Retries what is worth retrying; returns a 4xx as data; throws SyncFailure otherwise. */
  async getJson(pathAndQuery: string): Promise<GetOutcome> {
    const url = joinUrl(this.d.connection.baseUrl, pathAndQuery);
    let failures = 0;
    let throttled = 0;
    let exchanges = 0;
    for (;;) {
      await this.slot();
      let status: number | null = null;
      let body = '';
      let retryAfter: string | null = null;
      let location: string | null = null;
      let error: string | null = null;
      try {
        const res = await this.d.send({
          method: 'GET',
          url,
          headers: {
            Accept: 'application/json',
            Authorization: authorizationFor(this.d.connection.identity, this.d.secret),
          },
          secrets: unsentSecrets(this.d.secret),
          body: null,
          timeoutMs: this.d.timeoutMs,
        });
        status = res.status;
        body = res.body;
        retryAfter = res.headers['retry-after'] ?? null;
        // Never followed (the key would go with it): the failure says where it points.
        if (res.status >= 300 && res.status < 400 && res.headers.location)
          location = redirectTarget(res.headers.location, url);
      } catch (e) {
        if (!(e instanceof NetworkError)) {
          this.d.throttle.finished(this.d.now());
          throw e;
        }
        error = e.message;
      }
      const at = this.d.now();
      this.d.throttle.finished(at);
      this.d.onExchange(exchanges++ > 0);
      let verdict = classifyResponse(status, body, retryAfter, at);
      let parsed: unknown;
      if (verdict.kind === 'success') {
        try {
          parsed = JSON.parse(body);
        } catch {
          // A cut-off answer (connection lost mid-body) reads as a failure worth another try.
          error = `HTTP ${status}: the answer was not complete JSON`;
          verdict = { kind: 'retry' };
        }
      }
      switch (verdict.kind) {
        case 'success':
          this.d.throttle.onSuccess(at);
          return { kind: 'ok', body: parsed };
        case 'fatal':
          return {
            kind: 'fatal',
            status: status ?? 0,
            // A refused key is said as the connection's Test says it: which secret, and where the right one is.
            message:
              status === 401
                ? refusal(this.d.connection.identity, { status, body })
                : apiErrorMessage(status ?? 0, body, location),
          };
        case 'throttled':
          // Beyond what Bulk Desk waits by itself (a daily quota, maintenance): stop, resumable, saying why.
          if (verdict.retryAfterMs !== null && verdict.retryAfterMs > MAX_RETRY_AFTER_MS)
            throw new SyncFailure(this.d.longWait(verdict.retryAfterMs, retryAfter, at));
          this.d.throttle.onThrottled(at, verdict.retryAfterMs, 0, verdict.cause);
          if (verdict.retryAfterMs !== null && verdict.retryAfterMs >= SAY_WAIT_MS) this.d.onWait?.(at + verdict.retryAfterMs);
          if (++throttled > MAX_THROTTLED) throw new SyncFailure(`${url}: still rate limited after ${MAX_THROTTLED} waits`);
          continue;
        case 'retry': {
          failures++;
          const why = error ?? apiErrorMessage(status ?? 0, body);
          if (failures >= this.d.maxAttempts) throw new SyncFailure(`${url}: ${why} (${plural(failures, 'attempt')})`);
          await abortableSleep(backoffDelay(failures, this.d.random()), this.d.signal);
          continue;
        }
      }
    }
  }
}
