// `bulk-desk reports run … --out` into a folder that cannot be created: it fails at once (exit 1, as other
// write failures of --out) naming the folder and the cause. Node's recursive mkdir never returned on
// Linux's /proc/sys (each level answers ENOENT, so it kept trying), so the command hung.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk reports run --out, a folder that cannot be created', () => {
  const w = useCliWorld();

  it.runIf(process.platform === 'linux')(
    'under /proc/sys: fails fast naming the folder, not a hang',
    async () => {
      const dir = (w.dir = tempDir());
      const out = '/proc/sys/bulkdesk-x/y.csv';
      // A separate process: the hang was a synchronous loop that no test timeout could stop.
      const r = await cli(['reports', 'run', 'completionRate', '--out', out, '--data-dir', dir.path], {
        timeoutMs: 20_000,
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(
        `Could not write ${out}: the folder /proc/sys/bulkdesk-x cannot be created (ENOENT: /proc/sys takes no new folders). Choose another place.`,
      );
    },
  );

  it('a file where a folder should be: names that file', async () => {
    const dir = (w.dir = tempDir());
    const file = join(dir.path, 'notes.txt');
    writeFileSync(file, 'x');
    const out = join(file, 'sub', 'r.csv');
    const r = await cliHere(['reports', 'run', 'completionRate', '--out', out, '--data-dir', dir.path]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`Could not write ${out}: ${file} is a file, not a folder.`);
    expect(existsSync(join(dir.path, 'notes.txt'))).toBe(true);
  });

  it('missing folders are still created, level by level', async () => {
    const dir = (w.dir = tempDir());
    const out = join(dir.path, 'a', 'b', 'c', 'r.csv');
    const r = await cliHere(['reports', 'run', 'completionRate', '--out', out, '--data-dir', dir.path]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});
