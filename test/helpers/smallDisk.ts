// A real full disk for the storage tests: a small tmpfs mounted on a temporary folder, then filled. Mounting
// needs root; where it is not permitted the test is skipped, saying why.
import { execFileSync } from 'node:child_process';
import { statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { tempDir } from './tempDir';

/**
 * `mount(ctx, size)` gives a fresh folder on a tmpfs of `size` (e.g. '16m'), unmounted and removed after
 * each test of the file that calls this.
 */
export function useSmallDisk(): { mount: (ctx: { skip: () => void }, size: string) => string } {
  let disk: ReturnType<typeof tempDir> | null = null;
  let mounted = false;
  afterEach(() => {
    if (mounted) execFileSync('umount', [disk!.path]);
    mounted = false;
    disk?.remove();
    disk = null;
  });
  return {
    mount(ctx, size) {
      disk = tempDir();
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', disk.path], { stdio: 'pipe' });
        mounted = true;
      } catch (e) {
        console.log(
          `skipped: a small tmpfs is needed for a real full disk (${(e as Error).message.split('\n')[0]})`,
        );
        ctx.skip();
      }
      return disk.path;
    },
  };
}

/** Fills the disk holding `dir` up to `leave` bytes free; the filler's path. */
export function fillDisk(dir: string, leave = 0): string {
  const filler = join(dir, 'filler.bin');
  const fs = statfsSync(dir);
  writeFileSync(filler, Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - leave)));
  return filler;
}
