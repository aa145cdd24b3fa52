// Which keychain entry holds a connection's secret. The account is "connection:<key>": the key is the
// connection's id (the entry every version wrote), or "<id>:<version>" while an edit's new secret is
// committed but not yet moved back into it (src-main/services/secretChange.ts). Ids never hold a colon.

/** The key of the entry a connection row names: its own, or the version its last edit wrote. */
export function secretKeyOf(connectionId: string, version: string | null): string {
  return version === null ? connectionId : `${connectionId}:${version}`;
}

/** The connection a key belongs to. */
export function connectionIdOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}
