// A recipe job whose first step ends in doubt — the sandbox does the work, then drops the connection on
// every request, the lookups' too, so nothing can tell — has its later steps `waiting` on it. Such a job
// ended "completed" (History and `jobs list` said so) with half its items never sent; it is paused by Bulk
// Desk for the admin's decision, saying what waits on what, and each decision that sends nothing says what
// still waits — completed once every item has an outcome.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { setJobState } from '../../../src-main/db/jobs';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE = { ...ONBOARD_LEARNERS, steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!] };

describe('a recipe job with items waiting on steps in doubt', () => {
  const temp = useTempServices();

  /** The job run to its end: both rows' first step in doubt, their invitations waiting. */
  async function heldJob(s: Services) {
    const datasetId = seedDataset(s.db, ['Email', 'First name', 'Last name'], [
      ['ana@held.test', 'Ana', 'Lima'],
      ['ben@held.test', 'Ben', 'Okafor'],
    ]);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: CREATE_AND_INVITE,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);
    return job;
  }

  it('is paused for a decision, not completed; deciding every item in doubt completes it', async () => {
    const s = await temp.open({ sandbox: { seed: 23, faults: 'lost:1' } });
    const job = await heldJob(s);

    const [listed] = await callOk(s, 'jobs.list', {});
    expect(listed!.counts).toMatchObject({ in_doubt: 2, waiting: 2, pending: 0 });
    expect(listed!.state).toBe('paused');
    expect(listed!.finishedAt).toBeNull();
    expect(listed!.stopReason).toMatchObject({ kind: 'inDoubt' });
    expect(listed!.pausedReason).toMatch(
      /^2 items are in doubt \(step 1 "Create member"\), and 2 later items wait on them \(step 2 "Send the invitation"\)/,
    );

    // One decided as failed: its invitation is blocked; the other still holds the job, said with the counts of now.
    const doubt = await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 });
    const one = await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed', itemIds: [doubt.items[0]!.itemId] });
    expect(one.state).toBe('paused');
    expect(one.counts).toMatchObject({ in_doubt: 1, waiting: 1, blocked: 1 });
    expect(one.pausedReason).toMatch(/^1 item is in doubt \(step 1 "Create member"\), and 1 later item waits on it /);

    // The last one too: every item has an outcome now.
    const last = await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed' });
    expect(last.counts).toMatchObject({ in_doubt: 0, waiting: 0, blocked: 2, failed: 2 });
    expect(last.state).toBe('completed');
    expect(last.stopReason).toBeNull();
    expect(last.finishedAt).not.toBeNull();
  }, 60_000);

  // Found by review: a job moved back from completed to paused kept its finished time, so History and
  // `jobs show` said "finished 14:02" of a job waiting for a decision.
  it('one an older build left completed is paused by a decision without a finished time', async () => {
    const s = await temp.open({ sandbox: { seed: 23, faults: 'lost:1' } });
    const job = await heldJob(s);
    setJobState(s.db, job.id, 'completed', Date.now()); // as builds before the inDoubt stop reason ended it
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).finishedAt).not.toBeNull();
    const doubt = await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 });
    const one = await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed', itemIds: [doubt.items[0]!.itemId] });
    expect(one.state).toBe('paused');
    expect(one.stopReason).toMatchObject({ kind: 'inDoubt' });
    expect(one.finishedAt).toBeNull();
    const finished = () => s.db.prepare('SELECT finished_at FROM jobs WHERE id = ?').pluck().get(job.id);
    expect(finished()).toBeNull(); // cleared, not only hidden
    const [listed] = await callOk(s, 'jobs.list', {});
    expect(listed!.finishedAt).toBeNull();
    // A paused job an older build left with its finished time (nothing clears it until the job ends again)
    // shows none: History and `jobs show` read it from here.
    s.db.prepare('UPDATE jobs SET finished_at = 1 WHERE id = ?').run(job.id);
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).finishedAt).toBeNull();
  }, 60_000);

  // Found at the last stop: a decision that opens later steps starts the job, and a start that failed (here
  // the key gone from the keychain) left it paused under its old reason — "2 items are in doubt…" of a job
  // with none — and the CLI said only the error.
  it('a decision whose start fails leaves the job paused saying so, the decision kept, and how to start it', async () => {
    const s = await temp.open({ sandbox: { seed: 23, faults: 'lost:1' } });
    const job = await heldJob(s);
    s.credentials.delete(SANDBOX_COURSEPATH_ID);
    const r = await s.dispatch('jobs.resolveInDoubt', { jobId: job.id, action: 'markSucceeded' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CREDENTIALS');
    const after = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(after.state).toBe('paused');
    expect(after.counts).toMatchObject({ in_doubt: 0, succeeded: 2, pending: 2 });
    expect(after.stopReason).toMatchObject({ kind: 'notStarted' });
    expect(after.stopReason!.message).toMatch(/^Your decision on the items in doubt was saved, but the job could not start: /);
    expect(after.stopReason!.message).toMatch(/2 items wait to be sent\. Resume the job once that is dealt with: bulk-desk jobs resume /);
  }, 60_000);
});
