// A command that only reads, on a full disk with no -wal or -shm, and a database larger than it reads
// into memory (DB_IMAGE_MAX_BYTES, 256 MB): the file is read in place with the log's index kept in memory
// (`ownNoIndex`), which holds the file while it reads; so its check runs first, alone, and the read waits
// for the verdict however long it takes — a damaged file is refused, never opened unchecked. The cap is a
// parameter (`imageMaxBytes`), so a file of a few hundred KB stands for a large one here.
import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/dataFiles';
import { openForReading } from '../../../src-main/db/openForReading';
import { createServices } from '../../../src-main/services';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';

const listing = (dir: string) => readdirSync(dir).sort();

describe('a read on a full disk of a database too large to read into memory', () => {
  const disk = useSmallDisk();

  /** A closed data folder on a full disk of its own, holding one imported file. */
  async function fullFolder(
    ctx: { skip: () => void },
    rows: number,
  ): Promise<{ dir: string; file: string; id: string }> {
    const dir = disk.mount(ctx, '16m');
    const w = await createServices({ dataDir: dir, sandbox: false });
    const id = seedDataset(w.db, ['email', 'first_name', 'last_name'], userRows(rows));
    await w.close();
    fillDisk(dir);
    return { dir, file: join(dir, DB_FILE), id };
  }

  it('reads the file in place, after its check however late, and leaves the folder as it was', async (ctx) => {
    const { dir, file, id } = await fullFolder(ctx, 2000);
    const imageMaxBytes = statSync(file).size - 1;
    const before = listing(dir);

    // Under the cap, the same file is read from a copy in memory (the path the cap chooses between).
    const small = await openForReading(dir, {
      lockedByOther: false,
      log: () => {},
      imageMaxBytes: imageMaxBytes + 1,
    });
    expect(small?.name).not.toBe(file);
    small?.close();

    const log: string[] = [];
    const db = await openForReading(dir, {
      lockedByOther: false,
      log: (l) => log.push(l),
      imageMaxBytes,
      checkTimeoutMs: 0,
    });
    expect(db).not.toBeNull(); // not left to a writer's open, which says "disk is full" to a read
    try {
      expect(db!.name).toBe(file); // read in place, not copied into memory
      expect(db!.prepare('SELECT id FROM datasets').pluck().all()).toEqual([id]);
      expect(() => db!.exec('CREATE TABLE written (a)')).toThrow(/readonly|query_only/i);
    } finally {
      db!.close();
    }
    expect(log.some((l) => /takes longer than 0 ms; the read waits for it/.test(l))).toBe(true);
    expect(log.filter((l) => /opened unchecked|as a writer|DAMAGED/.test(l))).toEqual([]);
    expect(listing(dir)).toEqual(before); // nothing made beside it: no -wal, no -shm
  });

  it('a damaged file is refused after the check it waited for, not opened unchecked', async (ctx) => {
    const { dir, file } = await fullFolder(ctx, 2000);
    const fd = openSync(file, 'r+');
    const pages = statSync(file).size / 4096;
    for (const p of [Math.floor(pages / 2), pages - 3])
      writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
    closeSync(fd);
    const before = listing(dir);
    const log: string[] = [];
    await expect(
      openForReading(dir, {
        lockedByOther: false,
        log: (l) => log.push(l),
        imageMaxBytes: statSync(file).size - 1,
        checkTimeoutMs: 0,
      }),
    ).rejects.toThrow(new RegExp(`The database ${file} is damaged \\(`));
    expect(log.some((l) => /the read waits for it/.test(l))).toBe(true);
    expect(listing(dir)).toEqual(before);
  });
});
