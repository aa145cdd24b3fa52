// "Test this connection": one harmless, signed read with the stored secret, signed exactly as the runner
// signs (signing.ts), so a green test means the job's requests will be accepted too. It says who the key
// acts as, and when refused, which secret failed and where the right one is found (refusal below).
//   Coursepath: GET /api/v1/members/me            — who the key signs in as
//   Coassemble: GET /api/v1/headless/courses?length=1&page=0  — the workspace answers with one course
// The result never carries the secret: messages come from our own words and the LMS's answer, and any
// trace of the key in that answer is masked.
import type {
  ConnectionIdentity,
  ConnectionLastTest,
  ConnectionTestResult,
} from '../../src-shared/contract/api';
import { htmlText, webPageInstead } from '../../src-shared/runner/classifyResponse';
import { isJsonObject } from '../../src-shared/util/json';
import { maskSentCredentials, redact } from '../../src-shared/util/redact';
import { redirectTarget } from './redirectTarget';
import type { ConnectionSecret } from './credentials';
import { NetworkError, type HttpRequest, type HttpResponse } from './http';
import { joinUrl } from './requestFactory';
import { authorizationFor, unsentSecrets } from './signing';

export const CONNECTION_TEST_TIMEOUT_MS = 15_000;

export interface TestableConnection {
  name: string;
  baseUrl: string;
  identity: ConnectionIdentity;
}

export function connectionTestPath(identity: ConnectionIdentity): string {
  return identity.api === 'coursepath' ? '/api/v1/members/me' : '/api/v1/headless/courses?length=1&page=0';
}

export async function testConnection(
  c: TestableConnection,
  secret: ConnectionSecret | null | undefined,
  send: (req: HttpRequest) => Promise<HttpResponse>,
): Promise<ConnectionTestResult> {
  return (await probeConnection(c, secret, send)).result;
}

/**
 * A test's result as the connection keeps it (its "last test" on Connections): the button's, and the
 * runner's check before resuming a job paused for refused credentials (src-main/runner/credentialsCheck.ts).
 */
export function keptTest(result: ConnectionTestResult, at: number): ConnectionLastTest {
  return {
    ok: result.ok,
    status: result.status,
    // The kept line (Connections screen, after a restart) says the warning too.
    message: result.warning ? `${result.message} ${result.warning}` : result.message,
    at,
  };
}

/**
 * The test, with the LMS's answer as it came (its body masked like the messages; null when nothing
 * answered): for the runner, which judges the answer as it judges a row's (src-main/runner/credentialsCheck.ts).
 */
export async function probeConnection(
  c: TestableConnection,
  secret: ConnectionSecret | null | undefined,
  send: (req: HttpRequest) => Promise<HttpResponse>,
): Promise<{ result: ConnectionTestResult; answer: { status: number; body: string } | null }> {
  const url = joinUrl(c.baseUrl, connectionTestPath(c.identity));
  if (!secret) {
    return {
      result: {
        ok: false,
        status: null,
        url,
        durationMs: 0,
        message: `No secret is stored for "${c.name}": it needs its API key or token before it can send. Edit it and enter the key.`,
      },
      answer: null,
    };
  }
  const authorization = authorizationFor(c.identity, secret);
  // What was sent, as every stored answer is masked of it (redact.ts): the Authorization header's
  // credential and the signing secret, as they are and encoded; a short one only as a whole word.
  const mask = (text: string) => redact(maskSentCredentials(text, authorization, unsentSecrets(secret)));
  let res: HttpResponse;
  try {
    res = await send({
      method: 'GET',
      url,
      headers: { Accept: 'application/json', Authorization: authorization },
      secrets: unsentSecrets(secret),
      body: null,
      timeoutMs: CONNECTION_TEST_TIMEOUT_MS,
    });
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    return {
      result: { ok: false, status: null, url, durationMs: e.durationMs, message: mask(e.message) },
      answer: null,
    };
  }
  const success = res.status >= 200 && res.status < 300;
  // A 200 from something other than the API (a sign-in page, a website, an error inside a 200) is no
  // proof the key works: "Connected" would send every row there, each "succeeding".
  const notApi = success ? notTheApi(c.identity, res) : null;
  const ok = success && notApi === null;
  const message = ok ? welcome(c.identity, res.body) : (notApi ?? refusal(c.identity, res, url));
  const warning = ok ? writeWarning(c.identity, res.body) : null;
  return {
    result: {
      ok,
      status: res.status,
      url,
      durationMs: res.durationMs,
      message: mask(message),
      ...(warning ? { warning: mask(warning) } : {}),
    },
    answer: { status: res.status, body: mask(res.body) },
  };
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

function field(v: unknown, key: string): string | null {
  if (typeof v !== 'object' || v === null) return null;
  const x = (v as Record<string, unknown>)[key];
  return typeof x === 'string' || typeof x === 'number' ? String(x) : null;
}

/**
 * Why a success status is not the API's answer to the test's read, or null when it is: a web page, or
 * not what the read returns — Coassemble's course list is a JSON array (or `{data: […]}`), Coursepath's
 * member a JSON object. Names what came and where to look.
 */
function notTheApi(identity: ConnectionIdentity, res: { status: number; body: string }): string | null {
  const page = webPageInstead(res.status, res.body);
  if (page) return page;
  const data = parse(res.body);
  const wrapped = (data as { data?: unknown } | null)?.data;
  const fits =
    identity.api === 'coursepath'
      ? isJsonObject(data) && data.error === undefined
      : Array.isArray(data) || Array.isArray(wrapped);
  if (fits) return null;
  const said = field(data, 'message') ?? field(data, 'error') ?? res.body.trim().slice(0, 200);
  const what = identity.api === 'coursepath' ? 'the member it signs in as' : 'a list of courses';
  const where =
    identity.api === 'coursepath'
      ? "your academy's own address (https://academy123xxx.coursepath.com)"
      : 'https://api.coassemble.com';
  return (
    `HTTP ${res.status}, but the answer is not ${what}, as the API answers this read: ` +
    `${said ? `it said “${said}”` : 'it was empty'}. Check the base URL (${where}) and any proxy in between.`
  );
}

function welcome(identity: ConnectionIdentity, body: string): string {
  const data = parse(body);
  if (identity.api === 'coursepath') {
    const email = field(data, 'email') ?? identity.email;
    const role = field(data, 'role');
    const name = field(data, 'name');
    return `Signed in as ${name && name !== email ? `${name} <${email}>` : email}${role ? ` (${role})` : ''}: calls are made on behalf of this member.`;
  }
  const wrapped = (data as { data?: unknown } | null)?.data;
  const list: unknown[] = Array.isArray(data) ? data : Array.isArray(wrapped) ? wrapped : [];
  const first = list[0];
  const title = field(first, 'title');
  const where = identity.scheme === 'workspace' ? `workspace ${identity.workspaceId}` : `user ${identity.userId}`;
  const retired =
    identity.scheme === 'legacy'
      ? ' This connection uses the retired User id + token scheme; create a workspace API key before it stops working.'
      : '';
  return (title ? `Connected to ${where}; its first course is “${title}”.` : `Connected to ${where}; it has no courses yet.`) + retired;
}

/**
 * Coursepath calls act with the rights of the JWT's member, and creating or changing members, enrolments
 * and groups needs an academy administrator (README, "Who the calls act as"): a learner's key passes this
 * read and then every write gets 403. Coursepath's docs name no member roles (evidence.md: the member
 * shape is unknown; the help centre names group managers and assistants, who are not administrators
 * either), so only "admin"/"administrator" counts, and a member whose role is not said is warned about too.
 */
function writeWarning(identity: ConnectionIdentity, body: string): string | null {
  if (identity.api !== 'coursepath') return null;
  const role = field(parse(body), 'role');
  if (role && /^admin(istrator)?$/i.test(role.trim())) return null;
  const needs =
    'writes (creating or changing members, enrolments, groups) need an academy administrator and would be refused (403). ' +
    "To send, make the acting user an administrator's email (edit the connection).";
  return role
    ? `This member's role is "${role}": reading works, but ${needs}`
    : `Coursepath did not say this member's role: reading works, but ${needs}`;
}

/**
 * Why the LMS refused, naming the secret that failed and where the right one is found: the commonest
 * mistake is the wrong secret (a Coursepath personal API key instead of the academy's JWT SSO secret —
 * Fellow Digitals' API page says they are not the same thing), and a bare 401 does not say so.
 */
export function refusal(
  identity: ConnectionIdentity,
  res: { status: number; body: string; headers?: Record<string, string> },
  /** Where the test went: a relative redirect is named against it. */
  requestUrl?: string,
): string {
  const data = parse(res.body);
  // A page (a gateway's or a proxy's "502 Bad Gateway") is said by its words, not its markup.
  const text = /^\s*</.test(res.body) ? htmlText(res.body) : res.body.trim();
  const said = field(data, 'message') ?? field(data, 'error') ?? (data === null ? text.slice(0, 200).trim() : null);
  const detail = said ? ` The LMS said: “${said}”.` : '';
  if (res.status === 401 || res.status === 403) {
    if (identity.api === 'coursepath') {
      return (
        `${res.status}: the academy did not accept the JWT: check you pasted the JWT SSO secret (Setup → JWT SSO), ` +
        `not a personal API key (Setup → API), that ${identity.email} is a member of this academy, and that this computer's clock is right.${detail}`
      );
    }
    if (identity.scheme === 'workspace') {
      return (
        `${res.status}: Coassemble did not accept the workspace API key: check the key (Developer → API keys; it is issued as ` +
        `COASSEMBLE:<workspace id>:<key>) and that workspace ${identity.workspaceId} is the number in it.${detail}`
      );
    }
    return (
      `${res.status}: Coassemble did not accept the User id + token (COASSEMBLE-V1-SHA256). That scheme is retired: ` +
      `keys issued today cannot use it. Create a workspace API key (Developer → API keys) and a new connection with it.${detail}`
    );
  }
  // A redirect is never followed (http.ts: the key would travel to wherever it points), so say where it
  // points and what to do: the commonest cause is an address typed with http:// or a vanity host.
  if (res.status >= 300 && res.status < 400) {
    const given = res.headers?.location?.trim();
    const location = given && requestUrl ? redirectTarget(given, requestUrl) : given;
    return location
      ? `The LMS answered HTTP ${res.status}: it sends requests on to ${location.slice(0, 300)}. Bulk Desk does not follow ` +
          "redirects, so the key goes only to the address you saved: if that is your LMS's API address, edit the " +
          "connection's base URL to it (and enter the secret again)."
      : `The LMS answered HTTP ${res.status} (a redirect, with no address to go to). Bulk Desk does not follow redirects; check the base URL.`;
  }
  if (res.status === 404) return `Nothing answers at this address (HTTP 404). Check the base URL.${detail}`;
  if (res.status === 429) return `The LMS is rate-limiting this key right now (HTTP 429); try again in a minute.${detail}`;
  return `The LMS answered HTTP ${res.status}.${detail}`;
}
