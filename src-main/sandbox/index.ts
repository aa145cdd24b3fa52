// The built-in sandbox LMS: a faithful local Coassemble and Coursepath on one loopback origin.
// Coursepath under /api/v1/..., Coassemble under /api/v1/headless/... (alias /v1/headless/...).
import { resolveOptions } from './options';
import { SandboxServer } from './server';
import type { Sandbox, SandboxOptions } from './types';

export type { LedgerEntry, RateLimit, Sandbox, SandboxCredentials, SandboxLedger, SandboxOptions } from './types';
export { signCoursepathJwt } from './auth/coursepathJwt';
export { parseRateLimit } from './rateLimit';
export { parseFaults } from './faults';

export function startSandbox(opts?: SandboxOptions): Promise<Sandbox> {
  return new SandboxServer(resolveOptions(opts)).start();
}
