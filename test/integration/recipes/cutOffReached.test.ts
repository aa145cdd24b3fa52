// A recipe step whose 2xx answer was cut off after its status reached the LMS, as a plain job's row does
// (../runner/cutOffReached.test.ts): a later recipe job over the same people does not send that step
// again. Found by review: the recipe's "already sent?" (recipeItems.ts priorStepSends) counted only
// succeeded items and whole 2xx test answers, so the member the cut-off create made was created a second
// time by the next recipe job. Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP
// (its `cut` fault: status, headers and half the body, then the socket closed), and the real sendHttp.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const COLUMNS = ['Email', 'First name', 'Last name', 'Courses', 'Groups'];
// The create step alone: what the test is about, with nothing after it to wait for its member id.
const CREATE_ONLY = { ...ONBOARD_LEARNERS, steps: [ONBOARD_LEARNERS.steps[0]!] };

describe('a recipe step cut off after a 2xx status reached the LMS', () => {
  const temp = useTempServices();

  it('keeps the status with the attempt, and a later recipe job on the same file does not send the step again', async () => {
    const s = await temp.open({ sandbox: { seed: 52, faults: 'cut:1' } });
    const datasetId = seedDataset(s.db, COLUMNS, [['cut@recipe.test', 'Cut', 'Lee', '', '']]);
    const run = { recipe: CREATE_ONLY, datasetId, connectionId: SANDBOX_COURSEPATH_ID };
    const job = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ in_doubt: 1 });
    const sends = s.db
      .prepare(
        `SELECT a.response_status AS status, a.error FROM attempts a JOIN job_items i ON i.id = a.item_id
                 WHERE i.job_id = ? AND a.kind = 'send'`,
      )
      .all(job.id) as { status: number | null; error: string }[];
    expect(sends).toEqual([
      { status: 201, error: expect.stringMatching(/answered HTTP 201, but the answer was cut off/) },
    ]);

    // The same file through the recipe again: the step reached the LMS, which answered 201 — already sent.
    const plan = await callOk(s, 'recipes.preflight', run);
    expect(plan.steps[0]!.counts).toMatchObject({ items: 1, alreadySent: 1, wouldSend: 0 });
    const again = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    const [row] = (await callOk(s, 'recipes.rows', { jobId: again.id, offset: 0, limit: 10 })).items;
    const item = row!.steps[0]!.items[0]!;
    expect(item).toMatchObject({ status: 'skipped', skipReason: 'alreadySent' });
    expect(item.note).toMatch(new RegExp(`^Not sent: .* was already sent by job ${job.id.slice(0, 8)}`));
    expect(item.note).toMatch(/in doubt there, but the LMS answered it HTTP 201: it reached the LMS/);

    // Started, it sends nothing: the member is created once.
    await callOk(s, 'jobs.start', { jobId: again.id });
    await s.runner.whenSettled(again.id);
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(1);
  });

  it('a test send of the step cut off after 201 holds it as sent, saying it reached the LMS', async () => {
    const s = await temp.open({ sandbox: { seed: 57, faults: 'cut:1' } });
    const datasetId = seedDataset(s.db, COLUMNS, [['tested@recipe.test', 'Tested', 'Lee', '', '']]);
    const run = { recipe: CREATE_ONLY, datasetId, connectionId: SANDBOX_COURSEPATH_ID };
    // Made before the test send, started after it: its step is checked again as it is sent.
    const early = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    const test = await callOk(s, 'requests.testSend', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: CREATE_ONLY.steps[0]!.template,
      mapping: CREATE_ONLY.steps[0]!.mapping,
      rowNumber: 2,
    });
    expect(test.error).toMatch(/answered HTTP 201, but the answer was cut off after the status/);

    const reached =
      /by a test send on .+ that the LMS answered HTTP 201, its answer cut off after the status: it reached the LMS/;
    const plan = await callOk(s, 'recipes.preflight', run);
    expect(plan.steps[0]!.counts).toMatchObject({ items: 1, alreadySent: 1, wouldSend: 0 });
    const job = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    const [row] = (await callOk(s, 'recipes.rows', { jobId: job.id, offset: 0, limit: 10 })).items;
    expect(row!.steps[0]!.items[0]!.note).toMatch(reached);

    await callOk(s, 'jobs.start', { jobId: early.id });
    await s.runner.whenSettled(early.id);
    const [earlyRow] = (await callOk(s, 'recipes.rows', { jobId: early.id, offset: 0, limit: 10 })).items;
    expect(earlyRow!.steps[0]!.items[0]).toMatchObject({ status: 'skipped', skipReason: 'alreadySent' });
    expect(earlyRow!.steps[0]!.items[0]!.note).toMatch(reached);
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(1);
  });
});
