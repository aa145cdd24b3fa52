// A recipe job whose first step ends in doubt — the sandbox does the work, then drops the connection on
// every request, the lookups' too, so nothing can tell — has its later steps `waiting` on it. Such a job
// ended "completed" (History and `jobs list` said so) with half its items never sent; it is paused by Bulk
// Desk for the admin's decision, saying what waits on what, and each decision that sends nothing says what
// still waits — completed once every item has an outcome.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE = { ...ONBOARD_LEARNERS, steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!] };

describe('a recipe job with items waiting on steps in doubt', () => {
  const temp = useTempServices();

  it('is paused for a decision, not completed; deciding every item in doubt completes it', async () => {
    const s = await temp.open({ sandbox: { seed: 23, faults: 'lost:1' } });
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
});
