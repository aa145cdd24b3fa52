// The OS keychain by connection id: each call goes to the entry the connection's row names
// (src-shared/connections/secretKey.ts) — its own, or the version an edit wrote and committed but has not
// yet moved back into it (./secretChange.ts). Every reader of a secret goes through here.
import { secretKeyOf } from '../../src-shared/connections/secretKey';
import { secretVersionOf } from '../db/connections';
import type { Db } from '../db/openDb';
import type { CredentialStore } from './credentials';

/** `keychain` (by entry key) as a store by connection id, following the row's secret version. */
export function withSecretVersions(keychain: CredentialStore, db: Db): CredentialStore {
  const keyOf = (id: string) => secretKeyOf(id, secretVersionOf(db, id));
  return {
    set: (id, secret) => keychain.set(keyOf(id), secret),
    get: (id) => keychain.get(keyOf(id)),
    stored: (id) => keychain.stored(keyOf(id)),
    has: (id) => keychain.has(keyOf(id)),
    status: (id) => keychain.status(keyOf(id)),
    givenFor: (id) => keychain.givenFor(keyOf(id)),
    // A version not yet moved back leaves the connection's own entry holding the secret before it: both go.
    delete(id) {
      const key = keyOf(id);
      if (key !== id) keychain.delete(key);
      keychain.delete(id);
    },
  };
}
