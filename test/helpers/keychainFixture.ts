// The fixture of tests that write the real keychain and make data folders: the test keychain service (one
// per worker: workerKeychain.ts), its accounts, its store, and the folders a test makes — after each test the
// folders are removed and every entry of the service with them (the worker's service is this file's alone
// while it runs, so nothing another test wrote is taken).
import { findCredentials } from '@napi-rs/keyring';
import { afterEach } from 'vitest';
import { createKeychainStore } from '../../src-main/services/credentials';
import type { tempDir } from './tempDir';

export function useKeychainFixture() {
  const SERVICE = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk';
  const accounts = (): string[] => findCredentials(SERVICE).map((c) => c.account);
  const keychain = createKeychainStore(SERVICE);
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
    for (const account of accounts()) keychain.delete(account.replace(/^connection:/, ''));
  });
  return { SERVICE, accounts, keychain, dirs };
}
