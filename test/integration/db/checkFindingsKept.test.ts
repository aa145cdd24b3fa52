// quick_check reports a damaged file in two passes: first the pages of every table, as one row of
// findings, then every table's rows, read one by one. A page that cannot be read at all stops that
// second pass with SQLITE_CORRUPT — after the first has given its findings. The check keeps them: the
// admin is told which pages are damaged, not only that SQLite gave up ("database disk image is
// malformed"), which a stray -wal laid over a file it does not belong to can cause (strayWal.test.ts).
import Database from 'better-sqlite3';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDbFile, checkDbFileNow, checkInThread } from '../../../src-main/db/checkDb';
import { tempDir } from '../../helpers/tempDir';

describe('quick_check stopped by an unreadable page', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  /** A file whose table's last leaf page is zeroed: listed by the page pass, fatal to the row pass. */
  function fileWithUnreadablePage(): string {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, 'damaged.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(`${'x'.repeat(200)}${i}`);
    })();
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0), 0, 4096, (pages - 1) * 4096);
    closeSync(fd);
    // The premise: SQLite's own answer is an error, after a row of findings.
    const raw = new Database(file, { readonly: true });
    const rows: unknown[] = [];
    expect(() => {
      for (const r of raw.prepare('PRAGMA quick_check(20)').iterate()) rows.push(r);
    }).toThrow(/malformed/);
    expect(rows.length).toBeGreaterThan(0);
    raw.close();
    return file;
  }

  it('keeps the findings quick_check gave before it stopped, then says it stopped (in the worker)', async () => {
    const check = await checkDbFile(fileWithUnreadablePage(), 10_000, () => {}, { inThreadMaxBytes: 0 });
    expect(check.state).toBe('damaged');
    expect(check.problems[0]).toMatch(/page \d+: /i);
    expect(check.problems.at(-1)).toBe('SQLITE_CORRUPT: database disk image is malformed');
  });

  // A small file is checked in the opening thread (no worker to start): the same verdict, word for word,
  // in each way the check opens a file (read-only; holding it, the log's index in memory; a copy in memory).
  it.each([{}, { indexInMemory: true }, { image: true }])(
    'a small file: the same findings in this thread as in the worker (%o)',
    async (mode) => {
      const file = fileWithUnreadablePage();
      expect(checkInThread(file, 10_000)).toBe(true);
      const worker = await checkDbFile(file, 10_000, () => {}, { ...mode, inThreadMaxBytes: 0 });
      const here = await checkDbFile(file, 10_000, () => {}, mode);
      expect(worker.state).toBe('damaged');
      expect(here).toEqual(worker);
    },
  );

  it('the worker still checks a file past the size, or under a bound too short to give up the bound', () => {
    const file = fileWithUnreadablePage();
    const size = statSync(file).size;
    expect(checkInThread(file, 10_000, size)).toBe(true);
    expect(checkInThread(file, 10_000, size - 1)).toBe(false);
    expect(checkInThread(file, 0)).toBe(false); // a test's 0 ms bound: the late path, as before
  });

  it('the same in this thread (restore-backup checks so)', () => {
    const check = checkDbFileNow(fileWithUnreadablePage());
    expect(check.state).toBe('damaged');
    expect(check.problems[0]).toMatch(/page \d+: /i);
    expect(check.problems.at(-1)).toBe('SQLITE_CORRUPT: database disk image is malformed');
  });
});
