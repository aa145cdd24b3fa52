// What previews, logs and exports show instead of a secret. Secrets live in the OS keychain only; the
// Authorization header is built and signed by main at send time and never stored, so previews show a
// description of it rather than a value.
import type { ApiKind } from '../connectors/types';
import { base64OfText, textOfBase64 } from './base64';

/**
 * `scheme`: a Coassemble connection's (its identity's); one of the retired User id + token scheme is signed
 * so, and its stored requests say so rather than show the workspace key's header.
 */
export function redactedAuthorization(api: ApiKind, scheme?: 'workspace' | 'legacy'): string {
  switch (api) {
    case 'coursepath':
      return 'Bearer <JWT signed at send time>';
    case 'coassemble':
      return scheme === 'legacy'
        ? 'COASSEMBLE-V1-SHA256 UserId=<user id>, UserToken=•••• (from keychain)'
        : 'COASSEMBLE:<workspace>:•••• (from keychain)';
  }
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** A copy of the headers with every credential-bearing value replaced; safe to store and show. */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  api?: ApiKind,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    out[k] = !SECRET_HEADERS.has(lower)
      ? v
      : lower === 'authorization' && api
        ? redactedAuthorization(api)
        : '••••';
  }
  return out;
}

// Bearer tokens, JWTs, Coassemble workspace keys and long hex secrets, wherever they appear in text.
const PATTERNS: readonly RegExp[] = [
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /\b(COASSEMBLE:\d+:)[^\s"',;]+/g,
  /\b(COASSEMBLE-V1-SHA256\s+UserId=[^,\s]+,?\s*UserToken=)[^\s"',;]+/g,
  /\b[a-f0-9]{40,}\b/gi,
];

/** Masks anything that looks like a credential in free text (error messages, response bodies, logs). */
export function redact(text: string): string {
  let out = text;
  for (const p of PATTERNS)
    out = out.replace(p, (_m, prefix: unknown) => (typeof prefix === 'string' ? prefix : '') + '••••');
  return out;
}

/** From this length a secret is masked wherever it appears: random text so long is never anything else. */
const LONG_SECRET = 16;
/**
 * Below this length a secret ("Q9z", a proxy password "x") is no more than a word or a letter of the answer:
 * masked only where it stands as a credential (`SentSecret.after`), so that the answer's own ids and words
 * are kept as they came.
 */
const SHORT_SECRET = 4;

/** A credential a request carried, as the answer may quote it back. */
export interface SentSecret {
  value: string;
  /**
   * What stands before it where it is quoted as a credential (a regular expression's source, read without
   * regard to case): "UserToken=", "Basic ", "password: ". There it is masked whatever its length; a short
   * one nowhere else.
   */
  after?: string;
  /** Masked as a whole word whatever its length: its shape is no ordinary word's ("user:password"). */
  anyLength?: boolean;
}

/** Where a secret named by what it is stands: `password=x`, `"secret": "x"`, `pwd: 'x'`, `password x`. */
export const NAMED_SECRET_POSITION = String.raw`(?:\b(?:password|passwd|pwd|secret|key|token)["']?\s*[:=]\s*["']?|\bpassword\s+)`;

/**
 * The credentials an Authorization header value carries, as they could come back in an answer: the JWT
 * of "Bearer <jwt>", the key of "COASSEMBLE:<workspace>:<key>", the token of "… UserToken=<token>" (the
 * words and the workspace number around them are not secret, and are left alone) — whatever their
 * length: the retired scheme's tokens may be a few characters. Another scheme: its parts of 16 or more.
 */
function credentialsIn(authorization: string): SentSecret[] {
  const a = authorization.trim();
  const one = /^Bearer\s+(\S+)$/i.exec(a) ?? /^COASSEMBLE:\d+:(\S+)$/i.exec(a);
  if (one) return [{ value: one[1]! }];
  const legacy = /^COASSEMBLE-V1-SHA256\s+UserId=[^,\s]+,?\s*UserToken=(\S+)$/i.exec(a);
  if (legacy) return [{ value: legacy[1]!, after: 'UserToken=' }];
  return a
    .split(/[\s:,=]+/)
    .filter((part) => part.length >= LONG_SECRET)
    .map((value) => ({ value }));
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with `copy` of a secret (`length` long as sent) masked: anywhere when it is long; a shorter one
 * as a whole word (not inside a longer word or number: "abc123" in "xabc1234" is not it) from 4
 * characters or when its shape is no word's; and whatever its length where it follows `after`.
 */
function maskCopy(text: string, copy: string, length: number, s: SentSecret): string {
  if (length >= LONG_SECRET) return text.split(copy).join('••••');
  const c = escapeRegExp(copy);
  let out = text;
  if (length >= SHORT_SECRET || s.anyLength)
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${c}(?![A-Za-z0-9])`, 'g'), '••••');
  if (s.after) out = out.replace(new RegExp(`(?<=${s.after})${c}(?![A-Za-z0-9])`, 'gi'), '••••');
  return out;
}

/**
 * The exact forms an echo may carry `value` in: as it is, percent-encoded (encodeURIComponent: a query
 * string, a form, a redirect's address) and base64 (padded, unpadded, URL-safe: a header or token that
 * wraps it) — each also as JSON (and PHP's json_encode) escape it. Nothing looser: only these bytes.
 */
function copiesOf(value: string): Set<string> {
  const b64 = base64OfText(value) ?? value;
  const unpadded = b64.replace(/=+$/, '');
  const urlSafe = unpadded.replace(/\+/g, '-').replace(/\//g, '_');
  const copies = new Set<string>();
  for (const form of [value, encodeURIComponent(value), b64, unpadded, urlSafe, `${urlSafe}${b64.slice(unpadded.length)}`]) {
    const json = JSON.stringify(form).slice(1, -1);
    for (const copy of [form, json, json.replace(/\//g, '\\/')]) copies.add(copy);
  }
  return copies;
}

/**
 * `text` (an answer's body or a header value) with every copy of a credential the request carried masked
 * (`alsoSent`: others it carried, such as a proxy's user name and password, or that it was signed with,
 * such as Coursepath's signing secret):
 * an LMS, a gateway in front of it or a framework's debug page may echo the request's headers in its
 * answer, and answers are stored, shown and exported. Only the exact values sent are masked (as they
 * are, percent-encoded or base64-encoded, and as JSON or PHP's json_encode escape them; and a Basic token
 * whose password, decoded, is one of them), so an answer otherwise keeps every byte: captures, read-backs
 * and undo read it as it came.
 */
export function maskSentCredentials(
  text: string,
  authorization: string | undefined,
  alsoSent: readonly SentSecret[] = [],
): string {
  if (text === '') return text;
  const secrets = [...(authorization ? credentialsIn(authorization) : []), ...alsoSent].filter((s) => s.value !== '');
  // A Basic token of any user name with one of them as its password: decoded, compared exactly. First:
  // base64 of "user:" + a secret may hold the secret's own base64, which would leave the token half masked.
  const values = new Set(secrets.map((s) => s.value));
  let out = text.replace(/\b(Basic\s+)([A-Za-z0-9+/]+={0,2})(?![A-Za-z0-9+/=])/gi, (whole, prefix: string, token: string) => {
    const decoded = textOfBase64(token);
    if (decoded === null) return whole;
    const colon = decoded.indexOf(':');
    return values.has(decoded) || (colon >= 0 && values.has(decoded.slice(colon + 1))) ? `${prefix}••••` : whole;
  });
  for (const secret of secrets) {
    for (const copy of copiesOf(secret.value))
      if (out.includes(copy)) out = maskCopy(out, copy, secret.value.length, secret);
  }
  return out;
}

/**
 * `text` with the user name and password of every address in it masked: `https://admin:pw@host/x` →
 * `https://••••@host/x`. Connections saved before addresses were checked (connections/baseUrl.ts) may
 * hold one, and their address is shown in lists and messages.
 */
export function maskUrlUserinfo(text: string): string {
  // Greedy to the last @ before the path: a URL parser ends the user name and password there, so a
  // password with an @ in it (p@ss) is masked whole.
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi, '$1••••@');
}

/**
 * A connection's address as lists, refusals and audit records show it: no user name or password, and
 * nothing shaped like a key (connections/baseUrl.ts refuses both; a connection saved by an earlier version
 * may hold either). For base addresses only: a request's URL may carry a long hexadecimal id as data.
 */
export function shownBaseUrl(baseUrl: string): string {
  return redact(maskUrlUserinfo(baseUrl));
}
