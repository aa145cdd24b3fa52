// The data folder's smaller edges (issue 20, item 10):
//  - a stale lock file whose PID now belongs to another process (PID 1 is always alive) no longer locks
//    the admin out; a lock that is really held is refused naming the lock file and how to clear it;
//  - a job is never created before its secret has been read: a missing secret leaves no orphan job;
//  - a read-only data folder is reported in words, naming the folder.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { cli } from '../cli/runCli';

const startTicks = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

describe('the data folder', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  let mounted: string | null = null;
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    if (mounted) execFileSync('umount', [mounted]);
    mounted = null;
    dir?.remove();
    dir = null;
  });

  it('takes over a lock file whose PID was reused by another process (PID 1), in either format', async () => {
    dir = tempDir();
    const lock = join(dir.path, 'bulk-desk.lock');
    writeFileSync(lock, '1'); // an older version's lock, left by a crash; PID 1 is init now
    const s = await createServices({ dataDir: dir.path, sandbox: false });
    await s.close();
    writeFileSync(lock, JSON.stringify({ pid: 1, startTicks: '123', token: 'x', at: Date.now() }));
    const again = await createServices({ dataDir: dir.path, sandbox: false });
    await again.close();
  });

  it('refuses a lock that is really held, naming the lock file and how to clear it', async () => {
    dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    cleanups.push(() => other.kill());
    await new Promise((r) => setTimeout(r, 100));
    const lock = join(dir.path, 'bulk-desk.lock');
    writeFileSync(lock, JSON.stringify({ pid: other.pid, startTicks: startTicks(other.pid!), token: 'y', at: Date.now() }));
    const r = await cli(['jobs', 'list', '--data-dir', dir.path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Another Bulk Desk (process ${other.pid}`);
    expect(r.stderr).toContain(`delete ${lock} and try again`);
  });

  it('reads the secret before it creates a job: none is left behind when it is missing', async () => {
    dir = tempDir();
    const s = await createServices({ dataDir: dir.path, sandbox: true });
    cleanups.push(() => s.close());
    const conn = await saveCoursepathConnection(s, s.sandbox!, 'No secret');
    s.credentials.delete(conn.id); // gone from the keychain (another machine, a wiped keyring…)
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3));
    const created = await s.dispatch('jobs.create', {
      datasetId,
      connectionId: conn.id,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' } } },
    });
    expect(created.ok).toBe(false);
    expect(!created.ok && created.error).toMatchObject({ code: 'CREDENTIALS', message: expect.stringMatching(/No secret is stored for "No secret"/) });
    expect(await callOk(s, 'jobs.list', {})).toEqual([]);
    // A dry run signs nothing, so it needs no secret.
    const dry = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: conn.id,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' } } },
      options: { dryRun: true },
    });
    expect(dry.state).toBe('ready');
  });

  it('says in words that a read-only data folder cannot be written, naming it', async (ctx) => {
    dir = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', dir.path], { stdio: 'pipe' });
      mounted = dir.path;
    } catch (e) {
      console.log(`skipped: a read-only mount is needed and mount is not permitted here (${(e as Error).message.split('\n')[0]})`);
      ctx.skip();
    }
    const opened = createServices({ dataDir: dir.path, sandbox: false });
    await expect(opened).rejects.toThrow(
      `The data folder ${dir.path} cannot be written (it is on a read-only file system; EROFS)`,
    );
    const r = await cli(['jobs', 'list', '--data-dir', dir.path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/choose another one with --data-dir or BULKDESK_DATA_DIR/);
    expect(r.stderr).not.toMatch(/EROFS: read-only file system, open/); // not the raw error
  });
});
