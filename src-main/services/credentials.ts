// The only importer of the keychain library. A connection's secret goes to the OS keychain (Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows) and nowhere else.
// @napi-rs/keyring stands in for the archived keytar: same idea (service + account → password), but a
// maintained Node-API module with prebuilt binaries, so one install serves Node and Electron.
import type * as Keyring from '@napi-rs/keyring';
import type { ConnectionTarget } from '../../src-shared/connections/connectionTarget';
import { AppError } from '../../src-shared/contract/errors';
import { lazyRequire } from './lazyRequire';

/**
 * What a connection needs to sign a request. Never logged, stored elsewhere, or sent to the renderer.
 * `givenFor`: the address and account it was given for, kept with it in the keychain, whose entry is keyed
 * by the connection's id alone while the database can change under it (a restored backup, a copied data
 * folder): a connection pointing elsewhere sends nothing with it (sendableAddresses.ts). Absent in entries
 * written before it was kept, and for the sandbox's secrets.
 * `writtenBy`: the database file (its path, links resolved) whose save wrote the entry. Kept in the keychain,
 * which no copy of the data folder carries, so that only that database's delete removes it
 * (connectionSecretDelete.ts). Absent in entries written before it was kept.
 */
export type ConnectionSecret = (
  | { api: 'coursepath'; apiKey: string } // the HS256 JWT signing secret
  | { api: 'coassemble'; scheme: 'workspace'; workspaceId: string; apiKey: string }
  | { api: 'coassemble'; scheme: 'legacy'; userId: string; userToken: string }
) & { givenFor?: ConnectionTarget; writtenBy?: string };

/** Whether a connection's secret can be used: there, not there, or the keychain cannot say. */
export type SecretStatus =
  | { state: 'stored' }
  | { state: 'missing' }
  | { state: 'unavailable'; problem: string }
  /** There, but given for another address or account than the connection has now (sendableAddresses.ts). */
  | { state: 'elsewhere'; problem: string };

export interface CredentialStore {
  set(connectionId: string, secret: ConnectionSecret): void;
  get(connectionId: string): ConnectionSecret | null;
  /**
   * The secret as the keychain holds it, with none of the checks `get` makes before a send
   * (sendableAddresses.ts): only to put it back as it was (a save whose row could not be written). Throws as `get`.
   */
  stored(connectionId: string): ConnectionSecret | null;
  /** True only when a secret is there; false when it is missing or the keychain cannot be read. */
  has(connectionId: string): boolean;
  /** Like `has`, but says which: a locked or unreachable keychain is not a missing secret. */
  status(connectionId: string): SecretStatus;
  /**
   * The address and account the stored secret was given for; null when none is stored, none was recorded
   * (written before they were kept) or the keychain cannot be read. Never the secret itself.
   */
  givenFor(connectionId: string): ConnectionTarget | null;
  /** Removes the secret; nothing stored is fine. Throws (CREDENTIALS) when the keychain could not remove it. */
  delete(connectionId: string): void;
}

/**
 * The keychain's failure in words an admin can act on. A locked Secret Service answers reads with an
 * unlock prompt that cannot be shown (no display, or dismissed); no D-Bus session or no keyring daemon
 * answers "AccessDenied" or "ServiceUnknown".
 */
export function keychainProblem(e: unknown): string {
  const raw = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
  if (/unlock|locked|prompt/i.test(raw)) {
    return `The OS keychain is locked (${raw}). Unlock it — on Linux, the login keyring in your desktop's Passwords and Keys — and try again.`;
  }
  return `The OS keychain cannot be reached (${raw}). Is a keyring (e.g. GNOME Keyring) running and unlocked?`;
}

/** The keychain's native module, loaded by the first command that reads or writes a secret. */
const keyring = lazyRequire<typeof Keyring>('@napi-rs/keyring');

/** `service` is the keychain's service name; tests pass their own so they never touch a user's entries. */
export function createKeychainStore(
  service: string = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk',
): CredentialStore {
  // The Secret Service only, on Linux: without it the library falls back, silently, to the kernel's keyutils
  // keyring, which holds none of our secrets (read: "missing") and keeps what is written only until logout
  // or reboot. Required, its absence throws here and is said as such (no D-Bus session: cron, SSH).
  const entry = (id: string) =>
    new (keyring().Entry)(service, `connection:${id}`, { linux: { store: 'secret-service' } });
  const keychainError = (action: string, e: unknown) =>
    new AppError('CREDENTIALS', `Could not ${action} the OS keychain. ${keychainProblem(e)}`);
  const status = (id: string): SecretStatus => {
    try {
      return entry(id).getPassword() ? { state: 'stored' } : { state: 'missing' };
    } catch (e) {
      return { state: 'unavailable', problem: keychainProblem(e) };
    }
  };
  const store: CredentialStore = {
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
      if (!raw) return null;
      // An entry Bulk Desk did not write (a bare key stored by a script, a cut-off value): JSON.parse's
      // message would quote its start — the secret — into the error and the log, so it is not passed on.
      let secret: unknown;
      try {
        secret = JSON.parse(raw);
      } catch {
        secret = null;
      }
      if (!secret || typeof secret !== 'object' || typeof (secret as { api?: unknown }).api !== 'string')
        throw new AppError(
          'CREDENTIALS',
          `The OS keychain holds a secret for connection ${id} (service "${service}", account "connection:${id}") ` +
            `that Bulk Desk did not write, so it cannot be read. Enter the secret again: Connections → Edit, ` +
            `or bulk-desk connections edit ${id} --secret-stdin.`,
        );
      return secret as ConnectionSecret;
    },
    stored: (id) => store.get(id),
    has: (id) => status(id).state === 'stored',
    status,
    givenFor(id) {
      try {
        return store.get(id)?.givenFor ?? null;
      } catch {
        return null;
      }
    },
    delete(id) {
      try {
        entry(id).deletePassword(); // false: nothing was stored, which is fine
      } catch (e) {
        throw keychainError('remove a secret from', e);
      }
    },
  };
  return store;
}
