// What a connection's base URL may be. Every request of the connection carries its secret (the
// Coassemble key itself, or a Coursepath JWT signed with the academy's secret) in the Authorization
// header to this address, and the address is kept and shown in plain text (SQLite, Connections, History,
// exports). So: http(s) only; https unless the LMS is on this computer (the sandbox, a local stand-in),
// since over plain http the key crosses the network readable by anyone on the way; no user name or
// password in it (it would be stored and shown as it is); no ? or # part (request paths are added after
// the address, so they would land inside the query); nothing shaped like a key (pasted into the address
// field too: it would be stored and shown). (src-shared has no URL class: the parts by hand.)
import { redact } from '../util/redact';
import { isLoopbackHost } from './loopbackHost';

/**
 * Why this base URL cannot be saved, in words that name the field and never repeat the address (it may
 * hold a password); null when it can. `baseUrl` is the string as typed (trimmed or not).
 */
export function baseUrlProblem(baseUrl: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(.*)$/is.exec(baseUrl.trim());
  const example = 'such as https://academy123xxx.coursepath.com or https://api.coassemble.com';
  if (!m) return `base URL: must be an https:// address ${example}.`;
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!;
  if (scheme !== 'https' && scheme !== 'http')
    return `base URL: must be an https:// address ${example}; ${scheme}:// is not one.`;
  if (authority.includes('@'))
    return (
      'base URL: remove the user name and password (the "…@" before the host): the connection signs in with ' +
      'its secret, and an address is stored and shown as it is typed, so a password in it would not stay secret.'
    );
  const host = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.replace(/:\d*$/, '');
  if (host === '' || host === '[]') return `base URL: has no host; use an address ${example}.`;
  if (scheme === 'http' && !isLoopbackHost(host))
    return (
      `base URL: use https://, not http://: every request carries the connection's API key or signed token, and over ` +
      `http:// it would cross the network unencrypted. (http:// is accepted only for an LMS on this computer, such as localhost.)`
    );
  if (m[4] !== '')
    return 'base URL: remove the "?…" or "#…" part: request paths are added after the address, so they would end up inside it.';
  // The API's own path, as its docs print it (https://api.coassemble.com/api/v1/headless): every request
  // path starts with it already, so it would go twice and every call would be answered 404.
  const apiPath = /\/api(?:\/v1(?:\/headless)?)?\/*$/i.exec(m[3]!)?.[0].replace(/\/+$/, '');
  if (apiPath)
    return (
      `base URL: remove "${apiPath}" at its end: Bulk Desk adds the API's path to every request itself, so it would ` +
      `go twice (…${apiPath}${apiPath}/…) and every call would be answered 404. Give the host alone, ${example}.`
    );
  if (redact(baseUrl) !== baseUrl)
    return (
      'base URL: it holds what looks like a key or token (COASSEMBLE:…, a JWT, a long hexadecimal string): an address ' +
      "is stored and shown as it is typed, so a key in it would not stay secret. Give the LMS's address alone, and " +
      'the key as the secret.'
    );
  return null;
}

/**
 * Why nothing may be sent with a saved connection, or null when it may: an address saved before addresses
 * were checked (a password in it, plain http:// to another machine, a ?/# part) is refused at every send
 * as it is at saving. Names the connection and the fix; never the address (it may hold a password).
 */
export function unsendableAddress(c: { id: string; name: string; baseUrl: string }): string | null {
  const problem = baseUrlProblem(c.baseUrl);
  if (!problem) return null;
  return (
    `The connection "${c.name}" has an address that needs fixing (it was saved by an earlier version, before ` +
    `addresses were checked): ${problem} Nothing was sent. Fix it with ` +
    `\`bulk-desk connections edit ${c.id} --base-url URL\` or the app's Connections → Edit, then try again.`
  );
}
