// The new connections whose secret is about to go, or went, to the OS keychain before their row was
// committed (migration 0029 says why). Ids only: no secret ever passes through here.
import type { Db } from './openDb';

/** Records, committed at once, that a secret is about to be written to the keychain for `connectionId`. */
export function recordPendingSecret(db: Db, connectionId: string, at: number): void {
  db.prepare('INSERT OR REPLACE INTO pending_secrets (connection_id, created_at) VALUES (?, ?)').run(connectionId, at);
}

/** Forgets it: the row is committed (call inside its transaction), or the keychain holds nothing for it. */
export function clearPendingSecret(db: Db, connectionId: string): void {
  db.prepare('DELETE FROM pending_secrets WHERE connection_id = ?').run(connectionId);
}

/** The ids recorded and not forgotten, each with whether a connection row has it. */
export function pendingSecrets(db: Db): { connectionId: string; hasConnection: boolean }[] {
  return (
    db
      .prepare(
        `SELECT p.connection_id AS connectionId, EXISTS (SELECT 1 FROM connections c WHERE c.id = p.connection_id) AS has
           FROM pending_secrets p ORDER BY p.created_at, p.connection_id`,
      )
      .all() as { connectionId: string; has: number }[]
  ).map((r) => ({ connectionId: r.connectionId, hasConnection: r.has === 1 }));
}
