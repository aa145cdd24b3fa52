// A new connection's secret goes to the OS keychain before its row to SQLite (services/secretChange.ts): a
// process killed between the two left the secret in the keychain under an id nothing names, for good. The
// id is now recorded as pending first, and the next open removes the secret of a pending id no connection
// has — only those: another data folder's secrets under the same keychain service are not this one's to
// remove. A real kill (SIGKILL of a child stopped right after its keychain write), the real keychain and
// SQLite file.
import Database from 'better-sqlite3';
import { findCredentials } from '@napi-rs/keyring';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { DB_FILE } from '../../../src-main/db/dataFiles';
import { createKeychainStore } from '../../../src-main/services/credentials';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { tempDir } from '../../helpers/tempDir';
import { tsxChild } from '../../helpers/tsxChild';

const SERVICE = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk';
const SAVING_CHILD = fileURLToPath(new URL('../../helpers/savingChild.ts', import.meta.url));
const SECRET = 'killed-save-signing-secret-7Qx';
const accounts = () => findCredentials(SERVICE).map((c) => c.account);

/** Runs the save in a child, kills it once the secret is in the keychain; the id it was saved under. */
async function killedSave(dataDir: string): Promise<string> {
  const { child, exited } = tsxChild(SAVING_CHILD, [dataDir, 'Killed', SECRET]);
  const id = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^written (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(({ code }) => reject(new Error(`the child ended (${code}) before its keychain write: ${out}`)));
  });
  child.kill('SIGKILL');
  expect((await exited).code).toBeNull();
  return id;
}

describe('a new connection whose save is killed between the keychain and the database', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const keychain = createKeychainStore(SERVICE);
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
    for (const account of accounts()) keychain.delete(account.replace(/^connection:/, ''));
  });

  it('has its secret removed from the keychain when the data folder is next opened; no other secret goes', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // Another data folder's connection, under the same keychain service: no connection here names it.
    keychain.set('other-folder-connection', { api: 'coursepath', apiKey: 'other-folder-secret' });
    // This folder's own connection, saved whole before.
    const first = await createServices({ dataDir: dir.path, sandbox: false });
    const kept = await callOk(first, 'connections.save', {
      name: 'Kept',
      baseUrl: 'https://kept.coursepath.com',
      identity: { api: 'coursepath', email: 'admin@kept.example' },
      secret: 'kept-signing-secret',
    });
    await first.close();

    const id = await killedSave(dir.path);
    expect(accounts()).toContain(`connection:${id}`); // the secret is there, and its row is not
    const raw = new Database(join(dir.path, DB_FILE), { readonly: true });
    expect(raw.prepare('SELECT id FROM connections').pluck().all()).toEqual([kept.id]);
    raw.close();
    expect(readAllFiles(dir.path)).not.toContain(SECRET); // what was recorded is the id only

    const s = await createServices({ dataDir: dir.path, sandbox: false });
    try {
      expect(accounts()).not.toContain(`connection:${id}`);
      expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
      expect(keychain.get('other-folder-connection')).toMatchObject({ apiKey: 'other-folder-secret' });
      expect(keychain.get(kept.id)).toMatchObject({ apiKey: 'kept-signing-secret' });
      const listed = await callOk(s, 'connections.list', {});
      expect(listed.map((c) => [c.name, c.secretState])).toEqual([['Kept', 'stored']]);
    } finally {
      await s.close();
    }
  });

  it('a save whose row fails and whose secret the keychain then will not remove has it removed at the next open', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // A keychain that takes the secret and then refuses to remove it (locked in between).
    const s = await createServices({
      dataDir: dir.path,
      sandbox: false,
      credentials: {
        ...keychain,
        delete() {
          throw new Error('Could not remove a secret from the OS keychain. The OS keychain is locked.');
        },
      },
    });
    let id = '';
    try {
      // The row cannot be written (a real SQLite refusal), after the secret went to the keychain.
      s.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON connections BEGIN SELECT RAISE(ABORT, 'no room'); END`);
      const before = accounts();
      const r = await s.dispatch('connections.save', {
        name: 'Refused',
        baseUrl: 'https://refused.coursepath.com',
        identity: { api: 'coursepath', email: 'admin@refused.example' },
        secret: SECRET,
      });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toContain('it is removed the next time Bulk Desk opens this data folder');
        expect(r.error.message).not.toContain(SECRET);
      }
      const added = accounts().filter((a) => !before.includes(a));
      expect(added).toHaveLength(1);
      id = added[0]!.replace(/^connection:/, '');
      s.db.exec('DROP TRIGGER refuse');
    } finally {
      await s.close();
    }
    const again = await createServices({ dataDir: dir.path, sandbox: false });
    try {
      expect(accounts()).not.toContain(`connection:${id}`);
      expect(again.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    } finally {
      await again.close();
    }
  });

  it('a save that completes leaves nothing pending, and its secret stays through the next open', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await createServices({ dataDir: dir.path, sandbox: false });
    const saved = await callOk(s, 'connections.save', {
      name: 'Whole',
      baseUrl: 'https://whole.coursepath.com',
      identity: { api: 'coursepath', email: 'admin@whole.example' },
      secret: 'whole-signing-secret',
    });
    expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    await s.close();
    const again = await createServices({ dataDir: dir.path, sandbox: false });
    try {
      expect(keychain.get(saved.id)).toMatchObject({ apiKey: 'whole-signing-secret' });
    } finally {
      await again.close();
    }
  });
});
