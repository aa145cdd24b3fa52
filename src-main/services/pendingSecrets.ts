// On opening a database as its writer: the secrets a killed process left in the OS keychain, between a new
// connection's keychain write and its row's commit (services/secretChange.ts), are removed. Only those
// this database recorded as pending (db/pendingSecrets.ts), never "every entry no connection here names":
// several data folders (a copy, a test folder, another profile) share the keychain's service, and each
// one's connections' secrets are entries the others do not name.
import { clearPendingSecret, pendingSecrets } from '../db/pendingSecrets';
import type { Db } from '../db/openDb';
import type { CredentialStore } from './credentials';

/**
 * Removes the keychain entry of every pending id no connection has, and forgets the id; one a connection
 * has is only forgotten. A keychain that cannot remove it (locked, not running) keeps the id for the next
 * open, and the log says so; the open goes on. The number of entries removed.
 */
export function removeOrphanedSecrets(db: Db, keychain: Pick<CredentialStore, 'delete'>, log: (line: string) => void): number {
  let removed = 0;
  for (const { connectionId, hasConnection } of pendingSecrets(db)) {
    if (!hasConnection) {
      try {
        keychain.delete(connectionId);
      } catch (e) {
        log(
          `The secret of a connection whose save was cut short (id ${connectionId}) is still in the OS keychain: ` +
            `${e instanceof Error ? e.message : String(e)} It is removed the next time Bulk Desk opens this data folder.`,
        );
        continue;
      }
      removed++;
      log(`Removed from the OS keychain the secret of a connection whose save was cut short (id ${connectionId}); the connection was never saved.`);
    }
    try {
      clearPendingSecret(db, connectionId);
    } catch (e) {
      // A database that cannot be written now (a full disk): the id stays, and the next open finds it again.
      log(`Could not forget the pending secret of ${connectionId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return removed;
}
