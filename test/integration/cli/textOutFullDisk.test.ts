// `recipes export --out FILE` (and `mappings auto --out`) on a disk without room: the file was created
// and written in place, so an empty file was left under the name asked for, and the error named the
// database ("The disk holding …/bulk-desk.sqlite is full", on a disk that had room) rather than the file
// being written. Written whole or not at all now, as every export is (README: a hidden temporary file
// renamed into place), and the error names that file. A real full disk: a small tmpfs, filled.
import { execFileSync } from 'node:child_process';
import { readdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, useCliWorld } from './runCli';

describe('a text --out file on a full disk', () => {
  const w = useCliWorld();
  let disk: ReturnType<typeof tempDir> | null = null;
  let mounted = false;
  afterEach(() => {
    if (mounted) execFileSync('umount', [disk!.path]);
    mounted = false;
    disk?.remove();
    disk = null;
  });

  it('recipes export --out leaves no file behind and names the file it could not write', async (ctx) => {
    disk = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk.path], { stdio: 'pipe' });
      mounted = true;
    } catch (e) {
      console.log(
        `skipped: a small tmpfs is needed for a real full disk (${(e as Error).message.split('\n')[0]})`,
      );
      ctx.skip();
    }
    const dir = (w.dir = tempDir()); // the data folder, on a disk with room
    const out = join(disk.path, 'onboard.recipe.yaml');
    const fs = statfsSync(disk.path);
    writeFileSync(join(disk.path, 'filler.bin'), Buffer.alloc(fs.bavail * fs.bsize));

    const r = await cli(['recipes', 'export', 'coursepath.onboard', '--out', out, '--data-dir', dir.path]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`Could not write ${out}: its disk is full`);
    expect(r.stderr).not.toContain('bulk-desk.sqlite');
    expect(readdirSync(disk.path)).toEqual(['filler.bin']);
  });
});
