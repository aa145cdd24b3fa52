// A connection pointed at another address (or account) without a new secret loses its stored one: a key is
// only sent where it was given. The secret used to be removed from the OS keychain before the row was
// written, so a process killed between the two left the connection at its old address with no secret —
// never a wrong one, but lost. The row is now committed first, naming no keychain entry (nothing is sent
// with the old secret from then on), with the old entries recorded to remove; they are removed after it,
// or at the next open. A real kill (SIGKILL of a child stopped at its keychain removal), the real keychain
// and SQLite file.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { tempDir } from '../../helpers/tempDir';
import { useKeychainFixture } from '../../helpers/keychainFixture';
import { tsxChild } from '../../helpers/tsxChild';

const { accounts, dirs } = useKeychainFixture();
const MOVING_CHILD = fileURLToPath(new URL('../../helpers/movingChild.ts', import.meta.url));
const SECRET = 'moved-connection-signing-secret-8Hd';
const OLD = 'https://acme.coursepath.com';
const NEW = 'https://elsewhere.coursepath.com';

/** A data folder with connection Acme and its secret, saved whole. */
async function savedAcme(): Promise<{ dir: string; id: string }> {
  const dir = tempDir();
  dirs.push(dir);
  const s = await createServices({ dataDir: dir.path, sandbox: false });
  const { id } = await callOk(s, 'connections.save', {
    name: 'Acme',
    baseUrl: OLD,
    identity: { api: 'coursepath', email: 'admin@acme.example' },
    secret: SECRET,
  });
  await s.close();
  return { dir: dir.path, id };
}

/** Points the connection at NEW in a child, killed at its keychain removal (before or after it is done). */
async function killedMove(dir: string, id: string, when: 'before' | 'after'): Promise<void> {
  const { child, exited } = tsxChild(MOVING_CHILD, [dir, id, NEW, when]);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^removing \S+$/m.test(out)) resolve();
    });
    void exited.then(({ code }) =>
      reject(new Error(`the child ended (${code}) before its keychain removal: ${out}`)),
    );
  });
  child.kill('SIGKILL');
  expect((await exited).code).toBeNull();
}

describe('a connection pointed elsewhere without a new secret, killed at the keychain removal', () => {
  for (const when of ['after', 'before'] as const) {
    it(`killed ${when} the removal: the move is saved, no secret is kept or sent for it (${when})`, async () => {
      const { dir, id } = await savedAcme();
      await killedMove(dir, id, when);
      expect(readAllFiles(dir)).not.toContain(SECRET);

      const s = await createServices({ dataDir: dir, sandbox: false });
      try {
        const [c] = await callOk(s, 'connections.list', {});
        // At its old address it would have to keep its secret; at the new one it must have none.
        expect([
          [OLD, 'stored'],
          [NEW, 'missing'],
        ]).toContainEqual([c!.baseUrl, c!.secretState]);
        expect([c!.baseUrl, c!.secretState]).toEqual([NEW, 'missing']);
        expect(s.credentials.get(id)).toBeNull();
        // The old entry is gone from the keychain, by the child or by this open, and nothing is left pending.
        expect(accounts().filter((a) => a.startsWith(`connection:${id}`))).toEqual([]);
        expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
        // A new secret for the new address is taken and used as any edit's.
        await callOk(s, 'connections.save', {
          id,
          name: 'Acme',
          baseUrl: NEW,
          identity: { api: 'coursepath', email: 'admin@acme.example' },
          secret: 'new-address-signing-secret',
        });
        expect(s.credentials.get(id)).toMatchObject({ apiKey: 'new-address-signing-secret' });
      } finally {
        await s.close();
      }
    });
  }

  it('a move that completes removes the old entry at once and leaves nothing pending', async () => {
    const { dir, id } = await savedAcme();
    const s = await createServices({ dataDir: dir, sandbox: false });
    try {
      const moved = await callOk(s, 'connections.save', {
        id,
        name: 'Acme',
        baseUrl: NEW,
        identity: { api: 'coursepath', email: 'admin@acme.example' },
      });
      expect(moved.secretRemoved).toBe(true);
      expect(moved.secretState).toBe('missing');
      expect(accounts().filter((a) => a.startsWith(`connection:${id}`))).toEqual([]);
      expect(s.db.prepare('SELECT count(*) FROM pending_secrets').pluck().get()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
