// `bulk-desk sync run` over every connection syncs those with a stored secret (README). One without its
// secret (removed when its address changed) was left out without a word: exit 0 and a table without it,
// so a nightly script and its reports went on with that LMS's old data as if it had been synced.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk sync run: a connection it cannot sync', () => {
  const w = useCliWorld();

  it('names the connection left out, why, and the command that gives it its secret', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 13 }));
    const D = ['--data-dir', dir.path];
    await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Kept');
    const other = await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Moved');
    const edit = await cliHere(['connections', 'edit', other.id, '--base-url', sandbox.url.replace('127.0.0.1', 'localhost'), ...D]);
    expect(edit.code, edit.stderr).toBe(0);

    const r = await cliHere(['sync', 'run', ...D]);
    expect(r.code, r.stderr).toBe(0); // every connection with a secret synced, as documented
    expect(r.stderr).toContain(`Not synced: Moved (${other.id}): no secret is stored.`);
    expect(r.stderr).toContain(`bulk-desk connections edit ${other.id} --secret-stdin --data-dir ${dir.path}`);
    expect(r.stdout).toContain('Kept');
  });
});
