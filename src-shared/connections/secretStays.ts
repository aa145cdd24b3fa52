// What is said of a keychain entry Bulk Desk leaves because another database wrote it
// (src-main/services/secretOwnership.ts): a connection's delete, or its address changed without a new
// secret, in a copied or moved data folder. Pure, so the question, the CLI and the screens say the same.
import type { SecretKept } from '../contract/dto/connections';

/** 'its secret stays in the OS keychain (account "connection:…"): …': what stays, why, and how to remove it once nothing uses it. */
export function secretStays(k: SecretKept): string {
  const why = k.writtenBy
    ? `it was written by the database at ${k.writtenBy}, so this data folder is a copy of that one or was moved from there, and another data folder may still use it`
    : 'it was saved before Bulk Desk kept which data folder wrote it, so a copy of this data folder — another data folder — may still use it';
  return `its secret stays in the OS keychain (account "${k.account}"): ${why}. Remove that entry by hand (on Linux, in Passwords and Keys) once no data folder uses it`;
}

/**
 * What is said once a connection's address or account changed without a new secret (`secretRemoved`): its
 * stored secret is no longer used here, removed or — another database having written it — left (`kept`).
 */
export function secretMovedText(kept: SecretKept | null): string {
  return kept
    ? `Its address or account changed, so this data folder no longer uses its stored secret: a key is only sent where it was given; ${secretStays(kept)}.`
    : 'Its address or account changed, so the stored secret was removed: a key is only sent where it was given.';
}

/** What the Connections screen says once connection `name` is deleted and its entry `kept` stays. */
export function deletedSecretStaysText(name: string, kept: SecretKept): string {
  return `Deleted “${name}”; ${secretStays(kept)}.`;
}
