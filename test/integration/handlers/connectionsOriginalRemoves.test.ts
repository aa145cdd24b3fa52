// The other way round from connectionsDeleteCopied.test.ts: the ORIGINAL data folder deletes its connection,
// or points it elsewhere without a new secret, and so removes the keychain entry it wrote, "connection:<id>"
// — which a copy of the folder that never saved a secret of its own names too. The original cannot know its
// copies (nothing in the keychain or its database lists them), and must be able to remove what it wrote, so
// the entry goes. What is asked of the copy: to say so plainly, naming the connection and what to do (enter
// the secret again), both where connections are listed and when a send would need it — never a raw keychain
// error, never a request sent, and never the secret in what it says.
// The real keychain, SQLite files copied on disk, the handlers as a transport calls them.
import { describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src-main/services';
import type { ConnectionTestResult } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { ACME, originalAndCopy } from '../../helpers/copiedDataFolder';
import { useKeychainFixture } from '../../helpers/keychainFixture';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';

const { accounts, dirs } = useKeychainFixture();
const SECRET = 'original-folder-signing-secret-8Tz';

async function inFolder<T>(dir: string, f: (s: Services) => Promise<T>): Promise<T> {
  const s = await createServices({ dataDir: dir, sandbox: false });
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

/** What the copy says of connection `id`: as listed, when its job starts, and when it is tested. */
async function copySays(copy: string, id: string, jobId: string) {
  return inFolder(copy, async (s) => {
    const listed = (await callOk(s, 'connections.list', {})).find((c) => c.id === id)!;
    const start = await s.dispatch('jobs.start', { jobId });
    const test = await s.dispatch('connections.test', { id });
    return { listed, start, test };
  });
}

/** A job on the copy's connection `id`, made while its secret was there (not started). */
async function jobInCopy(copy: string, id: string): Promise<string> {
  return inFolder(copy, async (s) => {
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(2));
    return (await callOk(s, 'jobs.create', memberJobSpec(datasetId, id))).id;
  });
}

function expectSaysMissing(said: Awaited<ReturnType<typeof copySays>>, id: string): void {
  expect(said.listed).toMatchObject({ secretState: 'missing', hasSecret: false });
  expect(said.start.ok).toBe(false);
  if (said.start.ok) return;
  expect(said.start.error.code).toBe('CREDENTIALS');
  expect(said.start.error.message).toBe(
    `No secret is stored for "Acme". Edit the connection and enter it (Connections, or bulk-desk connections edit ${id} --secret-stdin).`,
  );
  // Test answers (nothing sent: no status), saying what is missing.
  expect(said.test).toMatchObject({ ok: true, value: { ok: false, status: null } });
  if (said.test.ok)
    expect((said.test.value as ConnectionTestResult).message).toContain(
      'No secret is stored for "Acme": it needs its API key or token',
    );
  expect(JSON.stringify(said)).not.toContain(SECRET);
}

describe('the original removes the entry a copy of its data folder also names', () => {
  it('deleted in the original: the copy says its connection has no secret, and how to give it one', async () => {
    const { original, copy, id } = await originalAndCopy(dirs, SECRET);
    const jobId = await jobInCopy(copy, id);
    await inFolder(original, (s) =>
      callOk(s, 'connections.delete', { id, confirm: 'DELETE connection Acme' }),
    );
    expect(accounts()).not.toContain(`connection:${id}`);

    const said = await copySays(copy, id, jobId);
    expectSaysMissing(said, id);
    // Given again in the copy, it signs with it from then on.
    await inFolder(copy, async (s) => {
      await callOk(s, 'connections.save', { id, ...ACME, secret: `${SECRET}-again` });
      expect(s.credentials.get(id)).toMatchObject({ apiKey: `${SECRET}-again` });
    });
  });

  it('pointed elsewhere in the original without a new secret: the copy says the same', async () => {
    const { original, copy, id } = await originalAndCopy(dirs, SECRET);
    const jobId = await jobInCopy(copy, id);
    await inFolder(original, async (s) => {
      const moved = await callOk(s, 'connections.save', {
        id,
        ...ACME,
        baseUrl: 'https://elsewhere.coursepath.com',
      });
      expect(moved).toMatchObject({ secretRemoved: true, secretKept: null });
    });
    expect(accounts()).not.toContain(`connection:${id}`);
    expectSaysMissing(await copySays(copy, id, jobId), id);
  });

  it('pointed elsewhere in the original with a new secret: the copy sends none of it, and says why', async () => {
    const { original, copy, id } = await originalAndCopy(dirs, SECRET);
    const jobId = await jobInCopy(copy, id);
    const NEW = 'https://elsewhere.coursepath.com';
    await inFolder(original, (s) =>
      callOk(s, 'connections.save', { id, ...ACME, baseUrl: NEW, secret: `${SECRET}-new` }),
    );

    const said = await copySays(copy, id, jobId);
    expect(said.listed).toMatchObject({ secretState: 'elsewhere', hasSecret: false });
    expect(said.listed.secretProblem).toContain(`The secret of "Acme" in the OS keychain was given for`);
    expect(said.listed.secretProblem).toContain('elsewhere.coursepath.com');
    expect(said.listed.secretProblem).toContain(
      `bulk-desk connections edit ${id} --secret-stdin, or Connections → Edit`,
    );
    expect(said.start.ok).toBe(false);
    if (!said.start.ok) expect(said.start.error.message).toContain('a key is only sent where it was given');
    // Test is refused before anything is sent, with the same words.
    expect(said.test.ok).toBe(false);
    if (!said.test.ok) expect(said.test.error.message).toContain('Nothing was sent.');
    expect(JSON.stringify(said)).not.toContain(SECRET);
  });
});
