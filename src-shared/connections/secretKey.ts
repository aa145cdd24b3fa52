// Which keychain entry holds a connection's secret. The account is "connection:<key>": the key is the
// connection's id (the entry every version wrote), or "<id>:<version>" while an edit's new secret is
// committed but not yet moved back into it (src-main/services/secretChange.ts) — or for good, when the
// connection's entry was written by another database (a copy of the data folder, or its original): the
// version's entry, random to each edit and named only by this database's row, is then its own. Ids never
// hold a colon.
// A row whose secret was removed (pointed elsewhere without a new one) names NO_SECRET_VERSION: an entry
// never written, so none is read for it while the old entries it named wait to be removed.

/** The version a row names once its secret is removed; never an edit's (those are 12 hex digits). */
export const NO_SECRET_VERSION = 'none';

/** The key of the entry a connection row names: its own, or the version its last edit wrote. */
export function secretKeyOf(connectionId: string, version: string | null): string {
  return version === null ? connectionId : `${connectionId}:${version}`;
}

/** The connection a key belongs to. */
export function connectionIdOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}
