// The database is checked on open (issue 20, item 9): a file with damaged pages, and an empty (0-byte)
// file in a folder that has been used before, are reported with what to do — never opened as if nothing
// were wrong, never silently replaced by an empty store. The backup of the last good file is offered,
// and `bulk-desk data restore-backup` puts it back, keeping the damaged file beside it.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { damage } from '../../helpers/damageDb';
import { useTempServices } from '../../helpers/tempServices';
import { cli } from '../cli/runCli';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe('the database on open', () => {
  const temp = useTempServices();

  /** A data folder holding one imported file (5,000 rows), backed up after it was imported. */
  async function usedFolder(): Promise<{ dir: string; file: string; datasetId: string }> {
    const s = await temp.open({ sandbox: false });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(5000));
    await temp.reopen({ sandbox: false, backupEveryMs: 0 }); // the backup now holds the file
    await temp.close();
    return { dir: temp.dir, file: join(temp.dir, 'bulk-desk.sqlite'), datasetId };
  }

  it('reports damaged pages with the backup and how to restore it; the file is left as it was', async () => {
    const { dir, file, datasetId } = await usedFolder();
    damage(file);
    const before = hash(file);

    const opened = createServices({ dataDir: dir, sandbox: false });
    await expect(opened).rejects.toThrow(/The database .*bulk-desk\.sqlite is damaged \(/);
    const message = await opened.catch((e: Error) => e.message);
    expect(message).toContain(join(dir, 'bulk-desk.backup.sqlite'));
    expect(message).toContain('bulk-desk data restore-backup');
    expect(message).toMatch(/has not opened or changed it/);
    expect(hash(file)).toBe(before);

    // The CLI says the same, and exits 1.
    const listed = await cli(['jobs', 'list', '--data-dir', dir]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(/is damaged/);
    // The command to paste names the data folder it was given (without it, the default folder is meant).
    expect(listed.stderr).toContain(`"bulk-desk data restore-backup --data-dir ${dir}"`);

    const restored = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored .*bulk-desk\.sqlite from the backup made /);
    const kept = readdirSync(dir).find((f) => f.startsWith('bulk-desk.sqlite.damaged-'));
    expect(kept).toBeDefined();
    expect(hash(join(dir, kept!))).toBe(before); // the damaged file is kept, untouched

    const s = await createServices({ dataDir: dir, sandbox: false });
    try {
      const datasets = await callOk(s, 'datasets.list', {});
      expect(datasets.map((d) => [d.id, d.rowCount])).toEqual([[datasetId, 5000]]);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('does not offer a backup that is damaged too', async () => {
    const { dir, file } = await usedFolder();
    damage(file);
    damage(join(dir, 'bulk-desk.backup.sqlite'));
    const restored = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(restored.code).toBe(1);
    expect(restored.stderr).toMatch(/The backup .* is damaged too .* Nothing was changed/);

    const listed = await cli(['jobs', 'list', '--data-dir', dir]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(/bulk-desk\.sqlite is damaged/);
    expect(listed.stderr).toMatch(/The backup .*bulk-desk\.backup\.sqlite is damaged too/);
    expect(listed.stderr).not.toContain('restore-backup');
    expect(listed.stderr).not.toContain('last good copy');
    expect(listed.stderr).toMatch(
      /To start again with an empty database, move .*bulk-desk\.sqlite elsewhere/,
    );
  }, 60_000);

  it('keeps the backup private (0600), and a restored database is 0600 at once', async () => {
    const { dir, file } = await usedFolder();
    const backup = join(dir, 'bulk-desk.backup.sqlite');
    expect(mode(backup)).toBe('600'); // a full copy of the data, like the database itself
    chmodSync(backup, 0o644); // as an older version left it: tightened at the next open
    await createServices({ dataDir: dir, sandbox: false }).then((s) => s.close());
    expect(mode(backup)).toBe('600');

    chmodSync(backup, 0o644);
    const restored = await cli(['data', 'restore-backup', '--force', '--data-dir', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(mode(file)).toBe('600'); // before anything opens it again
  }, 60_000);

  it('refuses an empty (0-byte) database in a folder that has been used before, and does not replace it', async () => {
    const { dir, file } = await usedFolder();
    writeFileSync(file, ''); // what a bad sync tool or a full disk at the wrong moment leaves
    const opened = createServices({ dataDir: dir, sandbox: false });
    await expect(opened).rejects.toThrow(/bulk-desk\.sqlite is empty \(0 bytes\), but this data folder has been used before/);
    const message = await opened.catch((e: Error) => e.message);
    expect(message).toContain('bulk-desk data restore-backup');
    expect(statSync(file).size).toBe(0); // not replaced by an empty store
    // The way to start afresh it gives works: followed, the folder opens (deleting the file alone did not:
    // the backup beside it still said the folder had been used, so the next start refused again).
    const afresh = /To start afresh with no history instead, delete (\S+) and move (\S+) elsewhere\.$/.exec(String(message));
    expect(afresh?.slice(1)).toEqual([file, join(dir, 'bulk-desk.backup.sqlite')]);
    rmSync(file);
    renameSync(join(dir, 'bulk-desk.backup.sqlite'), join(dir, 'old-backup.sqlite'));
    const s = await temp.reopen({ sandbox: false });
    expect(await callOk(s, 'datasets.list', {})).toEqual([]);
  }, 60_000);

  it('refuses a missing database in a folder that has been used before: the backup is not replaced by an empty store', async () => {
    const { dir, file, datasetId } = await usedFolder();
    const backup = join(dir, 'bulk-desk.backup.sqlite');
    const kept = hash(backup);
    rmSync(file); // deleted by hand, a clean-up tool, or a sync client that lost it
    const opened = createServices({ dataDir: dir, sandbox: false, backupEveryMs: 0 });
    await expect(opened).rejects.toThrow(/bulk-desk\.sqlite is missing, but this data folder has been used before/);
    const message = await opened.catch((e: Error) => e.message);
    expect(message).toContain('bulk-desk data restore-backup');
    expect(existsSync(file)).toBe(false); // no empty store made in its place
    expect(hash(backup)).toBe(kept); // and the backup, the only copy left, untouched
    expect(message).toMatch(/To start afresh with no history instead, move \S+bulk-desk\.backup\.sqlite elsewhere\.$/);
    // Put back as the message says, the history is there.
    const restored = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(restored.code).toBe(0);
    const s = await temp.reopen({ sandbox: false });
    expect((await callOk(s, 'datasets.get', { datasetId })).rowCount).toBe(5000);
  }, 90_000);

  it('starts afresh on a missing or empty file in a new folder, and keeps a backup from then on', async () => {
    const s = await temp.open({ sandbox: false });
    await temp.close();
    expect(existsSync(join(temp.dir, 'bulk-desk.backup.sqlite'))).toBe(true);
    expect(s.dbFile).toBe(join(temp.dir, 'bulk-desk.sqlite'));
  });

  it('restore-backup will not replace a database that passes its check unless told to', async () => {
    const { dir, file } = await usedFolder();
    const before = hash(file);
    const r = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/passes its check, so it was not replaced.*add --force/);
    expect(hash(file)).toBe(before);
    const forced = await cli(['data', 'restore-backup', '--force', '--data-dir', dir]);
    expect(forced.code, forced.stderr).toBe(0);
  }, 60_000);

  it('bounds the check in time: past the bound the file is opened and the late answer logged', async () => {
    const { dir } = await usedFolder();
    const log: string[] = [];
    const s = await createServices({ dataDir: dir, sandbox: false, checkTimeoutMs: 0, log: (l) => log.push(l) });
    await s.close();
    expect(log.some((l) => /did not finish in time; opened unchecked/.test(l))).toBe(true);
  }, 60_000);
});
