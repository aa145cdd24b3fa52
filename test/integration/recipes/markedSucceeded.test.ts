// A recipe step left in doubt and marked as succeeded by the admin ("I checked: the member is there"):
// its answer was never saved, so what it would have captured (the member id the later steps need) is not
// known. The job reads it from the LMS (the step's own lookup) before the row's later steps are built;
// where the LMS has no such record, the later step fails saying so, not "look at that step's answer".
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { createMemberInLms } from '../../helpers/memberInLms';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE = {
  ...ONBOARD_LEARNERS,
  steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!],
};

/** A recipe job whose first step's items were in doubt (the app stopped with them in flight), not started. */
async function jobInDoubt(s: Services, emails: string[]) {
  const datasetId = seedDataset(
    s.db,
    ['Email', 'First name', 'Last name'],
    emails.map((e, i) => [e, 'M', `${i}`]),
  );
  const job = await callOk(s, 'recipes.createJob', {
    recipe: CREATE_AND_INVITE,
    datasetId,
    connectionId: SANDBOX_COURSEPATH_ID,
    options: {},
  });
  s.db.prepare(`UPDATE job_items SET status = 'in_doubt' WHERE job_id = ? AND step = 0`).run(job.id);
  return job;
}

const invites = (s: Services) =>
  s
    .sandbox!.ledger.entries()
    .filter((e) => e.method === 'POST' && e.path.endsWith('/invite') && e.status === 200)
    .map((e) => e.path);

describe('a recipe step marked as succeeded by hand', () => {
  const temp = useTempServices();

  it('has its captured fields read from the LMS, so the later steps go on', async () => {
    const s = await temp.open({ sandbox: { seed: 61, duplicateMember: 'conflict' } });
    const ids = [await createMemberInLms(s, 'marked1@doubt.test'), await createMemberInLms(s, 'marked2@doubt.test')];
    const job = await jobInDoubt(s, ['marked1@doubt.test', 'marked2@doubt.test']);

    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markSucceeded' });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 4, failed: 0, blocked: 0 });
    expect(invites(s).sort()).toEqual(ids.map((id) => `/api/v1/members/${id}/invite`).sort());
    const first = s.db
      .prepare(
        `SELECT captured_json AS captured, note FROM job_items WHERE job_id = ? AND step = 0 ORDER BY row_number`,
      )
      .all(job.id) as { captured: string; note: string }[];
    expect(first.map((r) => JSON.parse(r.captured)['Member ID'])).toEqual(ids.map(String));
    expect(first[0]!.note).toMatch(/marked it as succeeded.*Member ID was read from Coursepath/);
    // No second member was created.
    expect(
      s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members'),
    ).toHaveLength(2);
  }, 60_000);

  it('when the LMS has no such record, the later step says so', async () => {
    const s = await temp.open({ sandbox: { seed: 62, duplicateMember: 'conflict' } });
    const job = await jobInDoubt(s, ['never-arrived@doubt.test']);

    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markSucceeded' });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 1, failed: 1 });
    expect(invites(s)).toEqual([]);
    const later = s.db
      .prepare(`SELECT error FROM job_items WHERE job_id = ? AND step = 1`)
      .pluck()
      .get(job.id) as string;
    expect(later).toMatch(/marked as succeeded by hand/);
    expect(later).toMatch(/Coursepath has no such record/);
    expect(later).not.toMatch(/look at that step's answer/);
  }, 60_000);
});
