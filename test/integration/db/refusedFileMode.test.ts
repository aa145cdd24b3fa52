// A database Bulk Desk refuses to open — written by a newer Bulk Desk, or another program's SQLite file —
// is left exactly as it was, its permissions included: the open tightened it to 0600 first and refused
// it after, so a file another program (or the newer app, or a shared folder's group) reads was made
// unreadable to it by a Bulk Desk that then said "Bulk Desk has not changed it".
import Database from 'better-sqlite3';
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
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
});
