// A write-ahead log left beside a database it does not belong to: after a crash the old file's
// bulk-desk.sqlite-wal holds its last transactions, and an admin who puts the backup back by hand
// (moving only bulk-desk.sqlite, as the advice used to say) leaves that log beside the backup's copy.
// SQLite cannot tell the log is another file's and would write its pages into the copy. The check on
// open reads without writing, so it reports the pair as damaged and leaves both files as they were; the
// advice names the -wal and -shm files that go with the database; restore-backup then puts things right.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { cli } from '../cli/runCli';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a write-ahead log beside a database it does not belong to', () => {
  const temp = useTempServices();

  /** A used folder whose database crashed with its last transactions only in its -wal; the backup is older. */
  async function crashedFolder(): Promise<{ dir: string; file: string; datasetId: string }> {
    const s = await temp.open({ sandbox: false });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(200));
    await temp.reopen({ sandbox: false, backupEveryMs: 0 }); // the backup now holds the file
    const later = await temp.reopen({ sandbox: false }); // and work saved since is not in it
    seedDataset(later.db, ['email'], userRows(3000).map((r) => [r[0]!]));
    await temp.close();
    const dir = temp.dir;
    const file = join(dir, 'bulk-desk.sqlite');

    // The database after a crash: its last transactions only in its -wal (copied while still open).
    // They write the first page alone — the header, which gives the file's size, and the schema's root —
    // so that, read over the backup, the log makes the file as long as this one with nothing of the
    // backup's using the pages past its end: quick_check's "Page N: never used", whatever the schema.
    // Transactions writing table pages would land, read over the backup, on pages the backup uses for
    // other tables (which ones depends on how many tables there are): quick_check then stops reading a
    // table with SQLITE_CORRUPT instead of listing pages (it did once migration 31 added a table).
    // As many as the file has pages: SQLite declines to checkpoint a log too small for the size it
    // gives the file, and a check that wrongly wrote the log into the file must be seen doing it.
    const raw = new Database(file);
    raw.pragma('wal_autocheckpoint = 0');
    const pages = (f: Database.Database) => f.pragma('page_count', { simple: true }) as number;
    const backup = new Database(join(dir, 'bulk-desk.backup.sqlite'), { readonly: true });
    expect(pages(raw), 'the work saved since the backup grew the file').toBeGreaterThan(pages(backup) + 3);
    backup.close();
    const version = raw.pragma('user_version', { simple: true }) as number;
    for (let i = pages(raw); i > 0; i--) raw.pragma(`user_version = ${version}`);
    copyFileSync(`${file}-wal`, join(dir, 'crashed-wal'));
    raw.close();
    copyFileSync(join(dir, 'crashed-wal'), `${file}-wal`); // as the crash left it (close removed its own)
    rmSync(join(dir, 'crashed-wal'));
    return { dir, file, datasetId };
  }

  it('is reported as damage without being written into the file, and the advice moves the -wal too', async () => {
    const { dir, file, datasetId } = await crashedFolder();

    // Put back by hand, moving only the database file: its log stays behind.
    renameSync(file, join(dir, 'moved-away.sqlite'));
    copyFileSync(join(dir, 'bulk-desk.backup.sqlite'), file);
    const before = { db: hash(file), wal: hash(`${file}-wal`) };

    const listed = await cli(['jobs', 'list', '--data-dir', dir]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(/bulk-desk\.sqlite is damaged/);
    expect(listed.stderr).toMatch(/has not opened or changed it/);
    // quick_check's findings in one line, the first three and how many more — not its report line by line.
    expect(listed.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(listed.stderr).toMatch(/is damaged \(Page \d+: [^;)]+; Page \d+: [^;)]+; Page \d+: [^;)]+; \d+ more\)/);
    // What it says is so: neither the file nor the log was touched.
    expect(hash(file)).toBe(before.db);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(hash(`${file}-wal`)).toBe(before.wal);
    // By hand, the log and its index go with the file.
    expect(listed.stderr).toContain(`${file}-wal`);
    expect(listed.stderr).toContain(`${file}-shm`);

    const restored = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    const back = await createServices({ dataDir: dir, sandbox: false });
    try {
      const datasets = await callOk(back, 'datasets.list', {});
      expect(datasets.map((d) => [d.id, d.rowCount])).toEqual([[datasetId, 200]]);
    } finally {
      await back.close();
    }
  }, 60_000);

  it('left after the database was deleted: restore-backup moves it aside with the file, not under the backup', async () => {
    const { dir, file, datasetId } = await crashedFolder();
    rmSync(file); // deleted by hand after the crash; its -wal and -shm stay
    const refused = await cli(['jobs', 'list', '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bulk-desk\.sqlite is missing, but this data folder has been used before/);

    const restored = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const kept = readdirSync(dir).find((f) => /^bulk-desk\.sqlite\.damaged-.*-wal$/.test(f));
    expect(kept, readdirSync(dir).join(', ')).toBeDefined(); // kept, not deleted: it holds the last transactions
    expect(restored.stdout).toContain(`is kept as ${join(dir, kept!)}`);

    const listed = await cli(['jobs', 'list', '--data-dir', dir]);
    expect(listed.code, listed.stderr).toBe(0);
    const back = await createServices({ dataDir: dir, sandbox: false });
    try {
      expect((await callOk(back, 'datasets.list', {})).map((d) => [d.id, d.rowCount])).toEqual([[datasetId, 200]]);
    } finally {
      await back.close();
    }
  }, 60_000);
});
