// A recipe job's items in doubt settled by its plan's reads of the LMS: found there (not sent again) or
// found never to have arrived (sent again). A plain job says so in its story (rerunInDoubt.test.ts); a
// recipe job's went from "in doubt" to "Completed" saying nothing of how (found by review). Said as items
// of rows, as the recipe's other events are. Real parts: a SQLite file, the real keychain, the sandbox LMS
// over HTTP.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { createMemberInLms } from '../../helpers/memberInLms';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE = {
  ...ONBOARD_LEARNERS,
  steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!],
};

describe("a recipe job's items in doubt settled by a read of the LMS", () => {
  const temp = useTempServices();

  it('are said in its events, as items of rows: found (not sent again) and not found (sent again)', async () => {
    const s = await temp.open({ sandbox: { seed: 63, duplicateMember: 'conflict' } });
    await createMemberInLms(s, 'arrived@read.test', 'Arrived Before');
    const datasetId = seedDataset(
      s.db,
      ['Email', 'First name', 'Last name'],
      [
        ['arrived@read.test', 'A', 'Lee'],
        ['lost@read.test', 'L', 'Lee'],
      ],
    );
    const job = await callOk(s, 'recipes.createJob', {
      recipe: CREATE_AND_INVITE,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    // The app stopped with both rows' creates in flight.
    s.db.prepare(`UPDATE job_items SET status = 'in_doubt' WHERE job_id = ? AND step = 0`).run(job.id);

    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ succeeded: 4, in_doubt: 0 });
    const creates = s
      .sandbox!.ledger.entries()
      .filter((e) => e.method === 'POST' && e.path === '/api/v1/members' && e.status < 300);
    // arrived@'s made before the job, and lost@'s sent again: arrived@'s was not sent again.
    expect(creates).toHaveLength(2);

    const messages = (await callOk(s, 'jobs.events', { jobId: job.id })).map((e) => e.message);
    expect(messages).toContain(
      'An item of row 2 was in doubt: a read of the LMS found it had arrived, so it was not sent again.',
    );
    expect(messages).toContain(
      'An item of row 3 was in doubt: a read of the LMS found it had not arrived, so it is sent again.',
    );
  }, 60_000);
});
