// A connection's save writes two places that share no transaction: the OS keychain (its secret) and SQLite
// (its row). The keychain goes first: it is what fails most (locked, no keyring running), and then nothing
// at all has changed; and a keychain call may wait on an unlock prompt, which must not hold SQLite's write
// lock meanwhile. Should the row then not be written (a full disk, a database locked or read-only), what
// the keychain was given is taken back.
// A process killed between the two puts nothing back. So no secret is written over one a row names:
// - a new connection's goes to its own entry, its id recorded as pending first (committed before the
//   keychain is written; the row's transaction forgets it);
// - an edit's new secret goes to an entry of its own, "<id>:<version>", recorded as pending likewise; the
//   row's transaction names that version (it is used from then on) and forgets it; then it is moved into
//   the connection's own entry, and the row names that again (the version recorded to remove, then removed).
// Killed before the commit, the row keeps the secret it was saved with, and the next open removes the
// pending entry no row names (pendingSecrets.ts); killed after, the next open finishes the move.
// An address change without a new secret commits the row first, naming no entry (NO_SECRET_VERSION), with
// the entries it named recorded to remove; they are removed after it. Killed before the commit, the
// connection keeps its address and secret; killed after, it has its new address and no secret, and the next
// open removes the old entries. (It removed them before the row once: killed between the two, the
// connection kept its old address and lost its secret.)
// A database writes over or removes only the entries it wrote (secretOwnership.ts): a copy of its data
// folder names the same ones. So an edit's version is moved into the connection's entry only when that
// entry is this database's (or empty); else the version is this database's own entry from then on, named
// by its row, and the other database's entry stays as it is. It was moved there whatever wrote it: an edit
// in a copy changed the original's secret. Likewise an address change leaves another database's entry,
// and says so (a copy pointed elsewhere removed the secret the original still used).
import { randomBytes } from 'node:crypto';
import { NO_SECRET_VERSION, secretKeyOf } from '../../src-shared/connections/secretKey';
import type { SecretKept } from '../../src-shared/contract/dto/connections';
import { samePath } from '../../src-shared/util/samePath';
import { secretVersionOf, setSecretVersion } from '../db/connections';
import type { Db } from '../db/openDb';
import { clearPendingSecret, databasePath, recordPendingSecret } from '../db/pendingSecrets';
import { entriesOf } from './connectionSecretDelete';
import type { ConnectionSecret, CredentialStore } from './credentials';
import { keptEntry, ownership, removeIfMine } from './secretOwnership';

export interface SecretChange<T> {
  /** The secret to set, or null to remove it. */
  change: ConnectionSecret | null;
  /** No row and no secret can be there before (a new connection's fresh id). */
  isNew: boolean;
  /** The row's writes, run in the transaction that names the secret's entry; should they throw, nothing is kept. */
  write: () => T;
  /** What is thrown when the keychain could not be changed (nothing else was). */
  changeFailed: (e: unknown) => Error;
  /** What is thrown when `write` threw: `e`, and a sentence saying what the keychain holds now. */
  writeFailed: (e: unknown, keychain: string) => Error;
}

/** What a change did: `write`'s result, and the entry another database wrote that it left (null: none). */
export interface SecretChanged<T> {
  result: T;
  secretKept: SecretKept | null;
}

/**
 * Sets or removes the secret of connection `id` and writes its row, so that the row names the secret it
 * was saved with, whatever stops in between. `keychain` is the OS keychain by entry key, not by connection.
 */
export function changeSecretThen<T>(
  db: Db,
  keychain: CredentialStore,
  id: string,
  now: number,
  c: SecretChange<T>,
): SecretChanged<T> {
  if (!c.change) return removeSecretThen(db, keychain, id, now, c);
  const change = c.change;
  // A new connection's secret goes straight to its own entry: no row names it yet.
  const version = c.isNew ? null : randomBytes(6).toString('hex');
  const key = secretKeyOf(id, version);
  const before = c.isNew ? null : secretVersionOf(db, id);
  // Forgotten where nothing of it is in the keychain; should that write fail too, the next open finds
  // the entry named by no row and removes what the keychain has for it, which is nothing.
  const forget = () => {
    try {
      clearPendingSecret(db, key);
    } catch {
      // left for the next open
    }
  };
  // Before the keychain: a database that cannot be written now (a full disk) changes nothing at all.
  try {
    recordPendingSecret(db, key, id, now);
  } catch (e) {
    throw c.writeFailed(e, 'Nothing was saved, and its secret was not put in the OS keychain.');
  }
  try {
    // With the database that wrote it: only its delete removes the entry (connectionSecretDelete.ts).
    keychain.set(key, { ...change, writtenBy: databasePath(db) });
  } catch (e) {
    forget();
    throw c.changeFailed(e);
  }
  let result: T;
  try {
    result = db.transaction(() => {
      const r = c.write();
      if (!c.isNew) {
        setSecretVersion(db, id, version);
        // An earlier edit's version not yet moved back: no row names it now, it goes.
        if (before !== null && before !== NO_SECRET_VERSION)
          recordPendingSecret(db, secretKeyOf(id, before), id, now);
      }
      clearPendingSecret(db, key); // named by the row now
      return r;
    })();
  } catch (e) {
    let held: string;
    try {
      keychain.delete(key);
      forget();
      held = c.isNew
        ? 'Nothing was saved: its secret is not kept in the OS keychain either.'
        : 'Nothing was saved: the OS keychain holds what it held for it before.';
    } catch (undo) {
      const why = undo instanceof Error ? undo.message : String(undo);
      held = `The connection was not saved, and the secret just given could not be removed from the OS keychain again (${why}): no connection uses it, and it is removed the next time Bulk Desk opens this data folder with the keychain unlocked, or remove the entry of account "connection:${key}" by hand (on Linux, in Passwords and Keys).`;
    }
    throw c.writeFailed(e, held);
  }
  if (!c.isNew) {
    try {
      moveSecretHome(db, keychain, id, now);
    } catch {
      // The row names the new version, which is used as it is: the next open moves it.
    }
    // The entry of the version the row named before (this database's own, or one not yet moved): named by
    // no row here now. Removed if this database wrote it; another's is only forgotten.
    if (before !== null && before !== NO_SECRET_VERSION) removeRecorded(db, keychain, secretKeyOf(id, before));
  }
  return { result, secretKept: null };
}

/**
 * Removes entry `key`, recorded as to remove, when this database wrote it, and forgets the record; another
 * database's stays. Should the keychain fail, the record stays and the next open removes it.
 */
function removeRecorded(db: Db, keychain: CredentialStore, key: string): void {
  try {
    removeIfMine(keychain, key, databasePath(db));
    clearPendingSecret(db, key);
  } catch {
    // recorded: the next open removes it (pendingSecrets.ts)
  }
}

/**
 * Moves the secret of the version connection `id`'s row names into the connection's own entry, names that
 * in the row, and removes the version's entry — when this database wrote both (or the connection's is
 * empty). Otherwise the version stays named, as it is: another database's version is its to move, and
 * this database's own, where the connection's entry is another's, is where its secret lives.
 * Throws, changing nothing the row names, when the keychain cannot be read or written: the version stays
 * in use, and is moved by a later call.
 * A version whose entry is gone was moved by the database that wrote it (the original of this copy): the
 * connection's entry holds it, and the row names that again.
 */
export function moveSecretHome(
  db: Db,
  keychain: CredentialStore,
  id: string,
  now: number,
  platform: string = process.platform,
): void {
  const version = secretVersionOf(db, id);
  // Its secret removed: no entry is named, and its own may hold the removed secret (or another database's).
  if (version === null || version === NO_SECRET_VERSION) return;
  const key = secretKeyOf(id, version);
  const secret = keychain.stored(key);
  const here = databasePath(db);
  if (secret) {
    if (secret.writtenBy === undefined || !samePath(secret.writtenBy, here, platform)) return;
    if (!ownership(keychain, id, here, platform).mine) return;
    // This database writes the connection's own entry now: it is the one whose delete removes it.
    keychain.set(id, { ...secret, writtenBy: here });
  }
  db.transaction(() => {
    if (secretVersionOf(db, id) !== version) return; // changed meanwhile: that change's to move
    setSecretVersion(db, id, null);
    if (secret) recordPendingSecret(db, key, id, now); // named by no row now: to remove
  })();
  if (secret) {
    keychain.delete(key);
    clearPendingSecret(db, key);
  }
}

/**
 * An address changed with no new secret: the row is written naming no entry, then the entries it named
 * that this database wrote are removed (recorded in the same commit, so the next open finishes a removal
 * cut short). Another database's is left, and said (`secretKept`). `keychain` is by entry key.
 */
function removeSecretThen<T>(
  db: Db,
  keychain: CredentialStore,
  id: string,
  now: number,
  c: SecretChange<T>,
): SecretChanged<T> {
  const here = databasePath(db);
  const mine: string[] = [];
  let secretKept: SecretKept | null = null;
  for (const key of entriesOf(db, id)) {
    let o;
    try {
      o = ownership(keychain, key, here);
    } catch (e) {
      // A keychain out of reach (locked, no D-Bus session) changes nothing, as before: the admin is told,
      // and can try again or enter the secret with the change.
      throw c.changeFailed(e);
    }
    if (o.mine) mine.push(key);
    else secretKept ??= keptEntry(key, o.writtenBy);
  }
  let result: T;
  try {
    result = db.transaction(() => {
      const r = c.write();
      setSecretVersion(db, id, NO_SECRET_VERSION); // nothing is read for it from here on
      for (const key of mine) recordPendingSecret(db, key, id, now);
      return r;
    })();
  } catch (e) {
    throw c.writeFailed(e, 'Nothing was saved: the OS keychain holds what it held for it before.');
  }
  try {
    for (const key of mine) {
      secretKept ??= removeIfMine(keychain, key, here); // another database may have written it since
      clearPendingSecret(db, key);
    }
  } catch {
    // Named by no row, recorded: the next open removes them.
  }
  return { result, secretKept };
}
