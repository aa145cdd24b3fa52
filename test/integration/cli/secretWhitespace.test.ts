// A secret piped with more around it than one line end — a key file's blank last line, a trailing space
// copied from a web page, CRLF twice — was stored with it: every Coursepath JWT was then signed with the
// wrong secret and refused, the test blaming the secret itself; a Coassemble key was refused as "not 64
// hexadecimal characters" while it looked right. The bin, the real keychain, a real sandbox LMS.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

describe('--secret-stdin: whitespace around the secret', () => {
  const w = useCliWorld();

  it('is not part of the secret: both APIs accept the key; a blank secret is refused, nothing saved', async () => {
    const dir = (w.dir = tempDir()).path;
    const sandbox = (w.sandbox = await startSandbox({ seed: 31 }));
    const { coursepath: cp, coassemble: ca } = sandbox.credentials;
    const D = ['--data-dir', dir];
    const academy = json<{ id: string }>(
      await cli(
        ['connections', 'add', '--api', 'coursepath', '--name', 'Academy', '--base-url', cp.baseUrl, '--email', cp.email, '--secret-stdin', '--json', ...D],
        { input: `${cp.apiKey} \r\n\n` },
      ),
    );
    const workspace = json<{ id: string }>(
      await cli(
        ['connections', 'add', '--api', 'coassemble', '--name', 'Workspace', '--base-url', ca.baseUrl, '--workspace-id', ca.workspaceId, '--secret-stdin', '--json', ...D],
        { input: `\tCOASSEMBLE:${ca.workspaceId}:${ca.apiKey}  \n\n` },
      ),
    );
    for (const id of [academy.id, workspace.id]) {
      const t = await cli(['connections', 'test', id, ...D]);
      expect(t.code, t.stdout).toBe(0);
    }
    const blank = await cli(['connections', 'edit', academy.id, '--secret-stdin', ...D], { input: ' \n\n' });
    expect(blank.code).not.toBe(0);
    expect(blank.stderr).toMatch(/secret/);
    expect((await cli(['connections', 'test', academy.id, ...D])).code).toBe(0); // the stored one is kept
  }, 90_000);
});
