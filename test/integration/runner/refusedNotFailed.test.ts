// A wrong key pauses the job after 3 refusals, and those rows go back to pending: the history must not say
// they failed (no "Row 2 failed: HTTP 401" event), nor the pause reason point at failed rows to rerun.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP.
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

async function runToEnd(s: Services, job: JobSummary, confirm?: string): Promise<JobSummary> {
  await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
  return s.runner.whenSettled(job.id);
}

describe('rows refused for a wrong key are not said to have failed', () => {
  const temp = useTempServices();

  it('Coursepath create: the events say the pause, and no row failing', async () => {
    const s = await temp.open({ sandbox: { seed: 21 } });
    const cp = s.sandbox!.credentials.coursepath;
    const wrong = await callOk(s, 'connections.save', {
      name: 'Acme (wrong key)',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: 'not-the-key',
    });
    const rows = Array.from({ length: 10 }, (_, i) => [`p${i}@example.com`, `P ${i}`]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email', 'name'], rows),
      connectionId: wrong.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
      },
      options: { canary: 0 },
    });
    const done = await runToEnd(s, job);
    expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
    expect(done.counts).toMatchObject({ pending: 10, failed: 0 });
    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    expect(events.map((e) => e.kind)).toEqual(['started', 'paused']);
    expect(events.map((e) => e.message).join('\n')).not.toMatch(/failed:/);
  });

  it('Coassemble upsert (each row read first): the pause reason has no hint about failed rows', async () => {
    const s = await temp.open({ sandbox: { seed: 22 } });
    const ca = s.sandbox!.credentials.coassemble;
    const wrong = await callOk(s, 'connections.save', {
      name: 'Coassemble (wrong key)',
      baseUrl: ca.baseUrl,
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: ca.workspaceId },
      secret: '0'.repeat(64), // well formed, and wrong
    });
    const rows = Array.from({ length: 10 }, (_, i) => [`u-${i}`, `User ${i}`]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['id', 'name'], rows),
      connectionId: wrong.id,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
      },
      options: { canary: 0, rateLimit: null },
    });
    const done = await runToEnd(s, job, 'OVERWRITE 10 users on Coassemble (wrong key)');
    expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
    expect(done.counts).toMatchObject({ pending: 10, failed: 0 });
    expect(done.pausedReason).toMatch(
      /refused the credentials of "Coassemble \(wrong key\)" 3 times in a row \(HTTP 401/,
    );
    expect(done.pausedReason).toMatch(/No row was marked failed/);
    expect(done.pausedReason).not.toMatch(/Rerun the failed rows|Not sent/);
    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    expect(events.filter((e) => e.kind === 'failed')).toEqual([]);
  });
});

// A run too short to trip the breaker (a canary of 1 or 2 rows, a job of 2 rows): every row it sent was
// refused for the key and none accepted, so it pauses as the breaker would, with no row failed.
describe('a wrong key on a run shorter than the breaker fails no row either', () => {
  const temp = useTempServices();

  async function wrongKeyJob(s: Services, rowCount: number, options: { canary: number }) {
    const cp = s.sandbox!.credentials.coursepath;
    const conn = {
      name: 'Acme',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath' as const, email: cp.email },
    };
    const saved = await callOk(s, 'connections.save', { ...conn, secret: 'not-the-key' });
    const rows = Array.from({ length: rowCount }, (_, i) => [`s${i}@example.com`, `S ${i}`]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email', 'name'], rows),
      connectionId: saved.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
      },
      options,
    });
    const fixKey = () => callOk(s, 'connections.save', { ...conn, id: saved.id, secret: cp.apiKey });
    return { job, fixKey };
  }

  for (const canary of [1, 2]) {
    it(`a first start with a canary of ${canary}: paused for the key, its rows pending; fixed, the canary sends all ${canary}`, async () => {
      const s = await temp.open({ sandbox: { seed: 30 + canary } });
      const { job, fixKey } = await wrongKeyJob(s, 6, { canary });
      const done = await runToEnd(s, job);
      expect(s.sandbox!.ledger.entries().map((e) => e.status)).toEqual(Array(canary).fill(401));
      expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
      expect(done.counts).toMatchObject({ pending: 6, failed: 0, succeeded: 0 });
      expect(done.pausedReason).toMatch(/^The LMS refused the credentials of "Acme" /);
      expect(done.pausedReason).toMatch(/\(HTTP 401: Invalid JWT signature\)/);
      expect(done.pausedReason).toMatch(/No row was marked failed/);
      const events = await callOk(s, 'jobs.events', { jobId: job.id });
      expect(events.map((e) => e.kind)).toEqual(['started', 'paused']);

      await fixKey();
      await callOk(s, 'jobs.resume', { jobId: job.id });
      const canaryDone = await s.runner.whenSettled(job.id);
      expect(canaryDone).toMatchObject({ state: 'paused', stopReason: { kind: 'canary' } });
      expect(canaryDone.counts).toMatchObject({ succeeded: canary, pending: 6 - canary, failed: 0 });
    });
  }

  it('a 2-row job without a canary: paused for the key, not completed with 2 failed rows', async () => {
    const s = await temp.open({ sandbox: { seed: 33 } });
    const { job, fixKey } = await wrongKeyJob(s, 2, { canary: 0 });
    const done = await runToEnd(s, job);
    expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
    expect(done.counts).toMatchObject({ pending: 2, failed: 0 });
    expect(done.pausedReason).toMatch(/No row was marked failed/);
    await fixKey();
    await callOk(s, 'jobs.resume', { jobId: job.id });
    expect(await s.runner.whenSettled(job.id)).toMatchObject({
      state: 'completed',
      counts: expect.objectContaining({ succeeded: 2, failed: 0 }),
    });
  });
});

// A read before the write refused for one row only (a 403 for that user) is that row's own failure once
// the next rows are accepted: the row fails, and — as a send's refusal — the job's events say so. It failed
// with no "Row N failed" at all: a refusal's failure is said by the breaker once judged, and the read
// gave it nothing to say (test/integration/runner/keyRevokedMidJob.test.ts: the flaky case it showed in).
describe('a read refused for one row only', () => {
  const temp = useTempServices();

  it('fails that row and says "Row N failed", as a refused send does', async () => {
    const send = (req: HttpRequest): Promise<HttpResponse> =>
      req.method === 'GET' && req.url.endsWith('/user/u-3')
        ? Promise.resolve({ status: 403, headers: {}, body: '{"message":"Forbidden for this user"}', durationMs: 1 })
        : sendHttp(req);
    const s = await temp.open({ sandbox: { seed: 22, coassembleLimit: null }, send });
    const rows = Array.from({ length: 6 }, (_, i) => [`u-${i + 1}`, `User ${i + 1}`]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['id', 'name'], rows),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
      },
      options: { canary: 0, rateLimit: null, concurrency: 1, undo: true },
    });
    const done = await runToEnd(s, job, 'OVERWRITE 6 users on Sandbox · Coassemble');
    expect(done.counts).toMatchObject({ succeeded: 5, failed: 1 });
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 5 });
    const row = failed.items[0]!.rowNumber;
    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    expect(events.filter((e) => e.kind === 'failed').map((e) => e.message)).toEqual([
      expect.stringMatching(new RegExp(`^Row ${row} failed: Not sent: reading the user before the write failed \\(HTTP 403\\)`)),
    ]);
  });
});
