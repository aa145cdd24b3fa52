// Where a connection sends: its address and the LMS account it acts as (Coursepath acting user, Coassemble
// workspace). A job keeps the target it was made and confirmed for; a connection edited to point elsewhere
// since then is another LMS, which the job was never meant for. Never holds a secret.
import type { ConnectionIdentity } from '../contract/dto/connections';
import { shownBaseUrl } from '../util/redact';

export interface ConnectionTarget {
  baseUrl: string;
  identity: ConnectionIdentity;
}

/** A connection's target: its address and account and nothing else (a record may carry more). */
export const targetOf = (c: ConnectionTarget): ConnectionTarget => ({
  baseUrl: c.baseUrl,
  identity: c.identity,
});

/** The target as SQLite keeps it (jobs.target_json, test_calls.target_json). */
export const targetJson = (c: ConnectionTarget): string => JSON.stringify(targetOf(c));

/**
 * Same LMS account: the same API and the same acting user (an email, read without case, as the LMS
 * matches members), workspace or user id.
 */
function sameIdentity(a: ConnectionIdentity, b: ConnectionIdentity): boolean {
  if (a.api === 'coursepath' || b.api === 'coursepath') {
    const email = (i: ConnectionIdentity) => (i as { email: string }).email.trim().toLowerCase();
    return a.api === b.api && email(a) === email(b);
  }
  if (a.scheme !== b.scheme) return false;
  return a.scheme === 'workspace'
    ? a.workspaceId === (b as { workspaceId: string }).workspaceId
    : a.userId === (b as { userId: string }).userId;
}

/**
 * An address as the LMS reads it: scheme and host without case (and without a user name and password), a default port (80, 443) as none,
 * trailing slashes aside; the path keeps its case. http and https are one LMS: an address saved with
 * http:// before addresses were checked and fixed to https:// keeps its jobs, plans and "already sent"
 * (read as another LMS, the fix would send its file's rows again). (src-shared has no URL class: the parts by hand.)
 */
function address(baseUrl: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(baseUrl.trim());
  if (!m) return baseUrl.replace(/\/+$/, '');
  const given = m[1]!.toLowerCase();
  const defaultPort = given === 'https' ? ':443' : given === 'http' ? ':80' : null;
  const scheme = given === 'http' ? 'https' : given;
  // A user name and password before the host (saved before addresses were checked) do not change which
  // LMS answers: fixing such an address by removing them keeps its jobs, plans and secret. The host is
  // after the last @ (a password may hold one), as a URL parser and maskUrlUserinfo read it.
  let host = asciiHost(m[2]!.replace(/^.*@/, '').toLowerCase());
  if (defaultPort && host.endsWith(defaultPort)) host = host.slice(0, -defaultPort.length);
  return `${scheme}://${host}${m[3]!.replace(/\/+$/, '')}`;
}

/**
 * The host as DNS and TLS see it: an international name in punycode (`bücher` → `xn--bcher-kva`), an IPv6
 * address in its short form — how a URL parser reads it, so both spellings are one LMS. The port as given.
 */
function asciiHost(host: string): string {
  const port = /:\d+$/.exec(host)?.[0] ?? '';
  const name = host.slice(0, host.length - port.length);
  try {
    // src-shared is typed without a URL class (no DOM or Node types); both the service and the window
    // have WHATWG's, whose IDNA and IPv6 readings are the ones fetch sends with.
    const Url = (globalThis as unknown as { URL: new (href: string) => { hostname: string } }).URL;
    return new Url(`http://${name}`).hostname + port;
  } catch {
    return host; // not a host a URL can hold: compared as typed
  }
}

/** The scheme of an address, without case ("https"); "" when it has none. */
export function schemeOf(baseUrl: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(baseUrl.trim())?.[1]?.toLowerCase() ?? '';
}

/** Same address (as `address` reads it) and same account: one LMS account however it was typed. */
export function sameTarget(a: ConnectionTarget, b: ConnectionTarget): boolean {
  return address(a.baseUrl) === address(b.baseUrl) && sameIdentity(a.identity, b.identity);
}

/** "admin@acme.com", "workspace 4242", "user 17": who the connection acts as. */
export function accountLabel(identity: ConnectionIdentity): string {
  if (identity.api === 'coursepath') return identity.email;
  return identity.scheme === 'workspace' ? `workspace ${identity.workspaceId}` : `user ${identity.userId}`;
}

/**
 * "https://acme.coursepath.com (admin@acme.com)": the address and account, as a refusal names them. A user
 * name and password or a key in the address (saved before addresses were checked) is masked.
 */
export const targetLabel = (t: ConnectionTarget): string =>
  `${shownBaseUrl(t.baseUrl)} (${accountLabel(t.identity)})`;
