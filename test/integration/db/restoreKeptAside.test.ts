// `bulk-desk data restore-backup --force` over a database that passes its check: the file it replaces is
// sound, not damaged, and the name it is kept under says so (bulk-desk.sqlite.replaced-<time>): an admin
// who finds a ".damaged-" file beside the database would take it for a broken copy and throw it away,
// with the work saved since the backup in it. What it is and where it went are said when it is moved.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_FILE, DB_FILE } from '../../../src-main/db/dataFiles';
import { restoreBackup } from '../../../src-main/db/restoreBackup';
import { tempDir } from '../../helpers/tempDir';
import { cli } from '../cli/runCli';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function sqliteFile(file: string, value: string): void {
  const db = new Database(file);
  db.exec('CREATE TABLE t (v TEXT)');
  db.prepare('INSERT INTO t VALUES (?)').run(value);
  db.close();
}

describe('restore-backup --force over a sound database', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    dir?.remove();
    dir = null;
  });

  it('keeps the sound file as .replaced-<time>, never .damaged-, and says where', () => {
    dir = tempDir();
    const file = join(dir.path, DB_FILE);
    sqliteFile(file, 'work saved since the backup');
    sqliteFile(join(dir.path, BACKUP_FILE), 'the backup');
    const before = hash(file);

    const r = restoreBackup(dir.path, { force: true, now: Date.UTC(2026, 0, 2, 3, 4, 5) });

    expect(r.keptAs).toBe(`${file}.replaced-2026-01-02T03-04-05-000Z`);
    expect(r.keptAsWhat).toBe('replaced');
    expect(hash(r.keptAs!)).toBe(before);
    expect(readdirSync(dir.path).filter((f) => f.includes('.damaged-'))).toEqual([]);
  });

  it('the CLI names the kept file and says it passed its check', async () => {
    dir = tempDir();
    const file = join(dir.path, DB_FILE);
    sqliteFile(file, 'work saved since the backup');
    sqliteFile(join(dir.path, BACKUP_FILE), 'the backup');

    const refused = await cli(['data', 'restore-backup', '--data-dir', dir.path]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`kept beside it as ${file}.replaced-<time>`);

    const r = await cli(['data', 'restore-backup', '--force', '--data-dir', dir.path]);
    expect(r.code, r.stderr).toBe(0);
    const kept = readdirSync(dir.path).find((f) => f.startsWith(`${DB_FILE}.replaced-`));
    expect(kept).toBeDefined();
    expect(r.stdout).toContain(
      `The file it replaced passed its check; it is kept, unchanged, as ${join(dir.path, kept!)}.`,
    );
  }, 60_000);
});
