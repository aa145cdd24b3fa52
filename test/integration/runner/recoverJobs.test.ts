// What a start finds of jobs an earlier process left behind (recoverJobs.ts), over a real SQLite file and
// the sandbox LMS: a job left `completed` with a row still `sending` was not complete — it is interrupted,
// its row in doubt, and it no longer shows a finished time (it kept the one of its false end). A recipe job
// a build before the `inDoubt` stop reason ended `completed` with items still waiting on items in doubt is
// paused for the admin's decision, as it would be now — nothing sent or read to do so.
import { describe, expect, it } from 'vitest';
import * as items from '../../../src-main/db/items';
import { setJobState } from '../../../src-main/db/jobs';
import { startupWritesPending } from '../../../src-main/db/startupWrites';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { seedDataset } from '../../helpers/seedDataset';
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

  it('a recipe job left completed by an older build with items waiting on items in doubt is paused for a decision', async () => {
    const sandbox = { seed: 23, faults: 'lost:1' };
    let s = await temp.open({ sandbox });
    const job = await callOk(s, 'recipes.createJob', {
      recipe: { ...ONBOARD_LEARNERS, steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!] },
      datasetId: seedDataset(s.db, ['Email', 'First name', 'Last name'], [
        ['ana@held.test', 'Ana', 'Lima'],
        ['ben@held.test', 'Ben', 'Okafor'],
      ]),
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);
    // Ended as builds before the inDoubt stop reason ended it: completed, its invitations never sent.
    setJobState(s.db, job.id, 'completed', Date.now());
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).counts).toMatchObject({ in_doubt: 2, waiting: 2 });
    // A command that only reads opens as the writer that pauses it, so `jobs list` does not say completed.
    expect(startupWritesPending(s.db)).toBe(true);

    s = await temp.reopen({ sandbox });
    const reopened = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(reopened.state).toBe('paused');
    expect(reopened.stopReason).toMatchObject({ kind: 'inDoubt' });
    expect(reopened.pausedReason).toMatch(
      /^2 items are in doubt \(step 1 "Create member"\), and 2 later items wait on them \(step 2 "Send the invitation"\)/,
    );
    expect(reopened.finishedAt).toBeNull();
    expect(reopened.counts).toMatchObject({ in_doubt: 2, waiting: 2, pending: 0 }); // nothing released
    expect(s.sandbox!.ledger.entries()).toEqual([]); // nothing sent, nothing read
    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    expect(events.at(-1)).toMatchObject({ kind: 'ended' });
    expect(JSON.stringify(events.at(-1))).toContain('Paused for your decision: 2 items are in doubt');

    // Decided: every item has an outcome, the job completed — and a later start leaves it so.
    expect((await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed' })).state).toBe('completed');
    s = await temp.reopen({ sandbox });
    const later = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(later.state).toBe('completed');
    expect(later.finishedAt).not.toBeNull();
    expect(startupWritesPending(s.db)).toBe(false);
  }, 60_000);
});
