// A bulk-desk.sqlite that is a SQLite database with nothing in it (no tables: made by a tool that opened
// the path while the file was gone, or a sync client's placeholder) beside a backup: history lost, as a
// 0-byte file is, not a first start. Opened as one, it became an empty store, and the next day's backup
// replaced the last good copy with it.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { cli } from '../cli/runCli';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a database with no tables in a folder used before', () => {
  const temp = useTempServices();

  it('is refused like an empty file, and neither it nor the backup is replaced', async () => {
    const s = await temp.open({ sandbox: false });
    seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(50));
    await temp.reopen({ sandbox: false, backupEveryMs: 0 });
    await temp.close();
    const file = join(temp.dir, 'bulk-desk.sqlite');
    const backup = join(temp.dir, 'bulk-desk.backup.sqlite');
    const kept = hash(backup);

    rmSync(file);
    const blank = new Database(file);
    blank.pragma('journal_mode = WAL'); // writes the header: a file of one page, no tables
    blank.close();
    expect(statSync(file).size).toBeGreaterThan(0);
    const before = hash(file);

    const opened = createServices({ dataDir: temp.dir, sandbox: false, backupEveryMs: 0 });
    await expect(opened).rejects.toThrow(
      /bulk-desk\.sqlite is an empty SQLite database \(no tables\), but this data folder has been used before/,
    );
    const message = await opened.catch((e: Error) => e.message);
    expect(message).toContain('bulk-desk data restore-backup');
    expect(hash(file)).toBe(before);
    expect(hash(backup)).toBe(kept);

    // The command it offers puts the history back (no --force: there is nothing in the file to keep).
    const restored = await cli(['data', 'restore-backup', '--data-dir', temp.dir]);
    expect(restored.code, restored.stderr).toBe(0);
    const back = await temp.reopen({ sandbox: false });
    expect((await callOk(back, 'datasets.list', {})).map((d) => d.rowCount)).toEqual([50]);
  }, 60_000);
});
