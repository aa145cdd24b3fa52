// Corporate networks often reach an LMS only through an HTTP proxy, named the way curl, git and npm read
// it: HTTPS_PROXY for https:// addresses, HTTP_PROXY for http:// ones (either case), and NO_PROXY for
// hosts to reach directly. Loopback addresses are always direct: the built-in sandbox and `npm run serve`
// live there. The tunnelling itself (CONNECT for https, absolute URIs for http, proxy credentials from
// the proxy URL) is https-proxy-agent / http-proxy-agent's, the well-kept agents npm itself builds on.
import type { Agent } from 'node:http';
import type * as HttpProxy from 'http-proxy-agent';
import type * as HttpsProxy from 'https-proxy-agent';
import { isLoopbackHost } from '../../src-shared/connections/loopbackHost';
import { escapeRegExp, NAMED_SECRET_POSITION, type SentSecret } from '../../src-shared/util/redact';
import { lazyRequire } from './lazyRequire';

export interface ProxyEnv {
  httpsProxy?: string;
  httpProxy?: string;
  noProxy?: string;
}

/** The proxy settings in an environment (upper case wins, as curl reads them). */
export function proxyEnv(env: NodeJS.ProcessEnv = process.env): ProxyEnv {
  const pick = (name: string) => env[name.toUpperCase()] || env[name.toLowerCase()] || undefined;
  return { httpsProxy: pick('https_proxy'), httpProxy: pick('http_proxy'), noProxy: pick('no_proxy') };
}

/** Whether NO_PROXY names the host: `*`, a host or domain (`example.com` also covers `a.example.com`), optionally `:port`. */
function bypassed(host: string, port: string, noProxy: string | undefined): boolean {
  for (const raw of (noProxy ?? '').split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    const name = m[1]!.replace(/^\*?\./, '');
    if (m[2] && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * A proxy named without a scheme (`proxy.corp:3128`, `user:pw@proxy:3128`) as curl, git and npm read it:
 * http://. Read as a URL as it is, its host would be the scheme ("proxy.corp:") and the request would go
 * nowhere.
 */
function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** The proxy to use for `target`, or null to connect directly. */
export function proxyFor(target: URL, env: ProxyEnv): string | null {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host)) return null;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (bypassed(host, port, env.noProxy)) return null;
  const proxy = target.protocol === 'https:' ? env.httpsProxy : env.httpProxy;
  return proxy ? withScheme(proxy.trim()) : null;
}

/** The proxy's address as it may be shown: never its user name or password. */
export function proxyLabel(proxy: string): string {
  try {
    return new URL(proxy).host;
  } catch {
    return 'the configured proxy';
  }
}

/**
 * What the proxy's own answer must never show back (a refusal page or a debug proxy that quotes the
 * request's Proxy-Authorization, or the user name and password it decoded from it): the header's Basic
 * token, `user:password` as the agents send it, and the password alone (maskSentCredentials says where a
 * short one counts: a one-letter password is masked where it is quoted as the password, and the answer's
 * every other letter kept). None when the proxy URL has neither a user name nor a password.
 */
export function proxyCredentials(proxy: string): SentSecret[] {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    return [];
  }
  if (!url.username && !url.password) return [];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const user = decode(url.username);
  const password = decode(url.password);
  const pair = `${user}:${password}`;
  // The password where it is quoted as one, or after the user name as the agents send it.
  const after = user ? `(?:${NAMED_SECRET_POSITION}|(?<![A-Za-z0-9])${escapeRegExp(user)}:)` : NAMED_SECRET_POSITION;
  return [
    { value: Buffer.from(pair).toString('base64'), after: String.raw`\bBasic\s+` },
    ...(user ? [{ value: pair, anyLength: true }] : []),
    ...(password ? [{ value: password, after }] : []),
    ...(url.password !== password && url.password ? [{ value: url.password, after }] : []),
  ];
}

const agents = new Map<string, Agent>();

// The agents' packages (with their `debug`) are loaded when a proxy is first used (./lazyRequire.ts).
const httpsProxy = lazyRequire<typeof HttpsProxy>('https-proxy-agent');
const httpProxy = lazyRequire<typeof HttpProxy>('http-proxy-agent');

/** A keep-alive agent that sends `protocol` requests through `proxy`, one per pair, reused. */
export function proxyAgent(protocol: 'http:' | 'https:', proxy: string): Agent {
  const key = `${protocol} ${proxy}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, timeout: 30_000 };
    agent =
      protocol === 'https:'
        ? new (httpsProxy().HttpsProxyAgent)(proxy, options)
        : new (httpProxy().HttpProxyAgent)(proxy, options);
    agents.set(key, agent);
  }
  return agent;
}
