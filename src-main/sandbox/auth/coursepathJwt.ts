// Coursepath per-request JWT (reference coursepath §2a): `Authorization: Bearer <jwt>`, HS256 only,
// signed with the academy's secret; claims `email`, `iat`, `jti` all required; `iat` no older than the
// window ("a couple of minutes", 120 s by default) and not too far in the future (clock skew);
// every `jti` is single-use. All rejections are 401 (the status is [GAP]; 401 is the natural choice).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  email: string;
  iat: number;
  jti: string;
}

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; message: string; jti?: string; email?: string };

export interface JwtPolicy {
  secret: string;
  windowSeconds: number;
  futureSkewSeconds: number;
}

function b64urlJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Tracks used jtis for as long as their token could still be fresh. */
export class JtiRegistry {
  private readonly seen = new Map<string, number>(); // jti → forget after (epoch ms)
  private inserts = 0;

  /** true if the jti was new (and is now used up). */
  use(jti: string, forgetAfterMs: number, now: number): boolean {
    const until = this.seen.get(jti);
    if (until !== undefined && until > now) return false;
    this.seen.set(jti, forgetAfterMs);
    if (++this.inserts % 1024 === 0) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
  }

  clear(): void {
    this.seen.clear();
  }
}

export function verifyCoursepathJwt(
  authorization: string | undefined,
  policy: JwtPolicy,
  jtis: JtiRegistry,
  nowMs: number,
): JwtResult {
  if (!authorization) return { ok: false, message: 'Missing Authorization header' };
  const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!m || !m[1]) return { ok: false, message: 'Authorization must use the Bearer scheme' };
  const parts = m[1].split('.');
  if (parts.length !== 3) return { ok: false, message: 'Malformed JWT' };
  const [h64, p64, s64] = parts as [string, string, string];
  const header = b64urlJson(h64) as { alg?: unknown } | undefined;
  const payload = b64urlJson(p64) as Record<string, unknown> | undefined;
  if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') {
    return { ok: false, message: 'Malformed JWT' };
  }
  if (header.alg !== 'HS256') return { ok: false, message: 'Only HS256 tokens are accepted' };
  const expected = createHmac('sha256', policy.secret).update(`${h64}.${p64}`).digest();
  const given = Buffer.from(s64, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, message: 'Invalid JWT signature' };
  }
  const { email, iat, jti, exp } = payload;
  const jtiText = typeof jti === 'string' || typeof jti === 'number' ? String(jti) : undefined;
  const emailText = typeof email === 'string' ? email : undefined;
  const ids = { ...(jtiText !== undefined ? { jti: jtiText } : {}), ...(emailText ? { email: emailText } : {}) };
  if (!emailText) return { ok: false, message: 'JWT claim "email" is required', ...ids };
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return { ok: false, message: 'JWT claim "iat" is required', ...ids };
  if (jtiText === undefined || jtiText === '') return { ok: false, message: 'JWT claim "jti" is required', ...ids };
  const nowS = nowMs / 1000;
  if (nowS - iat > policy.windowSeconds) return { ok: false, message: 'JWT has expired (iat too old)', ...ids };
  if (iat - nowS > policy.futureSkewSeconds) return { ok: false, message: 'JWT iat is in the future', ...ids };
  if (typeof exp === 'number' && exp < nowS) return { ok: false, message: 'JWT has expired (exp)', ...ids };
  const forgetAfter = (iat + policy.windowSeconds + 1) * 1000;
  if (!jtis.use(jtiText, forgetAfter, nowMs)) return { ok: false, message: 'JWT jti has already been used', ...ids };
  return { ok: true, claims: { email: emailText, iat, jti: jtiText } };
}

/** Mint a token the way the docs' PHP sample does (for tests, benchmarks and demo scripts). */
export function signCoursepathJwt(secret: string, claims: Record<string, unknown>, alg = 'HS256'): string {
  const h = Buffer.from(JSON.stringify({ typ: 'JWT', alg })).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const s = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${s}`;
}
