// The jobs' writer (src-main/db/dbWriter.ts): a thread with its own connection to the same file. A turn's
// writes commit as one transaction before the promise resolves (so the runner sends nothing before its
// `sending` mark is on disk), a refusal rolls the whole turn back and comes back with SQLite's own code,
// and the main connection sees what it committed. Also: a response body is stored once, with its attempt;
// a row reserved ahead that never left goes back to pending without a trace of an attempt.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { threadWriter, type DbWriter } from '../../../src-main/db/dbWriter';
import * as items from '../../../src-main/db/items';
import { listItems } from '../../../src-main/db/itemReads';
import { createJob, type NewJob } from '../../../src-main/db/jobs';
import { openDb, type Db } from '../../../src-main/db/openDb';
import { walCheckpointPages } from '../../../src-main/db/walCheckpoint';
import { storageFaultKind } from '../../../src-main/db/storageErrors';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';

describe('the database writer thread', () => {
  let db: Db | null = null;
  let writer: DbWriter | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await writer?.close();
    db?.close();
    dir?.remove();
    writer = db = dir = null;
  });

  async function open() {
    dir = tempDir();
    const file = join(dir.path, 'db.sqlite');
    db = openDb(file);
    const datasetId = seedDataset(db, ['email'], [['a@example.com'], ['b@example.com']]);
    const job: NewJob = {
      id: 'job1',
      templateId: 'coursepath.members.create',
      templateName: 'create',
      connectionId: 'c',
      connectionName: 'C',
      datasetId,
      fileName: 'f.csv',
      mapping: { fields: {} },
      options: {},
      state: 'running',
      createdAt: 1,
      templates: null,
    };
    createJob(
      db,
      job,
      [2, 3].map((rowNumber) => ({
        rowNumber,
        key: null,
        status: 'pending',
        skipReason: null,
        note: null,
        error: null,
      })),
    );
    writer = await threadWriter(file);
    const ids = db.prepare('SELECT id FROM job_items ORDER BY id').pluck().all() as number[];
    return { db, writer, ids };
  }

  const sending = (itemId: number) =>
    items.markSendingOps({
      itemId,
      attempt: 1,
      method: 'POST',
      url: 'https://lms.example/api/v1/members',
      requestHeaders: '{"accept":"application/json"}',
      requestBody: 'email=a%40example.com',
      startedAt: 10,
    });
  const status = (db: Db, id: number) =>
    db.prepare('SELECT status FROM job_items WHERE id = ?').pluck().get(id);

  it("commits a turn as one transaction, hands back the attempts' ids, and the main connection sees it at once", async () => {
    const { db, writer, ids } = await open();
    expect(writer.kind).toBe('thread');
    const attemptIds = await writer.write([...sending(ids[0]!), ...sending(ids[1]!)]);
    expect(attemptIds).toHaveLength(2);
    expect(status(db, ids[0]!)).toBe('sending');
    expect(db.prepare('SELECT id FROM attempts ORDER BY id').pluck().all()).toEqual(attemptIds);
  });

  it("both connections checkpoint the WAL at the same size, chosen from the disk's free space", async () => {
    const { db, writer } = await open();
    const pages = walCheckpointPages(join(dir!.path, 'db.sqlite'));
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(pages);
    expect(await writer.pragma('wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: pages }]);
  });

  it('a refused write rolls the whole turn back and says why in SQLite’s own terms (a full disk here)', async () => {
    const { db, writer, ids } = await open();
    const pages = db.pragma('page_count', { simple: true }) as number;
    await writer.pragma(`max_page_count = ${pages}`);
    const big = (id: number) =>
      items.markSendingOps({
        itemId: id,
        attempt: 1,
        method: 'POST',
        url: 'u',
        requestHeaders: '{}',
        requestBody: 'x'.repeat(60_000),
        startedAt: 1,
      });
    const e = await writer.write([...big(ids[0]!), ...big(ids[1]!)]).catch((x: unknown) => x);
    expect(storageFaultKind(e)).toBe('full');
    expect(status(db, ids[0]!)).toBe('pending'); // nothing of the turn stuck
    expect(db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(0);
    // The writer keeps working once there is room again.
    await writer.pragma('max_page_count = 1073741823');
    expect(await writer.write(sending(ids[0]!))).toHaveLength(1);
  });

  it('stores a response body once, with its attempt; the row shows it from there', async () => {
    const { db, writer, ids } = await open();
    const [attemptId] = await writer.write(sending(ids[0]!));
    await writer.write(
      items.recordOutcomeOps({
        itemId: ids[0]!,
        attemptId: attemptId!,
        status: 'succeeded',
        responseStatus: 201,
        responseBody: '{"id":77}',
        error: null,
        durationMs: 5,
        nextAttemptAt: null,
        captured: { memberId: '77' },
        at: 20,
      }),
    );
    expect(db.prepare('SELECT response_body FROM job_items WHERE id = ?').pluck().get(ids[0])).toBeNull();
    expect(db.prepare('SELECT response_body FROM attempts WHERE id = ?').pluck().get(attemptId)).toBe(
      '{"id":77}',
    );
    const row = listItems(db, 'job1', { status: 'succeeded' }, 0, 10).items[0]!;
    expect(row).toMatchObject({
      responseStatus: 201,
      responseBody: '{"id":77}',
      captured: { memberId: '77' },
    });
  });

  it('a row reserved ahead that never left goes back to pending, its reserved attempt gone', async () => {
    const { db, writer, ids } = await open();
    const [attemptId] = await writer.write(sending(ids[1]!));
    expect(db.prepare('SELECT attempts FROM job_items WHERE id = ?').pluck().get(ids[1])).toBe(1);
    await writer.write(items.releaseReservedOps(ids[1]!, attemptId!, 30));
    expect(status(db, ids[1]!)).toBe('pending');
    expect(db.prepare('SELECT attempts FROM job_items WHERE id = ?').pluck().get(ids[1])).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(0);
  });
});
