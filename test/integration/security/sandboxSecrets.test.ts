// The built-in sandbox's secrets are made anew at each launch and stay in this process: two data folders
// each with the sandbox (the app open, a script with its own --data-dir) used to share one keychain entry
// per sandbox connection, so the second launch's secrets replaced the first's and every request of the
// first — a running job, a sync, a connection test — was refused 401 ("Invalid JWT signature").
import { afterEach, describe, expect, it } from 'vitest';
import {
  createServices,
  SANDBOX_COASSEMBLE_ID,
  SANDBOX_COURSEPATH_ID,
  type Services,
} from '../../../src-main/services';
import { createKeychainStore } from '../../../src-main/services/credentials';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';

describe('sandbox secrets', () => {
  const open: Services[] = [];
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const d of dirs.splice(0)) d.remove();
  });

  /** Each launch its own sandbox secrets, as an unseeded sandbox (the app's, the CLI's) makes them. */
  async function launch(seed: number): Promise<Services> {
    const dir = tempDir();
    dirs.push(dir);
    const s = await createServices({ dataDir: dir.path, sandbox: { seed } });
    open.push(s);
    return s;
  }

  it("a second launch with the sandbox (another data folder) leaves the first one's sandbox connections working", async () => {
    const first = await launch(1);
    await launch(2);
    for (const id of [SANDBOX_COURSEPATH_ID, SANDBOX_COASSEMBLE_ID]) {
      const result = await callOk(first, 'connections.test', { id });
      expect(result, `${id}: ${result.message}`).toMatchObject({ ok: true });
    }
  });

  it('they never reach the OS keychain (made for this launch, gone with it)', async () => {
    await launch(3);
    const keychain = createKeychainStore();
    expect(keychain.status(SANDBOX_COURSEPATH_ID)).toEqual({ state: 'missing' });
    expect(keychain.status(SANDBOX_COASSEMBLE_ID)).toEqual({ state: 'missing' });
  });
});
