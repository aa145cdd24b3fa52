// Deleting a connection's secret: only the entries this database wrote. A data folder copied (a backup, a
// second profile, a test folder) holds the same connection ids as the original and so names the same
// keychain entries, "connection:<id>": the keychain is not copied with the folder. Removing them from the
// copy took the original's secret from under it. Nothing inside the database files can say which one is
// the copy (they hold the same bytes, as services/pendingSecrets.ts says), but the keychain can: each entry
// keeps the database file whose save wrote it (`writtenBy`, set by secretChange.ts). Its delete removes it;
// another database's delete leaves it, and the question before it and what is said after it name the
// entry and why. An entry written before the writer was kept has none: it is left too, since any copy
// may name it — the cost is an entry left in the keychain, said so, never a secret taken from a database
// that still uses it. (The original deleting first still removes it under a copy that never wrote it: the
// original cannot know of its copies.)
import { NO_SECRET_VERSION, secretKeyOf } from '../../src-shared/connections/secretKey';
import { AppError } from '../../src-shared/contract/errors';
import type { SecretKept } from '../../src-shared/contract/dto/connections';
import { samePath } from '../../src-shared/util/samePath';
import { secretVersionOf } from '../db/connections';
import type { Db } from '../db/openDb';
import { databasePath } from '../db/pendingSecrets';
import type { CredentialStore } from './credentials';

/** The entries connection `id`'s row names, or named: its own, and the version of an edit not yet moved into it. */
export function entriesOf(db: Db, id: string): string[] {
  const version = secretVersionOf(db, id);
  return version === null || version === NO_SECRET_VERSION ? [id] : [secretKeyOf(id, version), id];
}

/**
 * Whether this database may remove entry `key`: nothing is there, it wrote it, or it holds what Bulk Desk
 * did not write (no database can use that). Otherwise who wrote it (null: not kept). Throws (CREDENTIALS)
 * when the keychain cannot be read.
 */
function ownership(
  keychain: CredentialStore,
  key: string,
  here: string,
  platform: string,
): { mine: true } | { mine: false; writtenBy: string | null } {
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

/**
 * What a delete of connection `id` would leave in the keychain (another database wrote it), or null when it
 * removes every entry. Null too when the keychain cannot be read now: the delete itself then refuses.
 * `keychain` is by entry key.
 */
export function secretKeptOnDelete(
  db: Db,
  keychain: CredentialStore,
  id: string,
  platform: string = process.platform,
): SecretKept | null {
  try {
    return ownedEntries(db, keychain, id, platform).kept;
  } catch {
    return null;
  }
}

/**
 * The entries connection `id`'s row names that this database may remove (`mine`), and the first it may not
 * (`kept`). Throws (CREDENTIALS) when the keychain cannot be read. `keychain` is by entry key.
 */
function ownedEntries(
  db: Db,
  keychain: CredentialStore,
  id: string,
  platform: string = process.platform,
): { mine: string[]; kept: SecretKept | null } {
  const here = databasePath(db);
  let kept: SecretKept | null = null;
  const mine: string[] = [];
  for (const key of entriesOf(db, id)) {
    const o = ownership(keychain, key, here, platform);
    if (o.mine) mine.push(key);
    else kept ??= { account: `connection:${key}`, writtenBy: o.writtenBy };
  }
  return { kept, mine };
}

/**
 * Removes the keychain entries of connection `id` this database wrote, before its row goes; leaves any
 * other, and says which (null: none left). Throws (CREDENTIALS), removing nothing more, when the keychain
 * cannot be read or written. `keychain` is by entry key.
 */
export function deleteConnectionSecret(
  db: Db,
  keychain: CredentialStore,
  id: string,
  platform: string = process.platform,
): SecretKept | null {
  const { kept, mine } = ownedEntries(db, keychain, id, platform);
  for (const key of mine) keychain.delete(key);
  return kept;
}
