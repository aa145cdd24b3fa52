// `bulk-desk data restore-backup` on a disk without room for the copy. It moved the current database
// aside first and then failed to copy the backup in: the data folder was left with no database at all,
// so the next start opened an empty store (the history "gone", in a file named .damaged-<time>), and a
// day later that empty store's backup replaced the good one. The copy is made first; a failed copy
// leaves the folder exactly as it was. A real full disk: a small tmpfs, filled.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_FILE, DB_FILE } from '../../../src-main/db/dataFiles';
import { restoreBackup } from '../../../src-main/db/restoreBackup';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A small SQLite file holding `bytes` of data. */
function sqliteFile(file: string, bytes: number): void {
  const db = new Database(file);
  db.exec('CREATE TABLE t (b BLOB)');
  db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(bytes, 7));
  db.close();
}

describe('restore-backup on a full disk', () => {
  const disk = useSmallDisk();

  it('leaves the current database where it was when the backup cannot be copied in', (ctx) => {
    const dir = disk.mount(ctx, '8m');
    const file = join(dir, DB_FILE);
    sqliteFile(file, 100_000);
    sqliteFile(join(dir, BACKUP_FILE), 3_000_000);
    const before = hash(file);
    fillDisk(dir, 1_000_000);

    expect(() => restoreBackup(dir, { force: true, now: Date.now() })).toThrow(/ENOSPC|no space/i);
    expect(hash(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual([BACKUP_FILE, DB_FILE, 'filler.bin'].sort());
  });
});
