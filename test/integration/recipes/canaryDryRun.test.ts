// The runner's other rules count a recipe's items: on a real (non-sandbox) connection the canary sends the
// first N items one at a time — a row's later steps included — then pauses saying what happened; a dry run
// builds every item (what an earlier step will answer shown as `{member.Member ID}`) and sends nothing.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const COLUMNS = ['Email', 'First name', 'Last name', 'Courses', 'Groups'];
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => [`c${i}@canary.test`, 'C', `${i}`, '', 'Sales']);

describe('canary and dry run on a recipe', () => {
  const temp = useTempServices();

  it('a real connection: the first 3 items leave one at a time, then the job pauses; resuming sends the rest', async () => {
    const s = await temp.open({ sandbox: { seed: 61 } });
    const conn = await saveCoursepathConnection(s, s.sandbox!, 'Acme (real)');
    const datasetId = seedDataset(s.db, COLUMNS, rows(4));
    const job = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: conn.id,
      options: { canary: 3 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const paused = await s.runner.whenSettled(job.id);
    const posts = () => s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(paused.state).toBe('paused');
    expect(paused.stopReason?.kind).toBe('canary');
    expect(paused.stopReason?.message).toMatch(
      /^Canary: the first 3 items went to Acme \(real\): 3 succeeded.* resume to send the other 9 items/,
    );
    // Row 2's own steps went first: its member, then (courses not applicable) its group, its invitation.
    expect(posts().map((e) => e.path.replace(/\/\d+\//g, '/N/'))).toEqual([
      '/api/v1/members',
      '/api/v1/members/N/groups',
      '/api/v1/members/N/invite',
    ]);
    // Each write that can be read back was, as for any canary row (a group; an invitation leaves nothing to read);
    // the group step read the member's groups before its write too, so it can be undone.
    const reads = s
      .sandbox!.ledger.entries()
      .filter((e) => e.method === 'GET' && !e.path.startsWith('/api/v1/courses'));
    expect(reads.map((e) => e.path.replace(/\/\d+/g, '/N'))).toEqual([
      '/api/v1/members/N',
      '/api/v1/members/N/groups',
      '/api/v1/members/N/groups',
    ]);
    await callOk(s, 'jobs.resume', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(posts()).toHaveLength(12);
  });

  it('a dry run builds every item and sends nothing', async () => {
    const s = await temp.open({ sandbox: { seed: 62 } });
    const datasetId = seedDataset(s.db, COLUMNS, [...rows(2), ['c0@canary.test', 'C', 'again', '', 'Sales']]);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { dryRun: true },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(s.sandbox!.ledger.entries().filter((e) => e.method !== 'GET')).toEqual([]);
    expect(done.counts).toMatchObject({ pending: 0, waiting: 0 });
    const page = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 20 });
    const invite = page.items.find((i) => i.rowNumber === 2 && i.step === 3)!;
    expect(invite).toMatchObject({
      status: 'skipped',
      skipReason: 'dryRun',
      url: expect.stringMatching(/\/api\/v1\/members\/\{member\.Member ID\}\/invite$/),
    });
    expect(page.items.find((i) => i.rowNumber === 4 && i.step === 0)).toMatchObject({
      status: 'skipped',
      skipReason: 'duplicate',
    });
  });
});
