// The only importer of the keychain library. A connection's secret goes to the OS keychain (Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows) and nowhere else.
// @napi-rs/keyring stands in for the archived keytar: same idea (service + account → password), but a
// maintained Node-API module with prebuilt binaries, so one install serves Node and Electron.
import { Entry } from '@napi-rs/keyring';
import { AppError } from '../../src-shared/contract/errors';

/** What a connection needs to sign a request. Never logged, stored elsewhere, or sent to the renderer. */
export type ConnectionSecret =
  | { api: 'coursepath'; apiKey: string } // the HS256 JWT signing secret
  | { api: 'coassemble'; scheme: 'workspace'; workspaceId: string; apiKey: string }
  | { api: 'coassemble'; scheme: 'legacy'; userId: string; userToken: string };

export interface CredentialStore {
  set(connectionId: string, secret: ConnectionSecret): void;
  get(connectionId: string): ConnectionSecret | null;
  has(connectionId: string): boolean;
  delete(connectionId: string): void;
}

/** `service` is the keychain's service name; tests pass their own so they never touch a user's entries. */
export function createKeychainStore(service: string = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk'): CredentialStore {
  const entry = (id: string) => new Entry(service, `connection:${id}`);
  const keychainError = (action: string, e: unknown) =>
    new AppError(
      'CREDENTIALS',
      `Could not ${action} the OS keychain (${e instanceof Error ? e.message.split('\n')[0] : 'unknown error'}). ` +
        'Is a keyring (e.g. GNOME Keyring) running and unlocked?',
    );
  return {
    set(id, secret) {
      try {
        entry(id).setPassword(JSON.stringify(secret));
      } catch (e) {
        throw keychainError('write to', e);
      }
    },
    get(id) {
      let raw: string | null | undefined;
      try {
        raw = entry(id).getPassword();
      } catch (e) {
        throw keychainError('read from', e);
      }
      return raw ? (JSON.parse(raw) as ConnectionSecret) : null;
    },
    has(id) {
      try {
        return !!entry(id).getPassword();
      } catch {
        return false;
      }
    },
    delete(id) {
      try {
        entry(id).deletePassword();
      } catch {
        // Nothing stored, or already gone: either way the secret is not there.
      }
    },
  };
}
