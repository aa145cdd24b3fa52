// `bulk-desk data restore-backup` on a data folder the file system will not let it write (a read-only
// mount): said of the folder, as every other command says it — not "bulk-desk.sqlite cannot be written"
// around the raw error of opening the lock file, a file the admin never named.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli } from './runCli';

describe('restore-backup on a read-only data folder', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  let mounted: string | null = null;
  afterEach(() => {
    if (mounted) execFileSync('umount', [mounted]);
    mounted = null;
    dir?.remove();
    dir = null;
  });

  it('names the folder and the cause, and what to do', async (ctx) => {
    dir = tempDir();
    const data = join(dir.path, 'data');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir.path], { stdio: 'pipe' });
      mounted = dir.path;
    } catch (e) {
      console.log(`skipped: a read-only mount is needed and mount is not permitted here (${(e as Error).message.split('\n')[0]})`);
      ctx.skip();
    }
    mkdirSync(data);
    const made = await cli(['datasets', 'list', '--data-dir', data]); // a database and its backup
    expect(made.code, made.stderr).toBe(0);
    copyFileSync(join(data, 'bulk-desk.sqlite'), join(data, 'bulk-desk.backup.sqlite'));
    execFileSync('mount', ['-o', 'remount,ro', dir.path]);

    const r = await cli(['data', 'restore-backup', '--force', '--data-dir', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The data folder ${data} cannot be written (it is on a read-only file system; EROFS)`);
    expect(r.stderr).toMatch(/choose another one with --data-dir or BULKDESK_DATA_DIR/);
    expect(r.stderr).not.toMatch(/EROFS: read-only file system, open/); // not the raw error
  });
});
