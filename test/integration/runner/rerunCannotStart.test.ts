// Rerunning a job's failed rows, or sending its rows in doubt again, when the job cannot start: its
// connection deleted, or its secret gone. Found by a probe: the rows were put back in the queue first and the
// start refused after — 'The connection "CP2" no longer exists' — so the failed row was left `pending`
// (attempts 0) in a job now `paused`: gone from the failed rows and their export, a completed job reopened,
// and a row in doubt recorded as waiting to be sent. A refused rerun or resend leaves every row as it was.
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import type { HttpRequest, HttpResponse } from '../../../src-main/services/http';
import { NetworkError } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const bodyOf = (req: HttpRequest) => decodeURIComponent(req.body ?? '');

/** Row 2 is refused (HTTP 409), the rest go; lookups fail. */
const send = async (req: HttpRequest): Promise<HttpResponse> => {
  if (req.method === 'GET')
    return { status: 500, headers: {}, body: '{"message":"lookup down"}', durationMs: 1 };
  if (bodyOf(req).includes('learner1@'))
    return {
      status: 409,
      headers: {},
      body: '{"message":"A member with this email already exists"}',
      durationMs: 1,
    };
  return { status: 201, headers: {}, body: JSON.stringify({ id: 1 }), durationMs: 1 };
};

async function finishedJob(s: Services, name: string) {
  const connection = await callOk(s, 'connections.save', {
    name,
    baseUrl: 'https://acme.coursepath.example',
    identity: { api: 'coursepath', email: `admin@${name.toLowerCase()}.example` },
    secret: 's'.repeat(40),
  });
  const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3));
  const job = await callOk(s, 'jobs.create', {
    ...memberJobSpec(datasetId, connection.id),
    options: { canary: 0, concurrency: 1 },
  });
  await callOk(s, 'jobs.start', { jobId: job.id });
  const done = await s.runner.whenSettled(job.id);
  expect(done.state).toBe('completed');
  expect(done.counts).toMatchObject({ succeeded: 2, failed: 1 });
  return { job: done, connection };
}

const failedRows = async (s: Services, jobId: string) =>
  (await callOk(s, 'jobs.items', { jobId, status: 'failed', offset: 0, limit: 10 })).items.map((i) => ({
    row: i.rowNumber,
    attempts: i.attempts,
  }));

describe('rerunning failed rows of a job that cannot start', () => {
  const temp = useTempServices();

  it('leaves the failed rows failed when the connection was deleted', async () => {
    const s = await temp.open({ send, sandbox: false });
    const { job, connection } = await finishedJob(s, 'Gone');
    await callOk(s, 'connections.delete', { id: connection.id, confirm: 'DELETE connection Gone' });

    const r = await s.dispatch('jobs.retryFailed', { jobId: job.id });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('The connection "Gone" no longer exists.');
    const after = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(after.state).toBe('completed');
    expect(after.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 0 });
    expect(await failedRows(s, job.id)).toEqual([{ row: 2, attempts: 1 }]);
  });

  it('leaves the failed rows failed when the secret is missing, and reruns them once it is back', async () => {
    const s = await temp.open({ send, sandbox: false });
    const { job, connection } = await finishedJob(s, 'Keyless');
    s.credentials.delete(connection.id);

    const r = await s.dispatch('jobs.retryFailed', { jobId: job.id });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CREDENTIALS');
    const after = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(after.state).toBe('completed');
    expect(after.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 0 });
    expect(await failedRows(s, job.id)).toEqual([{ row: 2, attempts: 1 }]);

    // The secret entered again: the same rerun goes, and row 2 is refused again on its own.
    s.credentials.set(connection.id, { api: 'coursepath', apiKey: 's'.repeat(40) });
    await callOk(s, 'jobs.retryFailed', { jobId: job.id });
    const rerun = await s.runner.whenSettled(job.id);
    expect(rerun.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 0 });
    expect(await failedRows(s, job.id)).toEqual([{ row: 2, attempts: 1 }]);
  });

  it('leaves rows in doubt in doubt when a resend cannot start', async () => {
    const lost = async (req: HttpRequest): Promise<HttpResponse> => {
      if (req.method === 'POST' && bodyOf(req).includes('learner2@'))
        throw new NetworkError('Could not reach host: ECONNRESET', 3, true);
      return send(req);
    };
    const s = await temp.open({ send: lost, sandbox: false });
    const connection = await callOk(s, 'connections.save', {
      name: 'Doubtful',
      baseUrl: 'https://acme.coursepath.example',
      identity: { api: 'coursepath', email: 'admin@doubtful.example' },
      secret: 's'.repeat(40),
    });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3));
    const job = await callOk(s, 'jobs.create', {
      ...memberJobSpec(datasetId, connection.id),
      options: { canary: 0, concurrency: 1, maxAttempts: 1 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.in_doubt).toBe(1);
    await callOk(s, 'connections.delete', { id: connection.id, confirm: 'DELETE connection Doubtful' });

    const r = await s.dispatch('jobs.resolveInDoubt', { jobId: job.id, action: 'resend' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('The connection "Doubtful" no longer exists.');
    const after = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(after.state).toBe(done.state);
    expect(after.counts).toMatchObject({ in_doubt: 1, pending: 0 });
  });
});
