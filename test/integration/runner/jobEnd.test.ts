// A job's end (src-main/runner/jobEnd.ts) on a real data folder: every row still `sending` becomes in
// doubt in the same transaction that writes the job's state and reason, and a fault's reason counts
// exactly those rows; a lock held by another program is waited for, not fatal.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/openChecked';
import * as items from '../../../src-main/db/items';
import { getJob, itemCounts } from '../../../src-main/db/jobs';
import { writeJobEnd } from '../../../src-main/runner/jobEnd';
import { retryWhileBusy } from '../../../src-main/runner/retryWhileBusy';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('writeJobEnd', () => {
  const temp = useTempServices();

  /** A five-row create-member job with its first `sending` rows marked sending, as a turn would. */
  async function jobWithRowsInFlight(sending: number) {
    const s = await temp.open({ sandbox: false });
    const connection = await callOk(s, 'connections.save', {
      name: 'Acme Academy',
      baseUrl: 'http://127.0.0.1:9',
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: 'job-end-secret',
    });
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(5));
    const job = await callOk(s, 'jobs.create', {
      ...memberJobSpec(datasetId, connection.id),
      options: { canary: 0 },
    });
    const ids = (
      s.db.prepare('SELECT id FROM job_items WHERE job_id = ? ORDER BY id').all(job.id) as { id: number }[]
    ).map((r) => r.id);
    for (const itemId of ids.slice(0, sending))
      items.markSending(s.db, {
        itemId,
        method: 'POST',
        url: 'http://127.0.0.1:9/api/v1/members',
        requestHeaders: {},
        requestBody: 'email=x',
        startedAt: 1,
      });
    return { s, jobId: job.id };
  }

  /** Writes tried again while another program holds the lock, as the runner does. */
  const busyRetry = (write: () => void) =>
    retryWhileBusy(write, { clock: () => Date.now(), retryMs: 5_000, onBusy: () => {} });

  it('a fault: the rows in flight become in doubt, and the reason counts them in the same transaction', async () => {
    const { s, jobId } = await jobWithRowsInFlight(3);
    const counted: number[] = [];
    await writeJobEnd(
      s.db,
      {
        jobId,
        at: 1_000,
        state: 'interrupted',
        countsInDoubt: true,
        reason: (n) => (
          counted.push(n),
          { kind: 'storage', message: `The disk is full. ${n} rows are in doubt.` }
        ),
      },
      busyRetry,
    );
    expect(counted).toEqual([3]);
    const counts = itemCounts(s.db, jobId);
    expect([counts.sending, counts.in_doubt, counts.pending]).toEqual([0, 3, 2]);
    const job = getJob(s.db, jobId)!;
    expect(job.state).toBe('interrupted');
    expect(job.stopReason).toMatchObject({
      kind: 'storage',
      message: 'The disk is full. 3 rows are in doubt.',
      at: 1_000,
    });
    const errors = s.db
      .prepare(`SELECT DISTINCT error FROM job_items WHERE job_id = ? AND status = 'in_doubt'`)
      .all(jobId) as { error: string }[];
    expect(errors).toEqual([{ error: 'In doubt: The disk is full. 3 rows are in doubt.' }]);
  });

  it('answers that came back but could not be saved keep their HTTP status: `jobs in-doubt` says it, not "no answer saved"', async () => {
    // Found by an audit: a storage fault's stop reason said "Answers came back for rows 2 (HTTP 201)…",
    // while `jobs in-doubt` told the same rows "no answer saved".
    const { s, jobId } = await jobWithRowsInFlight(3);
    const sends = s.db
      .prepare(
        `SELECT a.id FROM attempts a JOIN job_items i ON i.id = a.item_id WHERE i.job_id = ? ORDER BY i.row_number`,
      )
      .pluck()
      .all(jobId) as number[];
    await writeJobEnd(
      s.db,
      {
        jobId,
        at: 1_000,
        state: 'interrupted',
        countsInDoubt: true,
        reason: (n) => ({ kind: 'storage', message: `The disk is full. ${n} rows are in doubt.` }),
        // Rows 2 and 3 were answered (201, 409); row 4's request was still out when the job ended.
        answered: [
          { attemptId: sends[0]!, status: 201 },
          { attemptId: sends[1]!, status: 409 },
        ],
      },
      busyRetry,
    );
    const doubt = await callOk(s, 'jobs.inDoubt', { jobId, offset: 0, limit: 10 });
    expect(doubt.items.map((r) => [r.rowNumber, r.status, r.answer])).toEqual([
      [2, 201, 'HTTP 201 came back, but the job stopped before it was saved'],
      [3, 409, 'HTTP 409 came back, but the job stopped before it was saved'],
      [4, null, 'no answer saved'],
    ]);
  });

  it('a job that ended well: completed, no reason, nothing counted or left in doubt', async () => {
    const { s, jobId } = await jobWithRowsInFlight(0);
    const counted: number[] = [];
    await writeJobEnd(
      s.db,
      { jobId, at: 2_000, state: 'completed', countsInDoubt: false, reason: (n) => (counted.push(n), null) },
      busyRetry,
    );
    expect(counted).toEqual([0]);
    expect(getJob(s.db, jobId)).toMatchObject({ state: 'completed', stopReason: null });
    expect(itemCounts(s.db, jobId).in_doubt).toBe(0);
  });

  it('waits for a lock another program holds, then writes the end', async () => {
    const { s, jobId } = await jobWithRowsInFlight(2);
    const other = new Database(join(temp.dir, DB_FILE));
    try {
      other.exec('BEGIN IMMEDIATE');
      setTimeout(() => other.exec('COMMIT'), 300);
      s.db.pragma('busy_timeout = 0'); // refused at once: the wait is retryWhileBusy's
      await writeJobEnd(
        s.db,
        {
          jobId,
          at: 3_000,
          state: 'paused',
          countsInDoubt: false,
          reason: () => ({ kind: 'canary', message: 'Look first.' }),
        },
        busyRetry,
      );
    } finally {
      s.db.pragma('busy_timeout = 5000');
      other.close();
    }
    expect(getJob(s.db, jobId)).toMatchObject({
      state: 'paused',
      stopReason: { kind: 'canary', message: 'Look first.' },
    });
    expect(itemCounts(s.db, jobId).in_doubt).toBe(2);
  });
});
