// Which database wrote a keychain entry, and so may write over it or remove it. A data folder copied (a
// backup, a second profile, a test folder) holds the same connection ids and rows as the original, and so
// names the same entries: the keychain is not copied with the folder. Nothing inside the database files can
// say which one is the copy (they hold the same bytes, as pendingSecrets.ts says), but the keychain can:
// each entry keeps the database file whose save wrote it (`writtenBy`, set by secretChange.ts). Only that
// database writes over or removes it. An entry written before the writer was kept has none: any copy may
// name it, so none does either — the cost is an entry left in the keychain, said so, never a secret taken
// from (or changed under) a database that still uses it.
// Paths are compared as the file system compares names (src-shared/util/samePath.ts).
import type { SecretKept } from '../../src-shared/contract/dto/connections';
import { AppError } from '../../src-shared/contract/errors';
import { samePath } from '../../src-shared/util/samePath';
import type { CredentialStore } from './credentials';

/** Whether this database may write over or remove an entry, or who wrote it (null: not kept). */
export type Ownership = { mine: true } | { mine: false; writtenBy: string | null };

/**
 * Whether the database at `here` may write over or remove entry `key`: nothing is there, it wrote it, or it
 * holds what Bulk Desk did not write (no database can use that). Throws (CREDENTIALS) when the keychain
 * cannot be read. `keychain` is by entry key.
 */
export function ownership(
  keychain: CredentialStore,
  key: string,
  here: string,
  platform: string = process.platform,
): Ownership {
  const status = keychain.status(key);
  if (status.state === 'missing') return { mine: true };
  if (status.state === 'unavailable')
    throw new AppError('CREDENTIALS', `Could not remove a secret from the OS keychain. ${status.problem}`);
  let writtenBy: string | null;
  try {
    writtenBy = keychain.stored(key)?.writtenBy ?? null;
  } catch {
    return { mine: true }; // an entry Bulk Desk did not write: unusable by any database
  }
  return writtenBy !== null && samePath(writtenBy, here, platform)
    ? { mine: true }
    : { mine: false, writtenBy };
}

/** Entry `key`, left because another database (`writtenBy`) wrote it, as the admin is told of it. */
export function keptEntry(key: string, writtenBy: string | null): SecretKept {
  return { account: `connection:${key}`, writtenBy };
}

/**
 * Removes entry `key` when the database at `here` may (ownership); otherwise leaves it and says which it is
 * and who wrote it. Throws (CREDENTIALS) when the keychain cannot be read or written.
 */
export function removeIfMine(
  keychain: CredentialStore,
  key: string,
  here: string,
  platform: string = process.platform,
): SecretKept | null {
  const o = ownership(keychain, key, here, platform);
  if (!o.mine) return keptEntry(key, o.writtenBy);
  keychain.delete(key);
  return null;
}
