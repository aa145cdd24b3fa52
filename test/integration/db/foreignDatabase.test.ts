// A bulk-desk.sqlite that is a SQLite database but not Bulk Desk's (another program's file copied or
// renamed into the data folder, a --data-dir pointed at the wrong folder): refused naming the file and
// what it holds, before anything is written to it — not adopted as a first start, with Bulk Desk's
// tables added among the other program's and the file switched to WAL, nor migrated from a schema
// version that is another program's.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { tempDir } from '../../helpers/tempDir';
import { cli } from '../cli/runCli';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function otherProgramsFile(file: string, userVersion: number): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('beach.jpg');`);
  db.pragma(`user_version = ${userVersion}`);
  db.close();
}

describe("a SQLite file that is not Bulk Desk's", () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    dir?.remove();
    dir = null;
  });

  it.each([0, 5, 999])('schema version %i: refused naming the file and its tables, and left as it was', async (version) => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    otherProgramsFile(file, version);
    const before = hash(file);

    const opened = createServices({ dataDir: dir.path, sandbox: false });
    await expect(opened).rejects.toThrow(
      `The file ${file} is a SQLite database, but not Bulk Desk's: it holds other tables (photos)`,
    );
    const listed = await cli(['jobs', 'list', '--data-dir', dir.path]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`The file ${file} is a SQLite database, but not Bulk Desk's`);
    expect(listed.stderr).toMatch(/Bulk Desk has not changed it\. Move it elsewhere, or choose another data folder/);

    expect(hash(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(join(dir.path, 'bulk-desk.backup.sqlite'))).toBe(false);
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all()).toEqual(['photos']);
    raw.close();
  }, 30_000);

  it("a SQLite file with no tables at all is a first start (an empty database made by hand)", async () => {
    dir = tempDir();
    const file = join(dir.path, 'bulk-desk.sqlite');
    const blank = new Database(file);
    blank.exec('VACUUM');
    blank.close();
    const s = await createServices({ dataDir: dir.path, sandbox: false });
    await s.close();
  });
});
