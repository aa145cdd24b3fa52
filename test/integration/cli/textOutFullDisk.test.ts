// `recipes export --out FILE` (and `mappings auto --out`) on a disk without room: the file was created
// and written in place, so an empty file was left under the name asked for, and the error named the
// database ("The disk holding …/bulk-desk.sqlite is full", on a disk that had room) rather than the file
// being written. Written whole or not at all now, as every export is (README: a hidden temporary file
// renamed into place), and the error names that file. A real full disk: a small tmpfs, filled.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';
import { tempDir } from '../../helpers/tempDir';
import { cli, useCliWorld } from './runCli';

describe('a text --out file on a full disk', () => {
  const w = useCliWorld();
  const small = useSmallDisk();

  it('recipes export --out leaves no file behind and names the file it could not write', async (ctx) => {
    const disk = small.mount(ctx, '1m');
    const dir = (w.dir = tempDir()); // the data folder, on a disk with room
    const out = join(disk, 'onboard.recipe.yaml');
    fillDisk(disk);

    const r = await cli(['recipes', 'export', 'coursepath.onboard', '--out', out, '--data-dir', dir.path]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`Could not write ${out}: its disk is full`);
    expect(r.stderr).not.toContain('bulk-desk.sqlite');
    expect(readdirSync(disk)).toEqual(['filler.bin']);
  });
});
