// A connection's save writes two places that share no transaction: the OS keychain (its secret) and SQLite
// (its row). The keychain goes first: it is what fails most (locked, no keyring running), and then nothing
// at all has changed; and a keychain call may wait on an unlock prompt, which must not hold SQLite's write
// lock meanwhile. Should the row then not be written (a full disk, a database locked or read-only), the
// keychain is put back as it was: a new connection's secret left there would sit under an id nothing names,
// an edit's new secret would stand in for the one the unchanged row still goes with.
// A process killed between the two puts nothing back: so a new connection's id is first recorded as
// pending in SQLite (committed before the keychain is written; the row's transaction forgets it), and the
// next open removes the secret of a pending id no connection has (pendingSecrets.ts).
import type { ConnectionSecret, CredentialStore } from './credentials';

export interface SecretChange<T> {
  /** The secret to set, or null to remove it. */
  change: ConnectionSecret | null;
  /** No secret can be there before (a new connection's fresh id). */
  isNew: boolean;
  /**
   * A new connection's: `record` commits that its secret is about to go to the keychain (the id, never the
   * secret), before it goes; `forget` undoes that once the keychain holds nothing for it. `write` forgets
   * it too, in the row's transaction.
   */
  pending?: { record: () => void; forget: () => void };
  /** The row's writes; should they throw, the keychain is put back. */
  write: () => T;
  /** What is thrown when the keychain could not be changed (nothing else was). */
  changeFailed: (e: unknown) => Error;
  /** What is thrown when `write` threw: `e`, and a sentence saying what the keychain holds now. */
  writeFailed: (e: unknown, keychain: string) => Error;
}

/**
 * Sets or removes the secret of `id`, then writes the row; should the row not be written, the keychain
 * gets back what it held before (nothing, for a new connection), or the error says what it holds instead.
 */
export function changeSecretThen<T>(
  credentials: CredentialStore,
  id: string,
  { change, isNew, pending, write, changeFailed, writeFailed }: SecretChange<T>,
): T {
  // Forgotten where nothing of it is in the keychain; should that write fail too, the next open finds
  // the id with no connection and removes what the keychain has for it, which is nothing.
  const forget = () => {
    try {
      pending?.forget();
    } catch {
      // left for the next open
    }
  };
  // Before the keychain: a database that cannot be written now (a full disk) changes nothing at all.
  if (pending && change) {
    try {
      pending.record();
    } catch (e) {
      throw writeFailed(e, 'Nothing was saved, and its secret was not put in the OS keychain.');
    }
  }
  // What to put back. Unreadable (the keychain locked, an entry Bulk Desk did not write): none is known, and
  // the change is undone by removing what it wrote, which leaves the connection without a secret (shown as
  // missing, asking for it again) rather than with one it was not saved with.
  let previous: ConnectionSecret | null = null;
  let known = isNew;
  if (!isNew) {
    try {
      previous = credentials.stored(id);
      known = true;
    } catch {
      // `known` stays false
    }
  }
  try {
    if (change) credentials.set(id, change);
    else credentials.delete(id);
  } catch (e) {
    forget();
    throw changeFailed(e);
  }
  try {
    return write();
  } catch (e) {
    let keychain: string;
    try {
      if (previous) credentials.set(id, previous);
      else if (change) credentials.delete(id);
      if (isNew) forget();
      keychain = isNew
        ? 'Nothing was saved: its secret is not kept in the OS keychain either.'
        : known
          ? 'Nothing was saved: the OS keychain holds what it held for it before.'
          : 'Nothing was saved, but its previous secret could not be read to be put back, so the OS keychain holds none for it now: enter it again once the database can be written.';
    } catch (undo) {
      const why = undo instanceof Error ? undo.message : String(undo);
      keychain = isNew
        ? `The connection was not saved, but its secret could not be removed from the OS keychain again (${why}): it is removed the next time Bulk Desk opens this data folder with the keychain unlocked, or remove the entry of account "connection:${id}" by hand (on Linux, in Passwords and Keys).`
        : change
          ? `The connection was not saved, but the OS keychain could not be put back (${why}): it holds the secret just given, kept with the address and account it was given for, and sent nowhere else.`
          : `The connection was not saved, but its secret, removed from the OS keychain, could not be put back (${why}): enter it again once the database can be written.`;
    }
    throw writeFailed(e, keychain);
  }
}
