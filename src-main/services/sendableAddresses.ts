// The one place a connection's secret is handed out for sending (every job, test send, connection test,
// sync and plan read asks the store for it first): refused for a connection whose address would be
// refused at saving today. Such connections were saved by versions that did not check the address, and
// sit in users' databases: a password in the address, or plain http:// carrying the key across a network.
import { unsendableAddress } from '../../src-shared/connections/baseUrl';
import { AppError } from '../../src-shared/contract/errors';
import { getConnection } from '../db/connections';
import type { Db } from '../db/openDb';
import type { CredentialStore } from './credentials';

/** Refuses (nothing sent) when `connection`'s address needs fixing first; `field: 'connection'` as a re-pointed one. */
export function checkAddress(connection: { id: string; name: string; baseUrl: string }): void {
  const why = unsendableAddress(connection);
  if (why) throw new AppError('CONFLICT', why, { field: 'connection' });
}

/** `store`, whose `get` (the secret, to send with) refuses a connection whose address needs fixing. */
export function withSendableAddresses(store: CredentialStore, db: Db): CredentialStore {
  return {
    ...store,
    get(id) {
      const c = getConnection(db, id);
      if (c) checkAddress(c);
      return store.get(id);
    },
  };
}
