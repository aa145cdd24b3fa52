// A resume's lookups of rows in doubt run with the job's concurrency, not one at a time: 36 lookups took
// 118 s against an LMS answering in 3 s. Witnessed by the sandbox ledger: the lookups' time in flight
// overlaps.
import { describe, expect, it } from 'vitest';
import * as items from '../../../src-main/db/items';
import { setJobState } from '../../../src-main/db/jobs';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

const ROWS = 12;

describe('in-doubt lookups', () => {
  const temp = useTempServices();

  it('12 rows in doubt, concurrency 4, 300 ms per answer: looked up 4 at a time', async () => {
    const sandbox = { seed: 7, faults: 'latency:300-300' };
    let s = await temp.open({ sandbox });
    const job = await createMemberJob(s, ROWS, { concurrency: 4, canary: 0 });
    // Killed with every row marked `sending`: the next start finds them in doubt.
    const ids = s.db
      .prepare('SELECT id FROM job_items WHERE job_id = ? ORDER BY id')
      .pluck()
      .all(job.id) as number[];
    for (const itemId of ids)
      items.markSending(s.db, {
        itemId,
        method: 'POST',
        url: `${s.sandbox!.url}/api/v1/members`,
        requestHeaders: {},
        requestBody: 'x',
        startedAt: 1,
      });
    setJobState(s.db, job.id, 'running', 1);
    s = await temp.reopen({ sandbox });
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).counts.in_doubt).toBe(ROWS);
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(ROWS);
    const lookups = s
      .sandbox!.ledger.entries()
      .filter((e) => e.method === 'GET')
      .map((e) => ({ from: e.at, to: e.at + (e.latencyMs ?? 0) }));
    expect(lookups.length).toBeGreaterThanOrEqual(ROWS);
    let most = 0;
    for (const a of lookups)
      most = Math.max(most, lookups.filter((b) => b.from <= a.from && a.from < b.to).length);
    console.log(`in-doubt lookups: ${lookups.length}, at most ${most} at once`);
    expect(most).toBeGreaterThanOrEqual(3);
    expect(most).toBeLessThanOrEqual(4);
  }, 60_000);
});
