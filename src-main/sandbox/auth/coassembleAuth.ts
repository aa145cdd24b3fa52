// Coassemble header forms (reference coassemble §2):
//   COASSEMBLE:<workspaceId>:<64 lowercase hex>                    current, primary
//   COASSEMBLE-V1-SHA256 UserId=<id>, UserToken=<token>            legacy, switchable (comma optional)
//   Bearer …                                                       rejected: 401 "Invalid Authorization header"
import { timingSafeEqual } from 'node:crypto';

export interface CoassembleSecrets {
  workspaceId: string;
  apiKey: string;
  userId: string;
  userToken: string;
}

export type CoassembleAuthResult = { ok: true; scheme: 'workspace-key' | 'legacy' } | { ok: false; message: string };

const WORKSPACE_KEY = /^COASSEMBLE:(\d+):([a-f0-9]{64})$/;
const LEGACY = /^COASSEMBLE-V1-SHA256\s+UserId=([^,\s]+),?\s+UserToken=(\S+)$/;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyCoassembleAuth(
  authorization: string | undefined,
  secrets: CoassembleSecrets,
  legacyAllowed: boolean,
): CoassembleAuthResult {
  const value = authorization?.trim();
  if (!value) return { ok: false, message: 'Invalid Authorization header' };
  const key = WORKSPACE_KEY.exec(value);
  if (key) {
    return key[1] === secrets.workspaceId && same(key[2] ?? '', secrets.apiKey)
      ? { ok: true, scheme: 'workspace-key' }
      : { ok: false, message: 'Invalid API key' };
  }
  const legacy = legacyAllowed ? LEGACY.exec(value) : null;
  if (legacy) {
    return legacy[1] === secrets.userId && same(legacy[2] ?? '', secrets.userToken)
      ? { ok: true, scheme: 'legacy' }
      : { ok: false, message: 'Invalid User ID + API key pair' };
  }
  return { ok: false, message: 'Invalid Authorization header' };
}
