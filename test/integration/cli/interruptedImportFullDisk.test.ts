// An import interrupted (the app killed mid-file) leaves a dataset 'importing'; the next open discarded
// it — a write, and on a nearly full disk a write that fails: even `datasets list` then failed, for a
// dataset no list shows. Reading commands write nothing: the discard waits for the next command that
// writes, which makes it when the disk has room. A real full disk: a small tmpfs, filled.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataset, rowAppender } from '../../../src-main/db/datasets';
import { createServices } from '../../../src-main/services';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';
import { cli } from './runCli';

const importing = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM datasets WHERE state = 'importing'`).pluck().get();
  } finally {
    db.close();
  }
};

describe('an interrupted import on a nearly full disk', () => {
  const disk = useSmallDisk();

  it('reading commands still run (the discard writes nothing until a writer opens)', async (ctx) => {
    const data = disk.mount(ctx, '16m');
    const file = join(data, 'bulk-desk.sqlite');
    const s = await createServices({ dataDir: data, sandbox: false });
    const ready = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3));
    // The app killed mid-import: 80,000 rows stored, the dataset never finished.
    const id = randomUUID();
    createDataset(s.db, { id, name: 'big', fileName: 'big.csv', importedAt: Date.now() });
    const append = rowAppender(s.db, id);
    const rows = userRows(80_000);
    for (let i = 0; i < rows.length; i += 1000) append(rows.slice(i, i + 1000), i + 2);
    await s.close();
    expect(importing(file)).toBe(1);

    // 300 KB free: room for a reader's index of the write-ahead log, not for discarding 80,000 rows.
    const filler = fillDisk(data, 300_000);

    const listed = await cli(['datasets', 'list', '--json', '--data-dir', data]);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((d) => d.id)).toEqual([ready]);
    expect(importing(file)).toBe(1); // left for the next writer

    rmSync(filler);
    const w = await createServices({ dataDir: data, sandbox: false });
    await w.close();
    expect(importing(file)).toBe(0);
  }, 120_000);
});
