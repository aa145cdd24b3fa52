// A wrong key pauses the job after 3 refusals, and those rows go back to pending: the history must not say
// they failed (no "Row 2 failed: HTTP 401" event), nor the pause reason point at failed rows to rerun.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP.
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import type { Services } from '../../../src-main/services';
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
