// retryWhileBusy against a real lock: a second connection to the same SQLite file holds the write lock
// (as a database browser would), and the write through retryWhileBusy waits for it — or gives up with
// SQLite's own refusal once its time is up. Other refusals are not waited on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryWhileBusy } from '../../../src-main/runner/retryWhileBusy';

describe('retryWhileBusy', () => {
  let dir: string;
  let writer: Database.Database;
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulkdesk-busy-'));
    const file = join(dir, 'bulk.sqlite');
    writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('busy_timeout = 0'); // refused at once, so the test is about our waits, not SQLite's
    writer.exec('CREATE TABLE t (v INTEGER)');
    other = new Database(file);
  });
  afterEach(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = () => void writer.prepare('INSERT INTO t VALUES (1)').run();
  const rows = () => (writer.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;

  it('waits while another program holds the lock, then writes', async () => {
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('COMMIT'), 150);
    let busy = 0;
    await retryWhileBusy(insert, { clock: () => Date.now(), retryMs: 5_000, onBusy: () => busy++ });
    expect(rows()).toBe(1);
    expect(busy).toBeGreaterThanOrEqual(2); // 50 ms, then 100 ms: the lock was still held at least twice
  });

  it("gives up with SQLite's refusal once its time is up, and writes nothing", async () => {
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    await expect(
      retryWhileBusy(insert, { clock: () => Date.now(), retryMs: 200, onBusy: () => {} }),
    ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    other.exec('ROLLBACK');
    expect(rows()).toBe(0);
  });

  it('does not wait on a refusal that waiting cannot cure', async () => {
    let busy = 0;
    const bad = () => void writer.prepare('INSERT INTO missing VALUES (1)').run();
    await expect(
      retryWhileBusy(bad, { clock: () => Date.now(), retryMs: 5_000, onBusy: () => busy++ }),
    ).rejects.toThrow(/no such table/);
    expect(busy).toBe(0);
  });

  it('waits for a write that answers later (the writer thread) the same way', async () => {
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('COMMIT'), 80);
    let tries = 0;
    await retryWhileBusy(
      async () => {
        tries++;
        await new Promise((r) => setTimeout(r, 1));
        insert();
      },
      { clock: () => Date.now(), retryMs: 5_000, onBusy: () => {} },
    );
    expect(rows()).toBe(1);
    expect(tries).toBeGreaterThanOrEqual(2);
  });
});
