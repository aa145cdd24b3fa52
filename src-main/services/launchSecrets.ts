// Secrets that live as long as this launch: the built-in sandbox's, made anew each time it starts. They
// are kept in memory, in front of the OS keychain, because the sandbox's connections have the same ids
// in every data folder: stored in the keychain, a second launch (the app, and a script with its own
// --data-dir) replaced the first's secrets and the first launch's sandbox refused everything it sent.
// Nothing real goes here: an admin's connection is always in the keychain.
import type { ConnectionSecret, CredentialStore } from './credentials';

/** The keychain, with `held`'s connections answered from memory (set and removed there too). */
export function withLaunchSecrets(
  keychain: CredentialStore,
  held: Map<string, ConnectionSecret>,
): CredentialStore {
  return {
    set: (id, secret) => void (held.has(id) ? held.set(id, secret) : keychain.set(id, secret)),
    get: (id) => held.get(id) ?? keychain.get(id),
    stored: (id) => held.get(id) ?? keychain.stored(id),
    has: (id) => held.has(id) || keychain.has(id),
    status: (id) => (held.has(id) ? { state: 'stored' } : keychain.status(id)),
    givenFor: (id) => (held.has(id) ? (held.get(id)!.givenFor ?? null) : keychain.givenFor(id)),
    delete: (id) => void (held.has(id) ? held.delete(id) : keychain.delete(id)),
  };
}
