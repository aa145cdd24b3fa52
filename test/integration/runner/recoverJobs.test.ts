// What a start finds of jobs an earlier process left behind (recoverJobs.ts), over a real SQLite file and
// the sandbox LMS: a job left `completed` with a row still `sending` was not complete — it is interrupted,
// its row in doubt, and it no longer shows a finished time (it kept the one of its false end).
import { describe, expect, it } from 'vitest';
import * as items from '../../../src-main/db/items';
import { setJobState } from '../../../src-main/db/jobs';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

describe('jobs recovered at start', () => {
  const temp = useTempServices();

  it('a job left completed with a row in flight is interrupted without a finished time', async () => {
    const sandbox = { seed: 7 };
    let s = await temp.open({ sandbox });
    const job = await createMemberJob(s, 2, { canary: 0 });
    const [first] = s.db.prepare('SELECT id FROM job_items WHERE job_id = ? ORDER BY id').pluck().all(job.id) as number[];
    items.markSending(s.db, {
      itemId: first!,
      method: 'POST',
      url: `${s.sandbox!.url}/api/v1/members`,
      requestHeaders: {},
      requestBody: 'x',
      startedAt: 1,
    });
    setJobState(s.db, job.id, 'running', 1);
    setJobState(s.db, job.id, 'completed', 2); // its end written, the row's answer not
    s = await temp.reopen({ sandbox });
    const recovered = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(recovered.state).toBe('interrupted');
    expect(recovered.counts.in_doubt).toBe(1);
    expect(recovered.finishedAt).toBeNull();
    expect(s.db.prepare('SELECT finished_at FROM jobs WHERE id = ?').pluck().get(job.id)).toBeNull();
  }, 60_000);
});
