// The secret given on the command line by mistake — `--secret-stdin "$KEY"`, as one writes `--name Acme` —
// is refused (it is read from stdin only), but the refusal used to print it back: "unexpected argument:
// <the key>", on stderr, into a terminal's scrollback or a CI job's log. The bin in its own process.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, useCliWorld } from './runCli';

const KEY = 'f'.repeat(64);

describe('a secret given as an argument', () => {
  const w = useCliWorld();

  it('connections add --secret-stdin KEY: refused (exit 2) without printing the key, saying it is read from stdin', async () => {
    const dir = (w.dir = tempDir());
    const r = await cli([
      'connections', 'add', '--api', 'coassemble', '--name', 'Acme', '--base-url', 'https://api.coassemble.com',
      '--workspace-id', '42', '--secret-stdin', KEY, '--data-dir', dir.path,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(r.stderr).toMatch(/^Error: unexpected argument \(not shown: .*the secret is read from stdin/m);
    // A command that takes no secret still names what it did not expect.
    const other = await cli(['datasets', 'list', 'extra-word', '--data-dir', dir.path]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('unexpected argument: extra-word');
  });
});
