// Authorization at send time, per attempt. A Coursepath JWT is single-use (jti) and short-lived (iat),
// so it is minted fresh for every request, retries included, and never stored.
import { createHmac, randomBytes } from 'node:crypto';
import type { ConnectionIdentity } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { NAMED_SECRET_POSITION, type SentSecret } from '../../src-shared/util/redact';
import type { ConnectionSecret } from './credentials';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
/** The JWT header is the same for every token: encoded once. */
const JWT_HEADER = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));

/** HS256 JWT with the claims Coursepath requires: email (acting user), iat (seconds), jti (unique). */
export function signCoursepathJwt(email: string, secret: string, nowMs: number = Date.now()): string {
  const header = JWT_HEADER;
  const claims = b64url(
    JSON.stringify({ jti: randomBytes(16).toString('hex'), iat: Math.floor(nowMs / 1000), email }),
  );
  const sig = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${sig}`;
}

/**
 * The secrets of `secret` that its Authorization header does not carry, for the answer's masking
 * (HttpRequest.secrets): Coursepath's signing secret, which the LMS knows and may quote back in an error.
 */
export function unsentSecrets(secret: ConnectionSecret): SentSecret[] {
  return secret.api === 'coursepath' ? [{ value: secret.apiKey, after: NAMED_SECRET_POSITION }] : [];
}

/** The Authorization header value for one request. */
export function authorizationFor(identity: ConnectionIdentity, secret: ConnectionSecret, nowMs?: number): string {
  if (identity.api === 'coursepath' && secret.api === 'coursepath') {
    return `Bearer ${signCoursepathJwt(identity.email, secret.apiKey, nowMs)}`;
  }
  if (secret.api === 'coassemble' && secret.scheme === 'workspace') {
    return `COASSEMBLE:${secret.workspaceId}:${secret.apiKey}`;
  }
  if (secret.api === 'coassemble' && secret.scheme === 'legacy') {
    return `COASSEMBLE-V1-SHA256 UserId=${secret.userId}, UserToken=${secret.userToken}`;
  }
  throw new AppError('CREDENTIALS', 'The stored secret does not match this connection type; enter it again.');
}
