// A new connection's secret goes to the OS keychain before its row to SQLite (services/secretChange.ts): a
// process killed between the two left the secret in the keychain under an id nothing names, for good. The
// id is now recorded as pending first, and the next open removes the secret of a pending id no connection
// has — only those: another data folder's secrets under the same keychain service are not this one's to
// remove. A real kill (SIGKILL of a child stopped right after its keychain write), the real keychain and
// SQLite file.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { DB_FILE } from '../../../src-main/db/dataFiles';
import { databasePath } from '../../../src-main/db/pendingSecrets';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { tempDir } from '../../helpers/tempDir';
import { useKeychainFixture } from '../../helpers/keychainFixture';
import { tsxChild } from '../../helpers/tsxChild';

const { accounts, keychain, dirs } = useKeychainFixture();
const SAVING_CHILD = fileURLToPath(new URL('../../helpers/savingChild.ts', import.meta.url));
const SECRET = 'killed-save-signing-secret-7Qx';


/** The connection the child's edit keeps the address and account of: only its secret changes. */
const ACME = {
  name: 'Acme',
  baseUrl: 'https://acme.coursepath.com',
  identity: { api: 'coursepath' as const, email: 'admin@acme.example' },
};

/** Runs the save in a child, kills it once the secret is in the keychain; the id it was saved under. */
async function killedSave(dataDir: string, editId?: string): Promise<string> {
  const { child, exited } = tsxChild(SAVING_CHILD, [dataDir, 'Killed', SECRET, ...(editId ? [editId] : [])]);
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

describe('an edit whose save is killed between the keychain and the database', () => {

  it('leaves the connection with the secret it was saved with; the new one is removed at the next open', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = await createServices({ dataDir: dir.path, sandbox: false });
    const saved = await callOk(first, 'connections.save', {
      ...ACME,
      secret: 'saved-signing-secret',
    });
    await first.close();
    const before = accounts();

    await killedSave(dir.path, saved.id);
    expect(readAllFiles(dir.path)).not.toContain(SECRET);

    const s = await createServices({ dataDir: dir.path, sandbox: false });
    try {
      // The edit was not saved: its name is not, and neither is its secret.
      const listed = await callOk(s, 'connections.list', {});
      expect(listed.map((c) => [c.name, c.secretState])).toEqual([['Acme', 'stored']]);
      expect(s.credentials.get(saved.id)).toMatchObject({ apiKey: 'saved-signing-secret' });
      // Nothing of the killed edit stays in the keychain.
      expect(accounts().sort()).toEqual(before.sort());
      expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('an edit that completes uses its new secret, and leaves one keychain entry for the connection', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await createServices({ dataDir: dir.path, sandbox: false });
    const before = accounts();
    const saved = await callOk(s, 'connections.save', {
      ...ACME,
      secret: 'first-signing-secret',
    });
    await callOk(s, 'connections.save', { ...saved, id: saved.id, secret: 'second-signing-secret' });
    expect(s.credentials.get(saved.id)).toMatchObject({ apiKey: 'second-signing-secret' });
    expect(accounts().filter((a) => !before.includes(a))).toHaveLength(1);
    expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    await s.close();
    const again = await createServices({ dataDir: dir.path, sandbox: false });
    try {
      expect(again.credentials.get(saved.id)).toMatchObject({ apiKey: 'second-signing-secret' });
    } finally {
      await again.close();
    }
  });
  it('killed after its commit, before the secret was moved into the connection’s entry: the next open moves it', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = await createServices({ dataDir: dir.path, sandbox: false });
    const saved = await callOk(first, 'connections.save', {
      ...ACME,
      secret: 'saved-signing-secret',
    });
    // As the edit leaves it between its commit and the move: the row names the version it wrote.
    const given = { baseUrl: 'https://acme.coursepath.com', identity: saved.identity };
    keychain.set(`${saved.id}:0a1b2c3d4e5f`, {
      api: 'coursepath',
      apiKey: 'edited-signing-secret',
      givenFor: given,
      writtenBy: databasePath(first.db),
    });
    first.db.prepare("UPDATE connections SET secret_version = '0a1b2c3d4e5f' WHERE id = ?").run(saved.id);
    expect(first.credentials.get(saved.id)).toMatchObject({ apiKey: 'edited-signing-secret' }); // used at once
    await first.close();

    const s = await createServices({ dataDir: dir.path, sandbox: false });
    try {
      expect(s.credentials.get(saved.id)).toMatchObject({ apiKey: 'edited-signing-secret' });
      expect(keychain.get(saved.id)).toMatchObject({ apiKey: 'edited-signing-secret' });
      expect(accounts()).not.toContain(`connection:${saved.id}:0a1b2c3d4e5f`);
      expect(s.db.prepare('SELECT secret_version FROM connections').pluck().get()).toBeNull();
      expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('a data folder copied while a connection is being saved', () => {

  /** Copies the database files (as a backup tool or a file manager would) the moment the secret is written. */
  const copyingKeychain = (from: string, to: string) => ({
    ...keychain,
    set(id: string, value: Parameters<typeof keychain.set>[1]) {
      keychain.set(id, value);
      for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`])
        if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
    },
  });

  for (const kind of ['new', 'edited'] as const) {
    it(`opening the copy never removes the secret the original then saved (${kind} connection)`, async () => {
      const dir = tempDir();
      const copy = tempDir();
      dirs.push(dir, copy);
      let id: string | undefined;
      if (kind === 'edited') {
        const first = await createServices({ dataDir: dir.path, sandbox: false });
        id = (
          await callOk(first, 'connections.save', {
            ...ACME,
            secret: 'saved-signing-secret',
          })
        ).id;
        await first.close();
      }
      const original = await createServices({
        dataDir: dir.path,
        sandbox: false,
        credentials: copyingKeychain(dir.path, copy.path),
      });
      const saved = await callOk(original, 'connections.save', {
        ...(id ? { id } : {}),
        ...ACME,
        secret: 'original-signing-secret',
      });
      expect(existsSync(join(copy.path, DB_FILE))).toBe(true);

      const copied = await createServices({ dataDir: copy.path, sandbox: false });
      try {
        // The copy's own record of the save is gone: it was the original's to settle.
        expect(copied.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
      } finally {
        await copied.close();
      }
      try {
        expect(original.credentials.get(saved.id)).toMatchObject({ apiKey: 'original-signing-secret' });
        const listed = await callOk(original, 'connections.list', {});
        expect(listed.map((c) => c.secretState)).toEqual(['stored']);
      } finally {
        await original.close();
      }
    });
  }
});
