// Deleting a connection's secret: only the entries this database wrote (secretOwnership.ts says why and
// how it is known). Another database's stays, and the question before the delete and what is said after it
// name the entry and why. (The original deleting first still removes it under a copy that never wrote one
// of its own: the original cannot know of its copies. The copy then lists its connection as having no
// secret, and a send or Test there names it and says to enter the secret again, sending nothing:
// test/integration/handlers/connectionsOriginalRemoves.test.ts.)
import { NO_SECRET_VERSION, secretKeyOf } from '../../src-shared/connections/secretKey';
import type { SecretKept } from '../../src-shared/contract/dto/connections';
import { secretVersionOf } from '../db/connections';
import type { Db } from '../db/openDb';
import { databasePath } from '../db/pendingSecrets';
import type { CredentialStore } from './credentials';
import { keptEntry, ownership } from './secretOwnership';

/**
 * The entries connection `id`'s row names, or named: its own, and the version its row names — an edit's not
 * yet moved into it, or this database's own entry where the connection's was written by another
 * (secretChange.ts).
 */
export function entriesOf(db: Db, id: string): string[] {
  const version = secretVersionOf(db, id);
  return version === null || version === NO_SECRET_VERSION ? [id] : [secretKeyOf(id, version), id];
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
    else kept ??= keptEntry(key, o.writtenBy);
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
