// The one place a connection's secret is handed out for sending (every job, test send, connection test,
// sync and plan read asks the store for it first): refused for a connection whose address would be
// refused at saving today. Such connections were saved by versions that did not check the address, and
// sit in users' databases: a password in the address, or plain http:// carrying the key across a network.
import { unsendableAddress } from '../../src-shared/connections/baseUrl';
import { AppError } from '../../src-shared/contract/errors';
import { sameTarget, schemeOf, targetLabel, targetOf } from '../../src-shared/connections/connectionTarget';
import { getConnection, type ConnectionRecord } from '../db/connections';
import type { Db } from '../db/openDb';
import type { ConnectionTarget } from '../../src-shared/connections/connectionTarget';
import type { ConnectionSecret, CredentialStore } from './credentials';

/** Refuses (nothing sent) when `connection`'s address needs fixing first; `field: 'connection'` as a re-pointed one. */
export function checkAddress(connection: { id: string; name: string; baseUrl: string }): void {
  const why = unsendableAddress(connection);
  if (why) throw new AppError('CONFLICT', why, { field: 'connection' });
}

/** Whether a secret given for `given` may be sent to `target`: the same address and account, and scheme. */
export function givenForTarget(given: ConnectionTarget, target: ConnectionTarget): boolean {
  return sameTarget(given, target) && schemeOf(given.baseUrl) === schemeOf(target.baseUrl);
}

/**
 * Why a secret given for `given` is not sent with `connection` (null when it may be). An edit that points a
 * connection elsewhere removes its secret, but the keychain entry is keyed by the id alone and the database
 * can change under it: `data restore-backup` puts back a file from before such an edit (the connection
 * points at its old address again, the keychain holds the new address's secret), a data folder copied
 * elsewhere is edited on its own. The scheme counts too, as at saving: a key given for http:// is not sent
 * to https:// unasked, nor the other way round.
 */
function givenElsewhere(
  connection: ConnectionRecord,
  given: ConnectionTarget | null | undefined,
): string | null {
  if (!given || givenForTarget(given, connection)) return null;
  return (
    `The secret of "${connection.name}" in the OS keychain was given for ${targetLabel(given)}, but the connection ` +
    `now points at ${targetLabel(connection)} (its database was restored from a backup or copied from another data ` +
    'folder since): a key is only sent where it was given. Enter the secret for this address ' +
    `(bulk-desk connections edit ${connection.id} --secret-stdin, or Connections → Edit), or point the connection ` +
    `back at ${targetLabel(given)}.`
  );
}

/** Refuses (nothing sent) a secret given for another address or account than the connection has now. */
export function checkGivenFor(connection: ConnectionRecord, secret: ConnectionSecret): void {
  const why = givenElsewhere(connection, secret.givenFor);
  if (why) throw new AppError('CREDENTIALS', `${why} Nothing was sent.`);
}

/**
 * A secret kept before the address and account it was given for were kept with it (no `givenFor`): tied to
 * where its connection points now, the first time it is read for sending, so that the database changing
 * under the keychain later (a restored backup, a copied data folder) sends it nowhere else. Written back
 * with the secret as it was read; a keychain that refuses the write leaves it as it was, sent as before.
 */
function tiedNow(store: CredentialStore, c: ConnectionRecord, secret: ConnectionSecret): ConnectionSecret {
  const tied = { ...secret, givenFor: targetOf(c) };
  try {
    store.set(c.id, tied);
  } catch {
    return secret; // read as before; tied at a later send, when the keychain takes it
  }
  return tied;
}

/**
 * `store`, whose `get` (the secret, to send with) refuses a connection whose address needs fixing, and a
 * secret given for another address or account than the connection's, whose `status` says it is there but
 * given elsewhere (`elsewhere`).
 */
export function withSendableAddresses(store: CredentialStore, db: Db): CredentialStore {
  const status: CredentialStore['status'] = (id) => {
    const s = store.status(id);
    const c = s.state === 'stored' ? getConnection(db, id) : undefined;
    const why = c ? givenElsewhere(c, store.givenFor(id)) : null;
    return why ? { state: 'elsewhere', problem: why } : s;
  };
  return {
    ...store,
    get(id) {
      const c = getConnection(db, id);
      if (c) checkAddress(c);
      const secret = store.get(id);
      if (c && secret && !secret.givenFor && !c.isSandbox) return tiedNow(store, c, secret);
      if (c && secret) checkGivenFor(c, secret);
      return secret;
    },
    status,
    has: (id) => status(id).state === 'stored',
  };
}
