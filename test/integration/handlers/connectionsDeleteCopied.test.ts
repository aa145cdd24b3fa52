// A copied data folder (a backup, a second profile, a test folder) holds the same connection ids as the
// original, and so names the same keychain entries ("connection:<id>"): the keychain is not copied with it.
// Deleting a connection in the copy removed the entry the original's connection still used. An entry is
// now removed only by the database that wrote it (kept with the secret in the keychain, which no copy of
// the folder carries); any other delete leaves it and says so. The real keychain, SQLite files and CLI.
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { originalAndCopy } from '../../helpers/copiedDataFolder';
import { useKeychainFixture } from '../../helpers/keychainFixture';
import { cliHere } from '../cli/runCliHere';

const { accounts, keychain, dirs } = useKeychainFixture();
const SECRET = 'original-folder-signing-secret-4Rk';
const PHRASE = 'DELETE connection Acme';

describe('deleting a connection in a copied data folder', () => {
  it("leaves the original's keychain entry, and says so; the original still uses it", async () => {
    const { original, copy, id } = await originalAndCopy(dirs, SECRET);

    const done = await cliHere(['connections', 'delete', id, '--confirm', PHRASE, '--data-dir', copy]);
    expect(done.code, done.stderr).toBe(0);
    expect(keychain.get(id)).toMatchObject({ apiKey: SECRET });
    expect(done.stdout).toContain(`Deleted connection ${id} (Acme)`);
    expect(done.stdout).toContain(`its secret stays in the OS keychain (account "connection:${id}")`);
    expect(done.stdout).toContain('another data folder may still use it');
    expect(done.stdout).not.toContain(SECRET);
    const list = await cliHere(['connections', 'list', '--json', '--data-dir', copy]);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((x) => x.id)).not.toContain(id);

    const s = await createServices({ dataDir: original, sandbox: false });
    try {
      const listed = await callOk(s, 'connections.list', {});
      expect(listed.map((c) => [c.id, c.secretState])).toEqual([[id, 'stored']]);
      expect(s.credentials.get(id)).toMatchObject({ apiKey: SECRET });
      // The original wrote it: its delete removes it, and says nothing was kept.
      const gone = await callOk(s, 'connections.delete', { id, confirm: PHRASE });
      expect(gone.secretKept).toBeNull();
      expect(accounts()).not.toContain(`connection:${id}`);
    } finally {
      await s.close();
    }
  });

  it('the question asked before the delete already says the entry stays, and why', async () => {
    const { copy, id } = await originalAndCopy(dirs, SECRET);
    const asked = await cliHere(['connections', 'delete', id, '--data-dir', copy]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain(`its secret stays in the OS keychain (account "connection:${id}")`);
    expect(asked.stderr).not.toContain('removes the connection and its secret');
    expect(asked.stderr).toContain('Add: --confirm "DELETE connection Acme"');

    const s = await createServices({ dataDir: copy, sandbox: false });
    try {
      const plan = await callOk(s, 'connections.deletePlan', { id });
      expect(plan.secretKept?.account).toBe(`connection:${id}`);
    } finally {
      await s.close();
    }
  });

  it('a secret saved before the writer was kept with it is left too: any copy may use it', async () => {
    const { original, id } = await originalAndCopy(dirs, SECRET);
    // As an earlier version wrote it: the secret and where it was given for, no writer.
    const { writtenBy, ...asBefore } = keychain.get(id)! as ReturnType<typeof keychain.get> & {
      writtenBy?: string;
    };
    expect(writtenBy).toBeTruthy();
    keychain.set(id, asBefore);
    const done = await cliHere(['connections', 'delete', id, '--confirm', PHRASE, '--data-dir', original]);
    expect(done.code, done.stderr).toBe(0);
    expect(keychain.get(id)).toMatchObject({ apiKey: SECRET });
    expect(done.stdout).toContain(`its secret stays in the OS keychain (account "connection:${id}")`);
  });
});
