// A sync over every connection syncs those with a stored secret; the others are left out. Each one left
// out is named with why and the fix — on the Reports screen beside the sync status, and by `bulk-desk
// sync run` on stderr — so that LMS's old data is not taken for freshly synced. One wording, two places.

/**
 * `noSecret`: nothing stored for it (e.g. removed when its address changed); `keychain`: the keychain is
 * locked or unreachable; `address`: an earlier version saved an address that is refused for sending now
 * (src-shared/connections/baseUrl.ts unsendableAddress); `elsewhere`: the secret there was given for another
 * address or account (a restored or copied database).
 */
export type SyncSkipReason = 'noSecret' | 'keychain' | 'address' | 'elsewhere';

export interface SyncSkip {
  reason: SyncSkipReason;
  /**
   * For `keychain`: what the keychain said and what to do (the secret may well be there); for `address`:
   * what to fix and how; for `elsewhere`: where the secret was given for and what to do.
   */
  problem: string | null;
}

/** Why a connection was left out, from its secret's state (`missing` / `unavailable`); null when it has one. */
export function syncSkipOf(secret: {
  state: 'stored' | 'missing' | 'unavailable' | 'elsewhere';
  problem?: string | null;
}): SyncSkip | null {
  if (secret.state === 'stored') return null;
  if (secret.state === 'unavailable' && secret.problem)
    return { reason: 'keychain', problem: secret.problem };
  if (secret.state === 'elsewhere' && secret.problem) return { reason: 'elsewhere', problem: secret.problem };
  return { reason: 'noSecret', problem: null };
}

/** The app's words: "no secret stored: add it under Connections". */
export function syncSkipText(skip: SyncSkip): string {
  return skip.reason !== 'noSecret' && skip.problem
    ? skip.problem
    : 'no secret stored: add it under Connections';
}

/** The CLI's words; `cli(command)` makes `bulk-desk <command>` pasteable for the data folder in use. */
export function syncSkipCliText(
  skip: SyncSkip,
  connectionId: string,
  cli: (command: string) => string,
): string {
  return skip.reason !== 'noSecret' && skip.problem
    ? skip.problem
    : `no secret is stored. Give it one: ${cli(`connections edit ${connectionId} --secret-stdin`)} < key.txt`;
}
