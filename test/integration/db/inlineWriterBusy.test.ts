// The jobs' writer on the app's own connection (src-main/db/dbWriter.ts inlineWriter) while another
// program holds the database's write lock: it waits for the lock from a timer, not inside SQLite's
// busy_timeout — which would freeze the event loop that receives the LMS's answers and the app's
// requests for up to 5 s. The lock is held by a real second process (test/helpers/dbLocker.ts).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inlineWriter } from '../../../src-main/db/dbWriter';
import { openDb, type Db } from '../../../src-main/db/openDb';
import { isBusy } from '../../../src-main/db/storageErrors';
import { holdDbLock, type HeldLock } from '../../helpers/holdDbLock';
import { tempDir } from '../../helpers/tempDir';

const insert = (x: number) => [{ sql: 'INSERT INTO t (x) VALUES (?)', args: [x], returnsId: true }];

describe('the writer on the main connection, while another program holds the lock', () => {
  let db: Db | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  let lock: HeldLock | null = null;
  afterEach(async () => {
    await lock?.release();
    db?.close();
    dir?.remove();
    db = dir = lock = null;
  });

  function open(): { db: Db; file: string } {
    dir = tempDir();
    const file = join(dir.path, 'db.sqlite');
    db = openDb(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)');
    return { db, file };
  }

  /** Counts the event loop's turns (a 10 ms interval) while `p` is pending. */
  async function ticksWhile<T>(p: () => Promise<T>): Promise<{ value: T; ticks: number; ms: number }> {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = Date.now();
    try {
      const value = await p();
      return { value, ticks, ms: Date.now() - t0 };
    } finally {
      clearInterval(timer);
    }
  }

  it('waits for the lock with the event loop running, then commits the turn', async () => {
    const { db, file } = open();
    lock = await holdDbLock(file, 700);
    const { value, ticks, ms } = await ticksWhile(() => inlineWriter(db).write(insert(7)));
    expect(value).toHaveLength(1);
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual([7]);
    expect(ms).toBeGreaterThan(300); // it did wait for the other program
    // SQLite's busy_timeout would have slept through all of it: no turn of the loop at all.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 10 / 4));
    // The connection's own wait is as it was, for everything else the app does on it.
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('gives up as SQLite would after its busy time, refused as busy, nothing written; then writes again', async () => {
    const { db, file } = open();
    lock = await holdDbLock(file, 10_000);
    const writer = inlineWriter(db, 400);
    const { value: e, ticks, ms } = await ticksWhile(() => writer.write(insert(1)).catch((x: unknown) => x));
    expect(isBusy(e)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ticks).toBeGreaterThan(5);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    await lock.release();
    expect(await writer.write(insert(2))).toHaveLength(1);
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual([2]);
  });

  it('a refusal that waiting does not cure (a full disk) comes back at once, the turn rolled back', async () => {
    const { db } = open();
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 50 }, (_, i) => ({
      sql: 'INSERT INTO t (x) VALUES (?)',
      args: [i],
    }));
    big.push({ sql: 'CREATE TABLE filler AS SELECT randomblob(200000) AS b', args: [] });
    const e = await inlineWriter(db)
      .write(big)
      .catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('SQLITE_FULL');
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
  });
});
