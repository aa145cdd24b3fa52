// Recipe items in doubt mid-run: the sandbox does the work and then drops the connection ("lost") on 15%
// of requests. Each step settles its own in-doubt items the way its template allows — create member by a
// lookup (the member id captured from it, so the row goes on), enrolments and groups by reading them back
// (sent again only when absent or unreadable), invitations by reading when the member was last invited —
// so the job completes with no member, enrolment or invitation twice. With duplicates allowed an
// invitation cannot be told from another row's, so it is held for the admin, and `jobs.inDoubt` names its
// step and key.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const COLUMNS = ['Email', 'First name', 'Last name', 'Courses', 'Groups'];

async function prepare(s: Services, rows: number, sync = true) {
  if (sync) {
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
  }
  const titles = (await sandboxState(s.sandbox!.url)).coursepath.courses.map((c) => c.name);
  return seedDataset(
    s.db,
    COLUMNS,
    Array.from({ length: rows }, (_, i) => [
      `lost${i}@doubt.test`,
      'L',
      `${i}`,
      `${titles[i % 8]}; ${titles[(i + 1) % 8]}`,
      'Sales',
    ]),
  );
}

describe('recipe items in doubt mid-run', () => {
  const temp = useTempServices();

  it('answers lost after the work was done: every step settled its own way, nothing twice', async () => {
    const s = await temp.open({ sandbox: { seed: 51, duplicateMember: 'conflict', faults: 'lost:0.15' } });
    const datasetId = await prepare(s, 40);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { concurrency: 4 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ succeeded: 40 * 5, failed: 0, in_doubt: 0, blocked: 0, waiting: 0 });

    const ledger = s.sandbox!.ledger.entries();
    const tally = (xs: string[]) =>
      xs.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    const created = tally(
      ledger
        .filter((e) => e.method === 'POST' && e.path === '/api/v1/members' && e.status === 201)
        .map((e) => String((e.body as { email: string }).email)),
    );
    const invited = tally(
      ledger
        .filter((e) => e.method === 'POST' && e.path.endsWith('/invite') && e.status === 200)
        .map((e) => e.path),
    );
    expect(created.size).toBe(40);
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    expect(ledger.filter((e) => e.status === 409)).toEqual([]); // no create was even tried twice
    expect(invited.size).toBe(40);
    expect([...invited.values()].every((n) => n === 1)).toBe(true);
    // The lost answers really were settled by lookups.
    const notes = s.db
      .prepare(`SELECT step, note FROM job_items WHERE job_id = ? AND note LIKE 'The app lost track%'`)
      .all(job.id) as { step: number; note: string }[];
    expect(notes.some((n) => n.step === 0 && /a lookup found it had reached Coursepath/.test(n.note))).toBe(
      true,
    );
  }, 120_000);

  it('with duplicates allowed, an invitation in doubt is held and listed with its step and key', async () => {
    const s = await temp.open({ sandbox: { seed: 52, faults: 'lost:0.3' } });
    const datasetId = await prepare(s, 12, false); // create and invite only: no course titles to look up
    const job = await callOk(s, 'recipes.createJob', {
      recipe: { ...ONBOARD_LEARNERS, steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!] },
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { allowDuplicates: true, maxAttempts: 1 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.recipe!.steps[1]!.counts.in_doubt).toBeGreaterThan(0);
    const doubt = await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 100 });
    const invite = doubt.items.find((r) => r.keyCells.Step === 'Send the invitation')!;
    expect(invite.keyCells.Key).toMatch(/^memberId=\d+$/);
    expect(invite.url).toMatch(/\/api\/v1\/members\/\d+\/invite$/);
  }, 120_000);
});
