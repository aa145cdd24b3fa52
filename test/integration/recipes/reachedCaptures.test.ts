// A recipe step skipped as already sent by a send whose 2xx answer was cut off after its status (a job's
// item left in doubt, or a test send): it reached the LMS, so it is not sent again — but what it would have
// captured (the member id the later steps are built from) was in the answer that never came. Found by
// review: the later steps failed "did not capture it (look at that step's answer in History)", as if the
// LMS had answered without one. Now the job reads it from the LMS by the step's own lookup before those
// steps are sent (as for a step marked as succeeded by hand, markedSucceeded.test.ts), whether the step was
// skipped as the job was made or as it was sent; where the LMS has no such record, or the step has no
// lookup, the later steps fail naming the step and its cut-off answer. Nothing is sent twice. Real parts: a
// SQLite file, the real keychain, the sandbox LMS over HTTP, the real sendHttp (the cut-off made in front
// of it, as cutOffReached.test.ts does).
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import type { Recipe } from '../../../src-shared/recipes/types';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE: Recipe = {
  ...ONBOARD_LEARNERS,
  steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!],
};
const COLUMNS = ['Email', 'First name', 'Last name'];

/**
 * The LMS in front of the sandbox: the first create's answer is cut off after its 201 — the create done
 * (`forward`) or, as an LMS whose list lags its writes, not kept — and lookups fail while `lookupsDown`.
 */
function cuttingLms(opts: { forward: boolean }) {
  const lms = { lookupsDown: false, cut: false };
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const path = new URL(req.url).pathname;
    const host = new URL(req.url).host;
    if (req.method === 'POST' && /\/members$/.test(path) && !lms.cut) {
      lms.cut = true;
      if (opts.forward) await sendHttp(req);
      throw new NetworkError(cutOffError(host, 201, 'ECONNRESET'), 5, false, false, 201);
    }
    if (req.method === 'GET' && lms.lookupsDown)
      throw new NetworkError(`Could not reach ${host}: ECONNRESET`, 5, false);
    return sendHttp(req);
  };
  return { lms, send };
}

const posts = (s: Services, path: RegExp) =>
  s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && path.test(e.path) && e.status < 300);

const memberId = async (s: Services, email: string) =>
  (await sandboxState(s.sandbox!.url)).coursepath.members.find((m) => m.email === email)!.id;

const items = (s: Services, jobId: string) =>
  s.db
    .prepare(
      `SELECT step, status, skip_reason AS skip, note, error, captured_json AS captured FROM job_items
        WHERE job_id = ? ORDER BY step`,
    )
    .all(jobId) as {
    step: number;
    status: string;
    skip: string | null;
    note: string | null;
    error: string | null;
    captured: string | null;
  }[];

/** A job's items by row, step by step. */
const byRow = (s: Services, jobId: string) => {
  const all = s.db
    .prepare(
      `SELECT row_number AS row, step, status, skip_reason AS skip, error, captured_json AS captured
         FROM job_items WHERE job_id = ? ORDER BY row_number, step`,
    )
    .all(jobId) as {
    row: number;
    step: number;
    status: string;
    skip: string | null;
    error: string | null;
    captured: string | null;
  }[];
  const out: Record<number, typeof all> = {};
  for (const it of all) (out[it.row] ??= []).push(it);
  return out;
};

/** A test send of the recipe's first step on row 2. */
const testSendFirstStep = (s: Services, recipe: Recipe, datasetId: string) =>
  callOk(s, 'requests.testSend', {
    datasetId,
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId: recipe.steps[0]!.template,
    mapping: recipe.steps[0]!.mapping,
    rowNumber: 2,
  });

describe('a recipe step skipped as already sent by a send whose 2xx answer was cut off', () => {
  const temp = useTempServices();

  it('has its member id read from the LMS, so the later steps go on: nothing sent twice', async () => {
    const { lms, send } = cuttingLms({ forward: true });
    const s = await temp.open({ sandbox: { seed: 71 }, send });
    const datasetId = seedDataset(s.db, COLUMNS, [['cut@reached.test', 'Cut', 'Lee']]);
    const run = { recipe: CREATE_AND_INVITE, datasetId, connectionId: SANDBOX_COURSEPATH_ID };

    // The first job: the create's 201 cut off, and its lookups fail, so it stays in doubt (its invitation
    // waiting on it).
    lms.lookupsDown = true;
    const first = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    await callOk(s, 'jobs.start', { jobId: first.id });
    expect((await s.runner.whenSettled(first.id)).counts).toMatchObject({ in_doubt: 1, waiting: 1 });
    lms.lookupsDown = false;

    // The same file again: the create reached the LMS (already sent); its member id is read from the LMS.
    const again = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    expect(items(s, again.id)[0]).toMatchObject({ status: 'skipped', skip: 'alreadySent' });
    await callOk(s, 'jobs.start', { jobId: again.id });
    const done = await s.runner.whenSettled(again.id);
    expect(done.counts).toMatchObject({ skipped: 1, succeeded: 1, failed: 0, blocked: 0 });

    const id = await memberId(s, 'cut@reached.test');
    expect(posts(s, /^\/api\/v1\/members$/)).toHaveLength(1);
    expect(posts(s, /\/invite$/).map((e) => e.path)).toEqual([`/api/v1/members/${id}/invite`]);
    const [create] = items(s, again.id);
    expect(JSON.parse(create!.captured!)['Member ID']).toBe(String(id));
    expect(create!.note).toMatch(/already sent by job .* HTTP 201: it reached the LMS/);
    expect(create!.note).toMatch(/Its Member ID was read from Coursepath for the later steps\.$/);
  }, 60_000);

  it('skipped as it is sent (a test send cut off after the job was made): the later steps wait for the read', async () => {
    const { send } = cuttingLms({ forward: true });
    const s = await temp.open({ sandbox: { seed: 72 }, send });
    const datasetId = seedDataset(s.db, COLUMNS, [['late@reached.test', 'Late', 'Lee']]);
    const run = { recipe: CREATE_AND_INVITE, datasetId, connectionId: SANDBOX_COURSEPATH_ID };
    // Made first: its create is checked again as it is sent, and found sent by the test send since.
    const job = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    const test = await testSendFirstStep(s, CREATE_AND_INVITE, datasetId);
    expect(test.error).toMatch(/answered HTTP 201, but the answer was cut off after the status/);

    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ skipped: 1, succeeded: 1, failed: 0, waiting: 0 });
    expect(done.state).toBe('completed');
    const id = await memberId(s, 'late@reached.test');
    expect(posts(s, /^\/api\/v1\/members$/)).toHaveLength(1);
    expect(posts(s, /\/invite$/).map((e) => e.path)).toEqual([`/api/v1/members/${id}/invite`]);
    const [create, invite] = items(s, job.id);
    expect(create!.note).toMatch(/by a test send on .* HTTP 201, its answer cut off after the status/);
    expect(JSON.parse(create!.captured!)['Member ID']).toBe(String(id));
    expect(invite).toMatchObject({ status: 'succeeded', error: null });
  }, 60_000);

  it('a later row with the same email (a repeat of the skipped create) gets the member id read too', async () => {
    const { send } = cuttingLms({ forward: true });
    const s = await temp.open({ sandbox: { seed: 75 }, send });
    const datasetId = seedDataset(s.db, COLUMNS, [
      ['twice@reached.test', 'Twice', 'Lee'],
      ['twice@reached.test', 'Twice', 'Lee'],
    ]);
    const run = { recipe: CREATE_AND_INVITE, datasetId, connectionId: SANDBOX_COURSEPATH_ID };
    // Row 3's create follows row 2's; row 2's is found sent, as it is sent, by the test send since.
    const job = await callOk(s, 'recipes.createJob', { ...run, options: { canary: 0 } });
    await testSendFirstStep(s, CREATE_AND_INVITE, datasetId);

    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ failed: 0, blocked: 0, waiting: 0 });
    expect(done.state).toBe('completed');
    const id = await memberId(s, 'twice@reached.test');
    expect(posts(s, /^\/api\/v1\/members$/)).toHaveLength(1);
    const rows = byRow(s, job.id);
    expect(rows[3]![0]).toMatchObject({ status: 'skipped', skip: 'duplicate' });
    expect(JSON.parse(rows[3]![0]!.captured!)['Member ID']).toBe(String(id));
    for (const r of [2, 3]) expect(rows[r]![1]!.error).toBeNull();
    expect(posts(s, /\/invite$/).map((e) => e.path)).toContain(`/api/v1/members/${id}/invite`);
  }, 60_000);

  it('a repeat of a create the LMS has no record of: its later step fails naming the first row and why', async () => {
    const { send } = cuttingLms({ forward: false });
    const s = await temp.open({ sandbox: { seed: 76 }, send });
    const datasetId = seedDataset(s.db, COLUMNS, [
      ['none@reached.test', 'None', 'Lee'],
      ['none@reached.test', 'None', 'Lee'],
    ]);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: CREATE_AND_INVITE,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    await testSendFirstStep(s, CREATE_AND_INVITE, datasetId);
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);
    expect(posts(s, /./)).toEqual([]);
    const rows = byRow(s, job.id);
    expect(rows[3]![1]!.status).toBe('failed');
    expect(rows[3]![1]!.error).toMatch(
      /^Not sent: row 3 has the same email=none@reached\.test as row 2, whose step 1 "Create member" was already sent by a test send on .+, whose answer was cut off after HTTP 201, so its Member ID is not known, and Coursepath has no such record/,
    );
    expect(rows[3]![1]!.error).not.toMatch(/did not capture it/);
  }, 60_000);

  it('when the LMS has no such record, the later step fails saying so, naming the cut-off answer', async () => {
    const { send } = cuttingLms({ forward: false });
    const s = await temp.open({ sandbox: { seed: 73 }, send });
    const datasetId = seedDataset(s.db, COLUMNS, [['gone@reached.test', 'Gone', 'Lee']]);
    await testSendFirstStep(s, CREATE_AND_INVITE, datasetId);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: CREATE_AND_INVITE,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ skipped: 1, failed: 1 });
    expect(posts(s, /./)).toEqual([]);
    const invite = items(s, job.id)[1]!;
    expect(invite.error).toMatch(
      /^Not sent: step 1 "Create member" was already sent by a test send on .+, whose answer was cut off after HTTP 201, so its Member ID is not known/,
    );
    expect(invite.error).toMatch(/Coursepath has no such record \(a lookup found none\)/);
    expect(invite.error).not.toMatch(/look at that step's answer/);
  }, 60_000);

  it('a step with no lookup: the later step fails naming the step and its cut-off answer, nothing sent', async () => {
    const { send } = cuttingLms({ forward: false });
    const s = await temp.open({ sandbox: { seed: 74 }, send });
    // Creating a member in a program captures their id, and Coursepath has no read to find it by.
    const inProgram: Recipe = {
      ...CREATE_AND_INVITE,
      id: 'acme.program',
      name: 'Program onboarding',
      steps: [
        {
          id: 'member',
          name: 'Create in program',
          template: 'coursepath.programs.createMember',
          mapping: {
            fields: {
              programId: { kind: 'column', column: 'Program' },
              email: { kind: 'column', column: 'Email' },
            },
          },
        },
        CREATE_AND_INVITE.steps[1]!,
      ],
    };
    const datasetId = seedDataset(s.db, ['Email', 'Program'], [['prog@reached.test', '7']]);
    await testSendFirstStep(s, inProgram, datasetId);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: inProgram,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ skipped: 1, failed: 1 });
    expect(posts(s, /./)).toEqual([]);
    const invite = items(s, job.id)[1]!;
    expect(invite.error).toMatch(
      /^Not sent: step 1 "Create in program" was already sent by a test send on .+, whose answer was cut off after HTTP 201, so its Member ID is not known, and Coursepath has no read to find it/,
    );
    expect(invite.error).not.toMatch(/look at that step's answer/);
  }, 60_000);
});
