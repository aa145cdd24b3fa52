// Issue 17, "on the record": every job records who made it (OS user, host, app version) and the connection
// as it was — not only a job made by jobs.create or an undo, but also one made by running a plan
// (`bulk-desk run --plan`) and a recipe's job (`bulk-desk run --recipe`), against the real sandbox.
import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import type { Recipe } from '../../../src-shared/recipes/types';
import { readAuditJson } from '../../../src-main/db/audit';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const MAPPING: Mapping = {
  fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
};
const ONE_STEP: Recipe = {
  version: 1,
  id: 'test.members',
  name: 'Members',
  api: 'coursepath',
  steps: [{ id: 'member', name: 'Create member', template: 'coursepath.members.create', mapping: MAPPING }],
};

const madeBy = {
  osUser: userInfo().username,
  host: hostname(),
  appVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
};

describe('the audit record of jobs made from a plan or a recipe', () => {
  const temp = useTempServices();

  it('names who made the job and keeps the connection as it was when it was made', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const datasetId = seedDataset(s.db, ['email', 'name'], [['made.by@example.com', 'Made By']]);

    const started = await callOk(s, 'plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
    });
    const plan = await s.plans.whenDone(started.id);
    const fromPlan = await callOk(s, 'plans.run', { planId: plan.id, options: {} });
    const fromRecipe = await callOk(s, 'recipes.createJob', {
      recipe: ONE_STEP,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
    });

    for (const job of [fromPlan, fromRecipe]) {
      const audit = await callOk(s, 'jobs.audit', { jobId: job.id });
      expect(audit.createdBy, job.templateId).toMatchObject(madeBy);
      // Kept with the job when it was made, not read from the connection as it is when exported.
      expect(readAuditJson(s.db, job.id), job.templateId).toMatchObject({
        connection: { id: SANDBOX_COURSEPATH_ID, api: 'coursepath' },
      });
    }
  });
});
