// A damaged database reported, and then put right with `bulk-desk data restore-backup`, leaves the data
// folder holding only files with something in them. The checks open the database and its backup
// read-only, and SQLite then makes an empty write-ahead log (-wal, 0 bytes) and its index (-shm) beside
// each that a read-only close cannot remove: they were left beside the backup and moved aside with the
// damaged file, where an admin reads them as part of what was lost. A -wal with something in it holds
// the file's last transactions: it is never deleted, and goes aside with the file it belongs to.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { damage } from '../../helpers/damageDb';
import { folderFiles } from '../../helpers/folderFiles';
import { useTempServices } from '../../helpers/tempServices';
import { cli } from '../cli/runCli';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a damaged database reported and restored', () => {
  const temp = useTempServices();

  /** A data folder holding one imported file, backed up after it was imported, and closed. */
  async function usedFolder(): Promise<{ dir: string; file: string; datasetId: string }> {
    const s = await temp.open({ sandbox: false });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3000));
    await temp.reopen({ sandbox: false, backupEveryMs: 0 }); // the backup now holds the file
    await temp.close();
    return { dir: temp.dir, file: join(temp.dir, 'bulk-desk.sqlite'), datasetId };
  }

  it('leaves no empty -wal or -shm beside the database, the backup or the file moved aside', async () => {
    const { dir, file, datasetId } = await usedFolder();
    damage(file);
    const before = folderFiles(dir);
    expect(before).toEqual([
      expect.stringMatching(/^bulk-desk\.backup\.sqlite /),
      expect.stringMatching(/^bulk-desk\.sqlite /),
    ]);

    await expect(createServices({ dataDir: dir, sandbox: false })).rejects.toThrow(
      /bulk-desk\.sqlite is damaged/,
    );
    expect(folderFiles(dir)).toEqual(before); // reported: the folder as it was

    const restored = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    const kept = readdirSync(dir).find((f) => /^bulk-desk\.sqlite\.damaged-[\dT-]+Z$/.test(f));
    expect(kept, folderFiles(dir).join(', ')).toBeDefined();
    expect(folderFiles(dir)).toEqual([
      expect.stringMatching(/^bulk-desk\.backup\.sqlite /),
      expect.stringMatching(/^bulk-desk\.sqlite /),
      expect.stringMatching(new RegExp(`^${kept!.replace(/\./g, '\\.')} `)),
    ]);

    const s = await createServices({ dataDir: dir, sandbox: false });
    try {
      expect((await callOk(s, 'datasets.list', {})).map((d) => [d.id, d.rowCount])).toEqual([
        [datasetId, 3000],
      ]);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('a -wal with transactions in it is never deleted: it goes aside with its damaged file', async () => {
    const { dir, file } = await usedFolder();
    // A crash: the last transactions only in the -wal (copied while the file was still open).
    const raw = new Database(file);
    raw.pragma('wal_autocheckpoint = 0');
    raw.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = raw.prepare('INSERT INTO scratch (v) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`${'x'.repeat(200)}${i}`);
    copyFileSync(`${file}-wal`, join(dir, 'crashed-wal'));
    raw.close();
    copyFileSync(join(dir, 'crashed-wal'), `${file}-wal`);
    rmSync(join(dir, 'crashed-wal'));
    damage(file);
    const wal = hash(`${file}-wal`);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    await expect(createServices({ dataDir: dir, sandbox: false })).rejects.toThrow(
      /bulk-desk\.sqlite is damaged/,
    );
    expect(hash(`${file}-wal`)).toBe(wal); // reported, not touched
    expect(existsSync(join(dir, 'bulk-desk.backup.sqlite-wal'))).toBe(false);

    const restored = await cli(['data', 'restore-backup', '--data-dir', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    const kept = readdirSync(dir).find((f) => /^bulk-desk\.sqlite\.damaged-.*Z$/.test(f));
    expect(kept, folderFiles(dir).join(', ')).toBeDefined();
    expect(hash(join(dir, `${kept!}-wal`))).toBe(wal);
    expect(existsSync(join(dir, `${kept!}-shm`))).toBe(true); // its index goes with it
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(folderFiles(dir).filter((f) => /-(wal|shm) /.test(f))).toEqual([
      expect.stringMatching(new RegExp(`^${kept!.replace(/\./g, '\\.')}-shm `)),
      expect.stringMatching(new RegExp(`^${kept!.replace(/\./g, '\\.')}-wal `)),
    ]);
  }, 60_000);
});
