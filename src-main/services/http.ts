// One HTTP exchange with a timeout, over Node's own http/https modules and one keep-alive agent per
// protocol. Why not the global fetch (undici), which this used before: for the runner's small
// form/JSON requests, fetch's WHATWG layers (Headers, streams, AbortSignal plumbing) cost twice the CPU
// of http.request — measured side by side in bench/compare (a bare loop sent ~2,100 vs ~4,200 rows/s at
// 10k rows on the bench machine), and on a 2-core laptop the sender's CPU is the bulk job's limit.
// http.request never follows redirects (so our Authorization header never travels to another host),
// pools sockets through the agent, and adds no dependency. Behind a corporate proxy (HTTPS_PROXY,
// HTTP_PROXY, NO_PROXY) requests go through it: see proxy.ts.
import type * as Http from 'node:http';
import { tlsFailureWords } from '../../src-shared/connections/tlsFailure';
import { apiErrorMessage } from '../../src-shared/runner/classifyResponse';
import { cutOffError } from '../../src-shared/runner/cutOffAnswer';
import { maskSentCredentials, type SentSecret } from '../../src-shared/util/redact';
import { http, https } from './nodeHttp';
import { proxyAgent, proxyCredentials, proxyEnv, proxyFor, proxyLabel, type ProxyEnv } from './proxy';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  /** Keep only these response headers (lower-case names); all of them when absent. */
  responseHeaders?: readonly string[];
  /**
   * The connection's secrets no header carries (Coursepath's signing secret: the request holds only a JWT
   * signed with it), which an LMS that knows them may still quote back: masked in the answer and in the
   * errors as the Authorization's credentials are (signing.ts unsentSecrets). Never sent, stored or shown.
   */
  secrets?: readonly SentSecret[];
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

/** A network failure (refused, reset, DNS, timeout): no whole HTTP answer came back. */
export class NetworkError extends Error {
  constructor(
    message: string,
    public readonly durationMs: number,
    public readonly timedOut: boolean,
    /**
     * The connection was refused before a byte of the request went, for a reason a retry meets again: a
     * certificate this computer does not trust (tlsFailure.ts), or the proxy refusing the CONNECT tunnel
     * (a 4xx: policy, or its own credentials). Nothing reached the LMS, and every request there fails alike.
     */
    public readonly refused = false,
    /**
     * The status the LMS answered with before the answer was cut off mid-body (cutOffAnswer.ts): it got the
     * request and answered. Null when no status came.
     */
    public readonly cutOffStatus: number | null = null,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

// Keep-alive pools shared by every job, lookup and sync in the process. The runner bounds concurrency
// itself, so the agents do not cap sockets; idle sockets are closed after 30 s (the LMS may close sooner:
// Node honours the server's Keep-Alive timeout hint).
// Made at the first request of each protocol (node:https is loaded only then: see nodeHttp.ts).
const AGENTS: Partial<Record<'http:' | 'https:', Http.Agent>> = {};
const AGENT_OPTIONS = { keepAlive: true, timeout: 30_000 } as const;

/** The direct (no proxy) pool for `protocol`; undefined for anything but http: and https:. */
function directAgent(protocol: string): Http.Agent | undefined {
  if (protocol === 'http:') return (AGENTS['http:'] ??= new (http().Agent)(AGENT_OPTIONS));
  if (protocol === 'https:') return (AGENTS['https:'] ??= new (https().Agent)(AGENT_OPTIONS));
  return undefined;
}

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY, read from the environment on the first request. */
let proxySettings: ProxyEnv | null = null;

/** Replaces the proxy settings read from the environment (tests; a settings screen later). */
export function setProxySettings(settings: ProxyEnv): void {
  proxySettings = settings;
}

/** Node gives repeated headers (set-cookie) as arrays; the contract keeps one string per name. */
function flatten(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function responseHeaders(
  raw: Http.IncomingHttpHeaders,
  names: readonly string[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names ?? Object.keys(raw)) {
    const v = flatten(raw[name]);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<HttpResponse>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new NetworkError(`Could not send: "${req.url}" is not a valid URL`, 0, false));
      return;
    }
    const direct = directAgent(url.protocol);
    if (!direct) {
      reject(new NetworkError(`Could not send: ${url.protocol} is not http or https`, 0, false));
      return;
    }
    const proxy = proxyFor(url, (proxySettings ??= proxyEnv()));
    let agent: Http.Agent = direct;
    try {
      if (proxy) agent = proxyAgent(url.protocol as 'http:' | 'https:', proxy);
    } catch {
      // Its value may hold the proxy's password: the variable is named, never the address.
      const variable = url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
      reject(
        new NetworkError(
          `Could not send to ${url.host}: the proxy address in ${variable} is not a valid URL; fix it where Bulk Desk is started.`,
          0,
          false,
        ),
      );
      return;
    }
    const via = proxy ? ` through the proxy ${proxyLabel(proxy)}` : '';
    let timedOut = false;
    const deadline = `no answer within ${req.timeoutMs / 1000} s`;
    // The URL is safe to show (no secrets in our URLs); the headers and the proxy's credentials are not,
    // and never appear here.
    const fail = (detail: string, refused = false) =>
      reject(new NetworkError(`Could not reach ${url.host}${via}: ${detail}`, elapsed(), timedOut, refused));
    const headers: Record<string, string> = { ...req.headers };
    const authorization = Object.entries(req.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
    // The proxy's credentials travel in its Proxy-Authorization header, and a proxy may quote them back
    // (its refusal page, a debug proxy): what it says is masked as an LMS's echo of our key is.
    const proxySecrets = proxy ? proxyCredentials(proxy) : [];
    // An answer that echoes our Authorization header (a debug page, a gateway) must not carry the key
    // into what is stored, shown and exported: every caller gets it masked, here, once.
    const alsoMasked = [...proxySecrets, ...(req.secrets ?? [])];
    const mask = (text: string) => maskSentCredentials(text, authorization, alsoMasked);
    if (req.body !== null) headers['content-length'] = String(Buffer.byteLength(req.body));
    let out: Http.ClientRequest;
    try {
      out = (url.protocol === 'https:' ? https() : http()).request(
        url,
        { method: req.method, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          // The status came: a failure now cuts the answer off after it (the LMS got the request and
          // answered), which the row's error says with the status, not as no answer.
          const cut = (how: string) =>
            reject(
              new NetworkError(
                cutOffError(`${url.host}${via}`, res.statusCode ?? 0, how),
                elapsed(),
                timedOut,
                false,
                res.statusCode ?? null,
              ),
            );
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e: NodeJS.ErrnoException) => cut(timedOut ? deadline : (e.code ?? e.message)));
          res.on('close', () => {
            clearTimeout(timer);
            if (!res.complete)
              cut(timedOut ? deadline : 'the connection closed before the whole answer came');
          });
          res.on('end', () => {
            clearTimeout(timer);
            if (tunnelRefused !== null) {
              // The proxy's own answer to CONNECT, handed back as if it were the LMS's (https-proxy-agent
              // replays it; the request itself went nowhere): a 403 read as the LMS refusing the key.
              const said = apiErrorMessage(tunnelRefused, mask(Buffer.concat(chunks).toString('utf8')));
              reject(
                new NetworkError(
                  `Could not send to ${url.host}: the proxy ${proxyLabel(proxy!)} (HTTPS_PROXY) refused to connect to it ` +
                    `(${said.replace(/\.$/, '')}); nothing reached the LMS. Ask whoever runs the proxy to allow ${url.hostname}, ` +
                    'or name it in NO_PROXY if it is reached directly.',
                  elapsed(),
                  false,
                  // A 5xx is the proxy failing to reach the LMS (may pass); a 4xx is its decision.
                  tunnelRefused < 500,
                ),
              );
              return;
            }
            const kept = responseHeaders(res.headers, req.responseHeaders);
            for (const name of Object.keys(kept)) kept[name] = mask(kept[name]!);
            resolve({
              status: res.statusCode ?? 0,
              headers: kept,
              // Decoded once at the end, so a multi-byte character split across chunks stays whole.
              body: mask(Buffer.concat(chunks).toString('utf8')),
              durationMs: elapsed(),
            });
          });
        },
      );
    } catch (e) {
      // Node checks header names and values before sending (e.g. a newline in a value); its message names
      // the header, never its value.
      fail((e as NodeJS.ErrnoException).code ?? (e as Error).message);
      return;
    }
    // An https:// request through a proxy starts with CONNECT (https-proxy-agent): anything but 200 is the
    // proxy refusing the tunnel, and the request never left.
    let tunnelRefused: number | null = null;
    if (proxy && url.protocol === 'https:')
      out.on('proxyConnect', (connect: { statusCode?: unknown }) => {
        if (typeof connect.statusCode === 'number' && connect.statusCode !== 200) tunnelRefused = connect.statusCode;
      });
    // A whole-exchange deadline (connect + send + the full answer), as AbortSignal.timeout gave fetch.
    const timer = setTimeout(() => {
      timedOut = true;
      out.destroy(new Error(deadline));
    }, req.timeoutMs);
    out.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const tls = timedOut ? null : tlsFailureWords(e.code);
      fail(timedOut ? deadline : (tls ?? e.code ?? e.message), tls !== null);
    });
    out.end(req.body ?? undefined);
  });
}
