// A command that only reads opens the database read-only, without the folder's lock
// (db/openForReading.ts). With no Bulk Desk running the folder holds the database alone (its last writer
// removed the -wal and -shm as it closed), and SQLite's read-only open made both — a 0-byte -wal and the
// 32 KB index of the log, -shm — and left them behind. On a full disk the -shm could not be made: the
// open fell back to a writer's, which said "disk is full" for a command that only reads. A read leaves
// the folder as it found it, and reads on a full disk; where it truly cannot (a log to read and no room
// for its index), it says the disk is full, how much the read needs, and which folder.
import { copyFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/dataFiles';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';
import { tempDir } from '../../helpers/tempDir';
import { cliHere } from '../cli/runCliHere';

const listing = (dir: string) => readdirSync(dir).sort();

/** A folder a writer used and closed: one imported file. */
async function usedFolder(dir: string): Promise<string> {
  const s = await createServices({ dataDir: dir, sandbox: false });
  const id = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3));
  await s.close();
  return id;
}

/** Opens the folder as a reading command does, lists its datasets, and checks nothing could be written. */
async function read(dir: string): Promise<string[]> {
  const s = await createServices({ dataDir: dir, sandbox: false, readOnly: true });
  try {
    expect(existsSync(join(dir, 'bulk-desk.lock'))).toBe(false); // the reader's open, not a writer's
    expect(() => s.db.exec('CREATE TABLE written (a)')).toThrow(/readonly/);
    return (await callOk(s, 'datasets.list', {})).map((d) => d.id);
  } finally {
    await s.close();
  }
}

describe('a read leaves the data folder as it found it', () => {
  const disk = useSmallDisk();

  it('no -wal or -shm left where there was none', async () => {
    const dir = tempDir();
    try {
      const id = await usedFolder(dir.path);
      const before = listing(dir.path);
      expect(before).not.toContain(`${DB_FILE}-wal`);
      expect(await read(dir.path)).toEqual([id]);
      expect(listing(dir.path)).toEqual(before);
    } finally {
      dir.remove();
    }
  });

  it('on a full disk: reads without room for the -shm, and leaves the folder as it was', async (ctx) => {
    const dir = disk.mount(ctx, '16m');
    const id = await usedFolder(dir);
    fillDisk(dir);
    const before = listing(dir);
    expect(await read(dir)).toEqual([id]);
    expect(listing(dir)).toEqual(before);
    // The command line's reading commands likewise (they said "disk is full", exit 1).
    const listed = await cliHere(['datasets', 'list', '--json', '--data-dir', dir]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listing(dir)).toEqual(before);
  });

  it('on a full disk with a write-ahead log to read and no room for its index: says so, naming the folder', async (ctx) => {
    const dir = disk.mount(ctx, '16m');
    const file = join(dir, DB_FILE);
    const s = await createServices({ dataDir: dir, sandbox: false });
    seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3));
    copyFileSync(`${file}-wal`, join(dir, 'wal.kept')); // the log as a crash would leave it
    await s.close();
    renameSync(join(dir, 'wal.kept'), `${file}-wal`);
    fillDisk(dir);
    const before = listing(dir);
    const opened = createServices({ dataDir: dir, sandbox: false, readOnly: true });
    await expect(opened).rejects.toThrow(
      new RegExp(`The disk holding ${dir} is full: reading ${file} needs 32 KB free`),
    );
    expect(listing(dir)).toEqual(before);
  });
});
