// Saving a connection writes two places, the OS keychain (the secret) and SQLite (the row): the secret went
// first, and a row that could not be written then (a full disk, a locked or read-only database) left a new
// connection's secret in the keychain under an id nothing names, and an edit's new secret in place of the
// one the unchanged row still goes with. The save is all or nothing now: the keychain is put back as it was.
// The real keychain and a real full disk (a small tmpfs, filled) under real services.
import { findCredentials } from '@napi-rs/keyring';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src-main/services';
import { databasePath } from '../../../src-main/db/pendingSecrets';
import { createKeychainStore } from '../../../src-main/services/credentials';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';

const SERVICE = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk';
const cp: ConnectionIdentity = { api: 'coursepath', email: 'admin@acme.example' };
const accounts = () =>
  findCredentials(SERVICE)
    .map((c) => c.account)
    .sort();

describe('a connection saved while the database cannot be written', () => {
  const disk = useSmallDisk();

  it('leaves the keychain as it was: no secret for a new one, the previous secret for an edit', async (ctx) => {
    const dir = disk.mount(ctx, '16m');
    const s: Services = await createServices({ dataDir: dir, sandbox: false });
    let filler: string | null = null;
    // Every page the log of writes had is given back, so the next write needs room on the disk: none.
    const fill = () => {
      if (filler) rmSync(filler);
      s.db.pragma('wal_checkpoint(TRUNCATE)');
      filler = fillDisk(dir);
    };
    try {
      const saved = await callOk(s, 'connections.save', {
        name: 'Acme',
        baseUrl: 'https://acme.coursepath.com',
        identity: cp,
        secret: 'acme-signing-secret-before',
      });
      const before = accounts();
      expect(before).toContain(`connection:${saved.id}`);
      fill();

      const added = await s.dispatch('connections.save', {
        name: 'Beta',
        baseUrl: 'https://beta.coursepath.com',
        identity: { api: 'coursepath', email: 'admin@beta.example' },
        secret: 'beta-signing-secret-never-kept',
      });
      expect(added.ok).toBe(false);
      if (!added.ok) {
        expect(added.error.message).toMatch(/disk .* is full/);
        expect(added.error.message).toContain('Nothing was saved');
        expect(added.error.message).not.toContain('beta-signing-secret');
      }
      expect(accounts()).toEqual(before); // no secret under an id nothing names

      // An edit with a new secret (and name): the row still goes with the old one, which is put back.
      fill();
      const edited = await s.dispatch('connections.save', {
        id: saved.id,
        name: 'Acme EU',
        baseUrl: 'https://acme.coursepath.com',
        identity: cp,
        secret: 'acme-signing-secret-after',
      });
      expect(edited.ok).toBe(false);
      const keychain = createKeychainStore(SERVICE);
      expect(keychain.get(saved.id)).toEqual({
        api: 'coursepath',
        apiKey: 'acme-signing-secret-before',
        givenFor: { baseUrl: 'https://acme.coursepath.com', identity: cp },
        writtenBy: databasePath(s.db),
      });

      // Pointed elsewhere without a secret (the stored one goes): kept, as the row still points where it was given.
      fill();
      const moved = await s.dispatch('connections.save', {
        id: saved.id,
        name: 'Acme',
        baseUrl: 'https://elsewhere.coursepath.com',
        identity: cp,
      });
      expect(moved.ok).toBe(false);
      expect(keychain.get(saved.id)).toMatchObject({ apiKey: 'acme-signing-secret-before' });

      rmSync(filler!);
      filler = null;
      const listed = await callOk(s, 'connections.list', {});
      expect(listed.map((c) => [c.name, c.baseUrl, c.secretState])).toEqual([
        ['Acme', 'https://acme.coursepath.com', 'stored'],
      ]);
    } finally {
      if (filler) rmSync(filler);
      await s.close();
    }
  }, 60_000);
});
