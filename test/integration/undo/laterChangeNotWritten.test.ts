// Undo leaves a later change as it is (laterChanges.test.ts) — where the undo would write over it. A
// Coassemble user with no name before the job: the undo cannot clear a name (Coassemble takes no empty
// one), so it leaves the name as it is and puts only the metadata back. A name changed since is then no
// reason to refuse the row: the undo does not touch it. It was refused "undoing this row would overwrite
// that change", and the metadata the job replaced was not put back.
// Real sandbox LMS, real SQLite file, real keychain, through dispatch.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

describe('undo and a later change it does not write', () => {
  const temp = useTempServices();

  it("a user's name set by the job and changed since, which the undo leaves alone: the metadata is put back", async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const sb = s.sandbox!;
    const auth = `COASSEMBLE:${sb.credentials.coassemble.workspaceId}:${sb.credentials.coassemble.apiKey}`;
    const url = `${sb.url}/api/v1/headless/user/u-noname`;
    const put = (body: string) =>
      fetch(url, { method: 'PUT', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body });
    const user = async () => JSON.parse(await (await fetch(url, { headers: { Authorization: auth } })).text()) as Record<string, unknown>;
    // Before the job: no name, metadata {"team":"red"}.
    expect((await put('{"clientIdentifier":"acme","metadata":{"team":"red"}}')).status).toBe(200);
    expect((await user()).name ?? null).toBeNull();

    const ds = seedDataset(s.db, ['id', 'name', 'team'], [['u-noname', 'Ann', 'blue']]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: {
          identifier: col('id'),
          name: col('name'),
          metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] },
        },
      },
      options: { rateLimit: null },
    });
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'OVERWRITE 1 user on Sandbox · Coassemble' });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);

    // Since the job, the name is changed by hand; the metadata is as the job left it.
    expect((await put('{"name":"Ann Lee"}')).status).toBe(200);

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(plan.counts).toMatchObject({ undo: 1 });
    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(undo!.id);
    const items = (await callOk(s, 'jobs.items', { jobId: undo!.id, offset: 0, limit: 10 })).items;
    expect(items[0]!.error ?? null).toBeNull();
    expect(done.counts.succeeded).toBe(1);
    const after = await user();
    expect(after.metadata).toEqual({ team: 'red' });
    expect(after.name).toBe('Ann Lee'); // the later change stays
  });

  it('a user the job updated and someone deleted since is not created again by the undo', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const sb = s.sandbox!;
    const auth = `COASSEMBLE:${sb.credentials.coassemble.workspaceId}:${sb.credentials.coassemble.apiKey}`;
    const url = `${sb.url}/api/v1/headless/user/u-leaver`;
    const headers = { Authorization: auth, 'Content-Type': 'application/json' };
    expect((await fetch(url, { method: 'PUT', headers, body: '{"clientIdentifier":"acme","name":"Leaver","metadata":{"team":"red"}}' })).status).toBe(200);

    const ds = seedDataset(s.db, ['id', 'team'], [['u-leaver', 'blue']]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: { fields: { identifier: col('id'), metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] } } },
      options: { rateLimit: null },
    });
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'OVERWRITE 1 user on Sandbox · Coassemble' });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);

    // Offboarded since: the user is deleted.
    expect((await fetch(`${url}?action=ignore`, { method: 'DELETE', headers: { Authorization: auth } })).status).toBeLessThan(300);
    expect((await fetch(url, { headers: { Authorization: auth } })).status).toBe(404);

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(undo!.id);
    expect(done.counts).toMatchObject({ succeeded: 0, failed: 1 });
    const items = (await callOk(s, 'jobs.items', { jobId: undo!.id, offset: 0, limit: 10 })).items;
    expect(items[0]!.error).toMatch(/^Not undone: the user is no longer in the LMS \(deleted since this job\)\. Undoing this row would create it again/);
    expect((await fetch(url, { headers: { Authorization: auth } })).status).toBe(404); // still gone
    expect(sb.ledger.entries().filter((e) => e.method === 'PUT' && e.path.includes('u-leaver'))).toHaveLength(2); // set-up and job only
  });
});
