// A command that only reads (`jobs list`, `datasets list`, `plans list`…) opens the database read-only,
// without the folder's lock (db/openForReading.ts). Noted at review: against a damaged file it said so,
// as every command does, but left an empty write-ahead log (-wal) and its index (-shm) beside the
// database's backup, which its check had opened read-only — an admin reads them as part of what was lost.
// damagedLeavesNoEmptyLog.test.ts watches the writer's open; this watches the reading commands' (it fails
// on the commit before removeEmptyLog, dd708bb^: four files where there were two). Real parts: a SQLite
// file and its backup, the built CLI.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { damage } from '../../helpers/damageDb';
import { folderFiles } from '../../helpers/folderFiles';
import { useTempServices } from '../../helpers/tempServices';
import { cli } from '../cli/runCli';

describe('a command that only reads, on a damaged database', () => {
  const temp = useTempServices();

  it('says the file is damaged and leaves the data folder as it found it', async () => {
    const s = await temp.open({ sandbox: false });
    seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3000));
    await temp.reopen({ sandbox: false, backupEveryMs: 0 }); // the backup now holds the file
    await temp.close();
    const file = join(temp.dir, 'bulk-desk.sqlite');
    damage(file);
    const before = folderFiles(temp.dir);
    expect(before).toEqual([
      expect.stringMatching(/^bulk-desk\.backup\.sqlite /),
      expect.stringMatching(/^bulk-desk\.sqlite /),
    ]);

    for (const command of [
      ['jobs', 'list'],
      ['plans', 'list'],
    ]) {
      const r = await cli([...command, '--data-dir', temp.dir]);
      expect(r.code, `${command.join(' ')}: ${r.stdout}${r.stderr}`).not.toBe(0);
      expect(r.stderr).toMatch(/bulk-desk\.sqlite is damaged/);
      expect(folderFiles(temp.dir), command.join(' ')).toEqual(before);
    }
  }, 120_000);
});
