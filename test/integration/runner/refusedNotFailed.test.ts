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
