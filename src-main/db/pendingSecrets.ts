// The keychain entries about to be written, or written, before the row naming them is committed, and the
// ones a commit left to remove (migrations 0029, 0031 say why). Keys only: no secret ever passes through here.
import { realpathSync } from 'node:fs';
import { secretKeyOf } from '../../src-shared/connections/secretKey';
import type { Db } from './openDb';

/**
 * The database file as it is opened, links resolved: recorded with each pending entry, so that only the
 * database that recorded it removes it (services/pendingSecrets.ts says why). In memory: its name.
 */
export function databasePath(db: Db): string {
  try {
    return realpathSync(db.name);
  } catch {
    return db.name;
  }
}

/**
 * Records, committed at once unless inside a transaction, that the keychain entry `secretKey` of
 * `connectionId` is about to be written (or is to be removed: an entry no row names any more).
 */
export function recordPendingSecret(db: Db, secretKey: string, connectionId: string, at: number): void {
  db.prepare(
    'INSERT OR REPLACE INTO pending_secrets (secret_key, connection_id, db_path, created_at) VALUES (?, ?, ?, ?)',
  ).run(secretKey, connectionId, databasePath(db), at);
}

/** Forgets it: a row names it now (call inside its transaction), or the keychain holds nothing for it. */
export function clearPendingSecret(db: Db, secretKey: string): void {
  db.prepare('DELETE FROM pending_secrets WHERE secret_key = ?').run(secretKey);
}

export interface PendingSecret {
  secretKey: string;
  connectionId: string;
  /** The database file that recorded it; null when recorded before files were (migration 0031). */
  dbPath: string | null;
  /** Whether the connection's row names this entry now (secretKeyOf): in use, not to be removed. */
  named: boolean;
}

/** The entries recorded and not forgotten, oldest first. */
export function pendingSecrets(db: Db): PendingSecret[] {
  const rows = db
    .prepare(
      `SELECT p.secret_key AS secretKey, p.connection_id AS connectionId, p.db_path AS dbPath,
              c.id AS rowId, c.secret_version AS version
         FROM pending_secrets p LEFT JOIN connections c ON c.id = p.connection_id
        ORDER BY p.created_at, p.secret_key`,
    )
    .all() as {
    secretKey: string;
    connectionId: string;
    dbPath: string | null;
    rowId: string | null;
    version: string | null;
  }[];
  return rows.map((r) => ({
    secretKey: r.secretKey,
    connectionId: r.connectionId,
    dbPath: r.dbPath,
    named: r.rowId !== null && secretKeyOf(r.rowId, r.version) === r.secretKey,
  }));
}
