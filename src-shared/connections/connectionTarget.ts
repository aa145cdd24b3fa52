// Where a connection sends: its address and the LMS account it acts as (Coursepath acting user, Coassemble
// workspace). A job keeps the target it was made and confirmed for; a connection edited to point elsewhere
// since then is another LMS, which the job was never meant for. Never holds a secret.
import type { ConnectionIdentity } from '../contract/dto/connections';

export interface ConnectionTarget {
  baseUrl: string;
  identity: ConnectionIdentity;
}

/** Same LMS account: the same API and the same acting user / workspace / user id. */
function sameIdentity(a: ConnectionIdentity, b: ConnectionIdentity): boolean {
  if (a.api === 'coursepath' || b.api === 'coursepath') {
    return a.api === b.api && (a as { email: string }).email === (b as { email: string }).email;
  }
  if (a.scheme !== b.scheme) return false;
  return a.scheme === 'workspace'
    ? a.workspaceId === (b as { workspaceId: string }).workspaceId
    : a.userId === (b as { userId: string }).userId;
}

/** Same address (trailing slashes aside, as a saved connection stores it) and same account. */
export function sameTarget(a: ConnectionTarget, b: ConnectionTarget): boolean {
  return (
    a.baseUrl.replace(/\/+$/, '') === b.baseUrl.replace(/\/+$/, '') && sameIdentity(a.identity, b.identity)
  );
}

/** "admin@acme.com", "workspace 4242", "user 17": who the connection acts as. */
export function accountLabel(identity: ConnectionIdentity): string {
  if (identity.api === 'coursepath') return identity.email;
  return identity.scheme === 'workspace' ? `workspace ${identity.workspaceId}` : `user ${identity.userId}`;
}

/** "https://acme.coursepath.com (admin@acme.com)": the address and account, as a refusal names them. */
export const targetLabel = (t: ConnectionTarget): string => `${t.baseUrl} (${accountLabel(t.identity)})`;
