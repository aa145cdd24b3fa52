// A secret belongs to the address and account it was given for (README): an edit that points a connection
// elsewhere drops it. But the keychain entry is keyed by the connection's id only, and the database can
// change under it: `bulk-desk data restore-backup` puts back a file from before the edit (or a data folder
// copied elsewhere is edited on its own). The restored connection pointed at its old address again, and the
// secret given since for the new one was signed into every request to the old one. The keychain now keeps,
// with the secret, the target it was given for; a connection pointing elsewhere sends nothing with it.
// The bin in its own process (the add, the edit with its secret on stdin, the restore, each test's first
// check), the real keychain and SQLite file, a plain node:http listener as both LMSs; the checks after a
// test's first run the same router in this process (cliHere): 15 process starts took over 60 s under load.
import { afterEach, describe, expect, it } from 'vitest';
import { signedRequestsLms, type SignedRequestsLms } from '../../helpers/signedRequestsLms';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, useCliWorld } from '../cli/runCli';
import { cliHere } from '../cli/runCliHere';

describe('a database restored from before the connection was re-pointed', () => {
  const w = useCliWorld();
  let lms: SignedRequestsLms | null = null;
  afterEach(async () => {
    await lms?.close();
    lms = null;
  });

  /**
   * A connection to the old academy, tested (so opened again: the backup is made of the file as it is now),
   * then pointed at the new academy with its own secret, then the backup restored: the connection points at
   * the old academy again while the keychain holds the new academy's secret.
   */
  async function restoredUnderNewSecret() {
    lms = await signedRequestsLms();
    const { origin, seen } = lms;
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const conn = await addCoursepath(
      { baseUrl: `${origin}/old-academy`, email: 'admin@acme.test', apiKey: 'old-academy-secret-0123456789' },
      dir.path,
      'Acme',
    );
    expect((await cliHere(['connections', 'test', conn.id, ...D])).code).toBe(0);
    const moved = await cli(
      ['connections', 'edit', conn.id, '--base-url', `${origin}/new-academy`, '--secret-stdin', ...D],
      {
        input: 'new-academy-secret-9876543210',
      },
    );
    expect(moved.code, moved.stderr).toBe(0);
    const restored = await cli(['data', 'restore-backup', '--force', ...D]);
    expect(restored.code, restored.stderr).toBe(0);
    return { origin, seen, conn, D };
  }

  it('sends nothing to the old address with the secret given for the new one, and says why', async () => {
    const { origin, seen, conn, D } = await restoredUnderNewSecret();

    seen.length = 0;
    const tested = await cli(['connections', 'test', conn.id, ...D]);
    expect(tested.code).toBe(1);
    expect(seen).toEqual([]); // nothing signed with the new academy's secret reached the old one
    expect(tested.stderr).toContain(`was given for ${origin}/new-academy (admin@acme.test)`);
    expect(tested.stderr).toContain(`now points at ${origin}/old-academy (admin@acme.test)`);
    expect(tested.stderr).toContain(`connections edit ${conn.id} --secret-stdin`);

    // The secret of the address it points at now, given again, is sent there.
    const again = await cliHere(
      ['connections', 'edit', conn.id, '--secret-stdin', ...D],
      'old-academy-secret-0123456789',
    );
    expect(again.code, again.stderr).toBe(0);
    expect((await cliHere(['connections', 'test', conn.id, ...D])).code).toBe(0);
    expect(seen).toEqual(['/old-academy/api/v1/members/me signed']);
  }, 60_000);

  it('lists the secret as given for another address, and keeps it when the connection is pointed back there', async () => {
    const { origin, seen, conn, D } = await restoredUnderNewSecret();

    // Listed as it is: a secret is there, but not one this connection can send.
    const listed = await cli(['connections', 'list', '--json', ...D]);
    const row = (
      JSON.parse(listed.stdout) as {
        id: string;
        secretState: string;
        hasSecret: boolean;
        secretProblem: string;
      }[]
    ).find((c) => c.id === conn.id)!;
    expect(row).toMatchObject({ secretState: 'elsewhere', hasSecret: false });
    expect(row.secretProblem).toContain(`given for ${origin}/new-academy (admin@acme.test)`);
    const table = await cliHere(['connections', 'list', ...D]);
    expect(table.stdout).toContain('given for another address');

    // Pointed back at the address the secret was given for: the secret is kept, and sent there.
    const back = await cliHere(['connections', 'edit', conn.id, '--base-url', `${origin}/new-academy`, ...D]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).not.toContain('stored secret was removed');
    seen.length = 0;
    const tested = await cliHere(['connections', 'test', conn.id, ...D]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(seen).toEqual(['/new-academy/api/v1/members/me signed']);
  }, 60_000);
});
