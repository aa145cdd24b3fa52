// A command that only reads, on a full disk with no -wal or -shm (no Bulk Desk running, no room for the
// log's index): it held the database exclusively for as long as it read (the index kept in memory needs
// the file alone), so another reading command — or the app starting — waited on it, and its check, also
// holding the file, overran 3 s on a large file and the read fell back to a writer's open ("disk is full"
// for a command that only reads). The file is now read into memory whole, as committed (it is small
// enough, and nothing writes it: a writer needs room for its own log index), and read there: nothing is
// held, a check overrunning its bound goes on beside the read, and no writer is opened.
import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/dataFiles';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';

const listing = (dir: string) => readdirSync(dir).sort();

describe('a read on a full disk with no write-ahead log', () => {
  const disk = useSmallDisk();

  it('holds nothing: a second read, alongside, reads at once; a late check opens no writer', async (ctx) => {
    const dir = disk.mount(ctx, '16m');
    const w = await createServices({ dataDir: dir, sandbox: false });
    const id = seedDataset(w.db, ['email', 'first_name', 'last_name'], userRows(3));
    await w.close();
    fillDisk(dir);
    const before = listing(dir);
    const log: string[] = [];
    const first = await createServices({ dataDir: dir, sandbox: false, readOnly: true, log: (l) => log.push(l) });
    try {
      expect((await callOk(first, 'datasets.list', {})).map((d) => d.id)).toEqual([id]);
      // While the first is open (a long export, say), another reading command, its check overrunning.
      const started = Date.now();
      const second = await createServices({
        dataDir: dir,
        sandbox: false,
        readOnly: true,
        checkTimeoutMs: 0,
        log: (l) => log.push(l),
      });
      try {
        expect(Date.now() - started).toBeLessThan(3_000);
        expect(() => second.db.exec('CREATE TABLE written (a)')).toThrow(/readonly/);
        expect((await callOk(second, 'datasets.list', {})).map((d) => d.id)).toEqual([id]);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
    expect(log.filter((l) => /as a writer|DAMAGED/.test(l))).toEqual([]);
    expect(listing(dir)).toEqual(before);
  });

  it('a damaged file is said to be damaged (checked in memory), not that the disk is full', async (ctx) => {
    const dir = disk.mount(ctx, '16m');
    const w = await createServices({ dataDir: dir, sandbox: false });
    seedDataset(w.db, ['email', 'first_name', 'last_name'], userRows(2000));
    await w.close();
    const file = join(dir, DB_FILE);
    const fd = openSync(file, 'r+');
    const pages = statSync(file).size / 4096;
    for (const p of [Math.floor(pages / 2), pages - 3]) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
    closeSync(fd);
    fillDisk(dir);
    const before = listing(dir);
    await expect(createServices({ dataDir: dir, sandbox: false, readOnly: true })).rejects.toThrow(
      new RegExp(`The database ${file} is damaged \\(`),
    );
    expect(listing(dir)).toEqual(before);
  });
});
