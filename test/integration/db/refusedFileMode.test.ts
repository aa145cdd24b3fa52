// A database Bulk Desk refuses to open — written by a newer Bulk Desk, or another program's SQLite file —
// is left exactly as it was, its permissions included: the open tightened it to 0600 first and refused
// it after, so a file another program (or the newer app, or a shared folder's group) reads was made
// unreadable to it by a Bulk Desk that then said "Bulk Desk has not changed it".
import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';

const mode = (f: string) => (statSync(f).mode & 0o777).toString(8);

describe('a refused database keeps its mode', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    dir?.remove();
    dir = null;
  });

  it('from a newer Bulk Desk: refused, still 0644, and its backup too', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const backup = join(dir.path, 'bulk-desk.backup.sqlite');
    for (const f of [file, backup]) {
      openDb(f).close();
      const raw = new Database(f);
      raw.pragma('user_version = 999');
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.close();
      chmodSync(f, 0o644);
    }
    await expect(createServices({ dataDir: dir.path, sandbox: false })).rejects.toThrow(/written by a newer Bulk Desk/);
    expect(mode(file)).toBe('644');
    expect(mode(backup)).toBe('644');
  });

  it("another program's SQLite file: refused, still 0644", async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE notes (body TEXT)');
    raw.close();
    chmodSync(file, 0o644);
    await expect(createServices({ dataDir: dir.path, sandbox: false })).rejects.toThrow(/not Bulk Desk's/);
    expect(mode(file)).toBe('644');
  });

  // A damaged file, or an empty one where the folder was used before, is refused by the check on open;
  // its mode (and the backup's) was tightened before that check ran.
  it('a damaged file: refused, still 0644, and its backup too', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const backup = join(dir.path, 'bulk-desk.backup.sqlite');
    const db = openDb(file);
    seedDataset(db, ['email', 'first_name', 'last_name'], userRows(2000));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const fd = openSync(file, 'r+');
    const pages = statSync(file).size / 4096;
    for (const p of [Math.floor(pages / 2), pages - 3]) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
    closeSync(fd);
    writeFileSync(backup, 'not a database either');
    for (const f of [file, backup]) chmodSync(f, 0o644);
    await expect(createServices({ dataDir: dir.path, sandbox: false })).rejects.toThrow(/is damaged/);
    expect(mode(file)).toBe('644');
    expect(mode(backup)).toBe('644');
  });

  it('an empty file in a folder used before: refused, still 0644', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const backup = join(dir.path, 'bulk-desk.backup.sqlite');
    openDb(backup).close();
    writeFileSync(file, '');
    for (const f of [file, backup]) chmodSync(f, 0o644);
    await expect(createServices({ dataDir: dir.path, sandbox: false })).rejects.toThrow(/is empty \(0 bytes\)/);
    expect(mode(file)).toBe('644');
    expect(mode(backup)).toBe('644');
  });

  it('a file it opens is made 0600, with its -wal, -shm and backup', async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const backup = join(dir.path, 'bulk-desk.backup.sqlite');
    openDb(file).close();
    openDb(backup).close();
    for (const f of [file, backup]) chmodSync(f, 0o644);
    const s = await createServices({ dataDir: dir.path, sandbox: false, backupEveryMs: 3_600_000 });
    try {
      for (const f of [file, `${file}-wal`, `${file}-shm`, backup]) expect(mode(f), f).toBe('600');
    } finally {
      await s.close();
    }
  });
});
