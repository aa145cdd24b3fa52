// A job sends the template it was made with: the shape the admin previewed and confirmed. Found by review:
// every start, resume and rerun resolved the job's template from the catalog of the day, so after an
// upgrade that changed a catalog template, resuming a job made before sent the new shape. The catalog's own
// template is changed here as an upgrade would (and put back after); the sandbox's ledger says what was sent.
import { afterEach, describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import type { Template } from '../../../src-shared/connectors/types';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const catalogTemplate = getTemplate('coursepath.members.create') as { path: string } & Template;
const shippedPath = catalogTemplate.path;
afterEach(() => {
  catalogTemplate.path = shippedPath;
});

describe('a job keeps the template it was made with', () => {
  const temp = useTempServices();

  it('resumed after the catalog changed the template, sends what it was made with', async () => {
    const s = await temp.open({ sandbox: { seed: 44 } });
    const job = await createMemberJob(s, 3, { canary: 0 });
    await callOk(s, 'jobs.pause', { jobId: job.id });
    // An upgrade moves the call: a job made before it still sends what its preview showed.
    catalogTemplate.path = '/api/v2/members';

    await callOk(s, 'jobs.resume', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);

    const sent = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(sent.map((e) => e.path)).toEqual(['/api/v1/members', '/api/v1/members', '/api/v1/members']);
    expect(done.counts).toMatchObject({ succeeded: 3, failed: 0 });
  });

  it("a recipe job resumed after the catalog changed a step's template sends what it was made with", async () => {
    const s = await temp.open({ sandbox: { seed: 46 } });
    const datasetId = seedDataset(
      s.db,
      ['Email', 'First name', 'Last name', 'Courses', 'Groups'],
      [
        ['kit@frozen.test', 'Kit', 'Lee', '', ''],
        ['sam@frozen.test', 'Sam', 'Lee', '', ''],
      ],
    );
    const job = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.pause', { jobId: job.id });
    catalogTemplate.path = '/api/v2/members';

    await callOk(s, 'jobs.resume', { jobId: job.id });
    await s.runner.whenSettled(job.id);

    const created = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && !e.path.endsWith('/invite'));
    expect(created.map((e) => e.path)).toEqual(['/api/v1/members', '/api/v1/members']);
  });

  it('a job made before templates were kept (none stored) resolves its template from the catalog, as before', async () => {
    const s = await temp.open({ sandbox: { seed: 45 } });
    const job = await createMemberJob(s, 1, { canary: 0 });
    s.db.prepare('UPDATE jobs SET templates_json = NULL WHERE id = ?').run(job.id);
    catalogTemplate.path = '/api/v2/members';

    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);

    const sent = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(sent.map((e) => e.path)).toEqual(['/api/v2/members']);
  });
});
