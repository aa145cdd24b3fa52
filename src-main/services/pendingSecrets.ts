// On opening a database as its writer: the keychain entries a killed process left behind between a
// keychain write and its row's commit (services/secretChange.ts) are removed, and an edit's secret
// committed but not yet moved into its connection's entry is moved. Only entries this database recorded as
// pending (db/pendingSecrets.ts), never "every entry no connection here names": several data folders (a
// copy, a test folder, another profile) share the keychain's service, and each one's connections' secrets
// are entries the others do not name.
// And only those recorded by this database file, where it is now. A data folder copied mid-save (a backup
// tool, a file manager, a sync client) carries the pending record of a save the original then committed:
// opening the copy removed the entry the original's connection went on to use. The two hold the same
// bytes, so nothing inside the files can tell them apart; an instance id kept beside them is copied with
// them, and one kept elsewhere would be keyed by the path anyway. So the record keeps the database file's
// path (links resolved) as it was when recorded, and an open at another path only forgets the record:
// the entry is the original's to settle. The cost falls on the safe side: a folder moved after a crash
// leaves one unused entry in the keychain, which never loses a secret a connection uses.
// Paths are compared as the file system compares names: on Windows and macOS, without case (src-shared/util/samePath.ts).
import { clearPendingSecret, databasePath, pendingSecrets } from '../db/pendingSecrets';
import { connectionsWithSecretVersion } from '../db/connections';
import type { Db } from '../db/openDb';
import { samePath } from '../../src-shared/util/samePath';
import type { CredentialStore } from './credentials';
import { moveSecretHome } from './secretChange';
import { removeIfMine } from './secretOwnership';

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Removes the keychain entry of every entry this database file recorded as pending and no connection's
 * row names, and forgets it; one a row names, another file recorded, or another database wrote
 * (secretOwnership.ts), is only forgotten. A keychain that
 * cannot remove it (locked, not running) keeps the record for the next open, and the log says so; the open
 * goes on. Then moves every committed edit's secret into its connection's entry, where this database may
 * (secretChange.ts). `keychain` is by entry
 * key. The number of entries removed.
 */
export function removeOrphanedSecrets(
  db: Db,
  keychain: CredentialStore,
  log: (line: string) => void,
  now: number = Date.now(),
  platform: NodeJS.Platform = process.platform,
): number {
  const here = databasePath(db);
  let removed = 0;
  for (const { secretKey, connectionId, dbPath, named } of pendingSecrets(db)) {
    if (dbPath === null || !samePath(dbPath, here, platform)) {
      log(
        `A save of connection ${connectionId} was cut short in the database at ${dbPath ?? 'an unknown place'} (this data folder was copied or moved since): its keychain entry is left to that database.`,
      );
    } else if (!named) {
      let kept;
      try {
        // An entry another database wrote (the original of this copy) is only forgotten: its to remove.
        kept = removeIfMine(keychain, secretKey, here, platform);
      } catch (e) {
        log(
          `The secret of a connection whose save was cut short (id ${connectionId}) is still in the OS keychain: ` +
            `${why(e)} It is removed the next time Bulk Desk opens this data folder.`,
        );
        continue;
      }
      if (kept) {
        log(
          `Left in the OS keychain the entry of account "${kept.account}" (connection ${connectionId}), no longer used here: it was written by ${kept.writtenBy === null ? 'an earlier version of Bulk Desk' : `the database at ${kept.writtenBy}`}, which may still use it.`,
        );
      } else {
        removed++;
        log(
          `Removed from the OS keychain a secret of connection ${connectionId} whose save was cut short; the connection uses the one it was saved with.`,
        );
      }
    }
    try {
      clearPendingSecret(db, secretKey);
    } catch (e) {
      // A database that cannot be written now (a full disk): the record stays, and the next open finds it again.
      log(`Could not forget the pending secret of ${connectionId}: ${why(e)}`);
    }
  }
  for (const { id } of connectionsWithSecretVersion(db)) {
    try {
      moveSecretHome(db, keychain, id, now, platform);
    } catch (e) {
      log(
        `The secret of connection ${id} stays in the keychain entry of its last edit, and is used from there: ${why(e)}`,
      );
    }
  }
  return removed;
}
