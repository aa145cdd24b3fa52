// A plan runs the template it was made with: the calls it previewed. Found by review: running a plan
// built its job from the catalog of the day, so after an upgrade that changed a catalog template a plan
// made before either sent the new shape or — its rows' calls no longer matching the plan's — skipped
// every row as "changed since the plan". The catalog's template is changed here as an upgrade would (and
// put back after), as frozenTemplate.test.ts does for a job; the sandbox's ledger says what was sent.
import { afterEach, describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import type { Template } from '../../../src-shared/connectors/types';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const catalogTemplate = getTemplate('coursepath.members.create') as { path: string } & Template;
const shippedPath = catalogTemplate.path;
afterEach(() => {
  catalogTemplate.path = shippedPath;
});

const MAPPING: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first} {last}' },
  },
};

describe('a plan keeps the template it was made with', () => {
  const temp = useTempServices();

  it('run after the catalog changed the template, its job sends the calls the plan showed', async () => {
    const s = await temp.open({ sandbox: { seed: 47 } });
    const datasetId = seedDataset(
      s.db,
      ['email', 'first', 'last'],
      [
        ['kit@frozenplan.test', 'Kit', 'Lee'],
        ['sam@frozenplan.test', 'Sam', 'Lee'],
      ],
    );
    const started = await callOk(s, 'plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
    });
    const plan = await s.plans.whenDone(started.id);
    expect(plan.counts.create).toBe(2);
    const rows = await callOk(s, 'plans.rows', { planId: plan.id, offset: 0, limit: 10 });
    expect(rows.items.map((r) => r.call)).toEqual(['POST /api/v1/members', 'POST /api/v1/members']);
    // An upgrade moves the call after the plan was made, before it is run.
    catalogTemplate.path = '/api/v2/members';

    const job = await callOk(s, 'plans.run', { planId: plan.id, options: { canary: 0 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);

    expect(done.counts).toMatchObject({ succeeded: 2, skipped: 0, failed: 0 });
    const sent = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(sent.map((e) => e.path)).toEqual(['/api/v1/members', '/api/v1/members']);
  });

  it('a plan made before plans kept their template (none stored) runs from the catalog, as before', async () => {
    const s = await temp.open({ sandbox: { seed: 48 } });
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], [['ann@frozenplan.test', 'Ann', 'Lee']]);
    const started = await callOk(s, 'plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
    });
    const plan = await s.plans.whenDone(started.id);
    s.db.prepare('UPDATE plans SET templates_json = NULL WHERE id = ?').run(plan.id);

    const job = await callOk(s, 'plans.run', { planId: plan.id, options: { canary: 0 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);

    expect(done.counts).toMatchObject({ succeeded: 1 });
    const sent = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(sent.map((e) => e.path)).toEqual(['/api/v1/members']);
  });
});
