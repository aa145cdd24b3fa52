// A copied data folder (a backup, a second profile) names the same keychain entry as the original,
// "connection:<id>": the keychain is not copied with it. Editing the connection's secret in the copy wrote
// over the original's secret, and pointing the copy's connection elsewhere removed it. A database now
// writes and removes only entries it wrote (kept with the secret in the keychain); where the entry its
// row names was written by another, its new secret goes to an entry of its own, which its row names.
// An entry saved before the writer was kept is treated as possibly shared: never written over or removed.
// The real keychain, SQLite files copied on disk, and the CLI.
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { ACME, originalAndCopy } from '../../helpers/copiedDataFolder';
import { readAllFiles } from '../../helpers/readAllFiles';
import { useKeychainFixture } from '../../helpers/keychainFixture';
import { cliHere } from '../cli/runCliHere';

const { accounts, keychain, dirs } = useKeychainFixture();
const SECRET = 'original-folder-signing-secret-7Qp';
const COPY_SECRET = 'copied-folder-signing-secret-2Lm';

const NEW = 'https://elsewhere.coursepath.com';

/** The secret data folder `dir`'s connection `id` signs with, as a fresh open of it reads it. */
async function secretIn(dir: string, id: string): Promise<string | null> {
  const s = await createServices({ dataDir: dir, sandbox: false });
  try {
    const c = s.credentials.get(id);
    return c && 'apiKey' in c ? c.apiKey : null;
  } finally {
    await s.close();
  }
}

/** Strips the writer from entry `id`, as an earlier version wrote it. */
function asWrittenBefore(id: string): void {
  const { writtenBy, ...asBefore } = keychain.get(id)!;
  expect(writtenBy).toBeTruthy();
  keychain.set(id, asBefore);
}

describe('editing a connection in a copied data folder', () => {
  it("a new secret in the copy is the copy's own: the original keeps signing with its secret", async () => {
    const { original, copy, id } = await originalAndCopy(dirs, SECRET);

    const edited = await cliHere(
      ['connections', 'edit', id, '--secret-stdin', '--data-dir', copy],
      `${COPY_SECRET}\n`,
    );
    expect(edited.code, edited.stderr).toBe(0);
    expect(await secretIn(original, id)).toBe(SECRET);
    expect(await secretIn(copy, id)).toBe(COPY_SECRET);

    // Edited again in the copy: its earlier entry goes (it wrote it), the original's stays.
    const s = await createServices({ dataDir: copy, sandbox: false });
    try {
      await callOk(s, 'connections.save', { id, ...ACME, secret: `${COPY_SECRET}-2` });
      expect(s.credentials.get(id)).toMatchObject({ apiKey: `${COPY_SECRET}-2` });
    } finally {
      await s.close();
    }
    expect(accounts().filter((a) => a.startsWith(`connection:${id}`))).toHaveLength(2);
    expect(await secretIn(original, id)).toBe(SECRET);

    // The original edits and deletes its own: the copy goes on with its secret.
    const o = await createServices({ dataDir: original, sandbox: false });
    try {
      await callOk(o, 'connections.save', { id, ...ACME, secret: `${SECRET}-2` });
      expect(o.credentials.get(id)).toMatchObject({ apiKey: `${SECRET}-2` });
      expect(await secretIn(copy, id)).toBe(`${COPY_SECRET}-2`);
      const phrase = 'DELETE connection Acme';
      expect((await callOk(o, 'connections.delete', { id, confirm: phrase })).secretKept).toBeNull();
    } finally {
      await o.close();
    }
    expect(await secretIn(copy, id)).toBe(`${COPY_SECRET}-2`);
    for (const dir of [original, copy]) {
      expect(readAllFiles(dir)).not.toContain(SECRET);
      expect(readAllFiles(dir)).not.toContain(COPY_SECRET);
    }
  });

  it("pointed elsewhere in the copy, it leaves the original's entry, and says so", async () => {
    const { original, copy, id } = await originalAndCopy(dirs, SECRET);

    const moved = await cliHere(['connections', 'edit', id, '--base-url', NEW, '--data-dir', copy]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(await secretIn(original, id)).toBe(SECRET);
    expect(moved.stdout).toContain(`its secret stays in the OS keychain (account "connection:${id}")`);
    expect(moved.stdout).toContain('another data folder may still use it');
    expect(moved.stdout).not.toContain(SECRET);
    const listed = await cliHere(['connections', 'list', '--json', '--data-dir', copy]);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, baseUrl: NEW, secretState: 'missing' }]);

    expect(await secretIn(original, id)).toBe(SECRET);
    const s = await createServices({ dataDir: original, sandbox: false });
    try {
      expect((await callOk(s, 'connections.list', {})).map((c) => c.secretState)).toEqual(['stored']);
    } finally {
      await s.close();
    }
  });

  it('an entry saved before its writer was kept is neither written over nor removed: any copy may use it', async () => {
    const { original, copy, id } = await originalAndCopy(dirs, SECRET);
    asWrittenBefore(id);

    const edited = await cliHere(
      ['connections', 'edit', id, '--secret-stdin', '--data-dir', copy],
      `${COPY_SECRET}\n`,
    );
    expect(edited.code, edited.stderr).toBe(0);
    expect(await secretIn(copy, id)).toBe(COPY_SECRET);
    expect(await secretIn(original, id)).toBe(SECRET);

    const moved = await cliHere(['connections', 'edit', id, '--base-url', NEW, '--data-dir', original]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(`its secret stays in the OS keychain (account "connection:${id}")`);
    expect(moved.stdout).toContain('saved before Bulk Desk kept which data folder wrote it');
    expect(keychain.get(id)).toMatchObject({ apiKey: SECRET });
    expect(await secretIn(copy, id)).toBe(COPY_SECRET);
  });
});
