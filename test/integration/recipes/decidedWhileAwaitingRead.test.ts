// A recipe job Bulk Desk paused at its end because a later item waits on a read of what an earlier step
// captured (stop reason `awaitingRead`: src-shared/runner/waitingOnRead.ts), with another item in doubt.
// Found at the last stop: the admin's decision on the item in doubt left the job paused under its old
// reason — "1 later item waits on a read…" — until resumed by hand, since its waiting item counted as
// "other rows the admin held back". Bulk Desk paused it, not the admin: after the decision it carries on
// as a decision on a job held by items in doubt does, reads what waits on the read, and completes.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { ADMIN_NOTES } from '../../../src-main/db/items';
import { getJob, setJobState } from '../../../src-main/db/jobs';
import { heldAtEnd, isRecipeJob } from '../../../src-main/recipes/recipeRuns';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { createMemberInLms } from '../../helpers/memberInLms';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE = {
  ...ONBOARD_LEARNERS,
  steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!],
};

describe('a recipe job paused waiting on a read, with an item in doubt the admin decides', () => {
  const temp = useTempServices();

  it('carries on after the decision: reads what its later item waits on, sends it, and completes', async () => {
    const s = await temp.open({ sandbox: { seed: 71, duplicateMember: 'conflict' } });
    const ann = await createMemberInLms(s, 'ann@awaiting.test');
    const bob = await createMemberInLms(s, 'bob@awaiting.test');
    const datasetId = seedDataset(
      s.db,
      ['Email', 'First name', 'Last name'],
      [
        ['ann@awaiting.test', 'Ann', 'Lee'],
        ['bob@awaiting.test', 'Bob', 'Lee'],
      ],
    );
    const created = await callOk(s, 'recipes.createJob', {
      recipe: CREATE_AND_INVITE,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    // As a run leaves it: ann's member marked as succeeded by hand (its id not known here), her invitation
    // still to send once that is read; bob's member created, his invitation's answer lost (in doubt).
    const set = (row: number, step: number, sql: string, ...args: unknown[]) =>
      s.db
        .prepare(`UPDATE job_items SET ${sql} WHERE job_id = ? AND row_number = ? AND step = ?`)
        .run(...args, created.id, row, step);
    set(2, 0, `status = 'succeeded', note = ?, captured_json = NULL`, ADMIN_NOTES.markSucceeded);
    set(2, 1, `status = 'pending'`);
    set(3, 0, `status = 'succeeded', captured_json = ?`, JSON.stringify({ 'Member ID': String(bob) }));
    set(3, 1, `status = 'in_doubt', error = 'Could not reach the LMS: ECONNRESET'`);
    const job = getJob(s.db, created.id)!;
    if (!isRecipeJob(job)) throw new Error('not a recipe job');
    setJobState(s.db, job.id, 'running', Date.now());
    const held = heldAtEnd(s.db, job);
    setJobState(s.db, job.id, 'paused', Date.now(), held);
    const paused = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(paused.stopReason?.kind).toBe('awaitingRead');
    expect(paused.counts).toMatchObject({ in_doubt: 1, pending: 1 });

    // bob's invitation: the admin looked, it did not arrive.
    const decided = await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed' });
    // Not left paused saying it waits on a read until someone resumes it: it goes on by itself.
    expect(decided.stopReason?.kind).not.toBe('awaitingRead');
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.stopReason).toBeNull();
    expect(done.counts).toMatchObject({ succeeded: 3, failed: 1, pending: 0, waiting: 0, in_doubt: 0 });
    // ann's member id was read, and her invitation sent to it; no member was created again.
    const ledger = s.sandbox!.ledger.entries();
    expect(
      ledger.filter((e) => e.method === 'POST' && e.path.endsWith('/invite')).map((e) => e.path),
    ).toEqual([`/api/v1/members/${ann}/invite`]);
    expect(ledger.filter((e) => e.method === 'POST' && e.path === '/api/v1/members')).toHaveLength(2);
  }, 60_000);
});
