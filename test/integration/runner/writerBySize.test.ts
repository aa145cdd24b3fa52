// Where a job's turns are written (src-main/runner/writerChoice.ts): a small job on the app's own
// connection, a big one in the writer thread — and both at once, two connections writing one file, each
// job's rows all sent once and recorded. Real parts: a SQLite file, the writer thread, the sandbox LMS.
import { describe, expect, it } from 'vitest';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';
import { usersJob } from '../../helpers/usersAtEight';

const threadLine = (log: string[], jobId: string) =>
  log.filter((l) => l.startsWith(`job ${jobId} writes in the database writer thread`));

describe('a job writes where its size says', () => {
  const temp = useTempServices();

  it('a small job on the main connection and a big one in the thread, at the same time, each row once', async () => {
    const log: string[] = [];
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: null, faults: 'latency:2-8' },
      threadFromRows: 60,
      log: (l) => log.push(l),
    });
    const small = await usersJob(s, 59, { prefix: 's', concurrency: 4 });
    const big = await usersJob(s, 60, { prefix: 'b', concurrency: 4 });
    await callOk(s, 'jobs.start', { jobId: big.id });
    await callOk(s, 'jobs.start', { jobId: small.id });
    const [endSmall, endBig] = await Promise.all([
      s.runner.whenSettled(small.id),
      s.runner.whenSettled(big.id),
    ]);

    expect(threadLine(log, small.id)).toEqual([]);
    expect(threadLine(log, big.id)).toEqual([
      `job ${big.id} writes in the database writer thread (60 rows to send)`,
    ]);
    for (const [end, n] of [
      [endSmall, 59],
      [endBig, 60],
    ] as const) {
      expect(end.state).toBe('completed');
      expect(end.counts.succeeded).toBe(n);
    }
    // Each row sent once: one send per row across both connections' writes (the other attempts are the reads
    // of each user's state before it, kept for undo).
    const attempts = s.db
      .prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT item_id) AS rows FROM attempts WHERE kind = 'send'")
      .get() as { n: number; rows: number };
    expect(attempts).toEqual({ n: 119, rows: 119 });
  });
});
