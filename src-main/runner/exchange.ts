// One HTTP exchange of a job's request, signed now for this attempt only, as the runner records it: the
// answer, or the network failure in words with whether the request may have reached the LMS (which
// decides whether the row is in doubt: ../../src-shared/runner/answerDecision.ts).
import { TLS_FAILURE_CODES } from '../../src-shared/connections/tlsFailure';
import type { ConnectionIdentity } from '../../src-shared/contract/api';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { cutOffAnswer } from '../../src-shared/runner/cutOffAnswer';
import type { ConnectionSecret } from '../services/credentials';
import { NetworkError, type HttpRequest, type HttpResponse } from '../services/http';
import { signedHeaders } from '../services/requestFactory';
import { unsentSecrets } from '../services/signing';
import { redirectTarget } from '../services/redirectTarget';

export interface Exchange {
  status: number | null;
  body: string;
  retryAfter: string | null;
  /** Where a redirect (3xx) points: never followed, but the row's error says where. */
  location?: string | null;
  error: string | null;
  durationMs: number;
  /** False only when the failure proves the request never left (nothing was connected). */
  maybeArrived: boolean;
  /**
   * The status of an answer cut off mid-body (null: none came, or the answer came whole): the LMS got the
   * request and answered, so it is kept with the attempt although `status` is null (no answer to act on).
   */
  cutOffStatus?: number | null;
  /**
   * The connection was refused before the request went, as every retry would be (a certificate refused, a
   * proxy refusing the tunnel: NetworkError.refused): the row fails at once and the job pauses.
   */
  refused?: boolean;
}

/** The only response headers the runner reads (test sends keep them all). */
const RESPONSE_HEADERS = ['retry-after', 'location'] as const;

/**
 * Network errors that prove nothing was connected, so the request cannot have reached the server; and
 * sendHttp's "Could not send…", said before a connection is tried (an address or a proxy that is no URL); and
 * a certificate refused in the TLS handshake, before a byte of the request went (tlsFailure.ts).
 */
const NOT_CONNECTED = new RegExp(
  `ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|^Could not send\\b|\\b(${TLS_FAILURE_CODES.join('|')})\\b`,
);

/** A network failure after which the request cannot have reached the server (nothing was connected). */
const neverArrived = (e: NetworkError) => !e.timedOut && NOT_CONNECTED.test(e.message);

/**
 * An attempt kept without an answer, by its stored error: whether it may have reached the LMS (a timeout,
 * a reset, an answer cut off after its status, or no error at all: the app stopped with it in flight).
 */
export const mayHaveArrived = (storedError: string | null) =>
  cutOffAnswer(storedError) !== null || !NOT_CONNECTED.test(storedError ?? '');

export async function exchange(
  via: {
    http(req: HttpRequest): Promise<HttpResponse>;
    clock(): number;
    identity: ConnectionIdentity;
    secret: ConnectionSecret;
    timeoutMs: number;
  },
  built: BuiltRequest,
  url: string,
  startedAt: number,
): Promise<Exchange> {
  try {
    const res = await via.http({
      method: built.method,
      url,
      headers: signedHeaders(built, via.identity, via.secret),
      secrets: unsentSecrets(via.secret),
      body: built.body,
      timeoutMs: via.timeoutMs,
      responseHeaders: RESPONSE_HEADERS,
    });
    return {
      status: res.status,
      body: res.body,
      retryAfter: res.headers['retry-after'] ?? null,
      location:
        res.status >= 300 && res.status < 400 && res.headers.location ? redirectTarget(res.headers.location, url) : null,
      error: null,
      durationMs: res.durationMs,
      maybeArrived: true,
    };
  } catch (e) {
    const net = e instanceof NetworkError ? e : null;
    return {
      status: null,
      body: '',
      retryAfter: null,
      error: net ? net.message : 'The request could not be sent.',
      durationMs: net ? net.durationMs : via.clock() - startedAt,
      maybeArrived: !(net && neverArrived(net)) || (net?.cutOffStatus ?? null) !== null,
      refused: net?.refused === true,
      cutOffStatus: net?.cutOffStatus ?? null,
    };
  }
}
