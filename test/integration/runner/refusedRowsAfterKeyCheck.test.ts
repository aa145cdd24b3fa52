// Rows the LMS refuses with 403 for themselves (a member the key may not change), three in a row: the
// breaker pauses for the key, as it must not know yet. Resumed, the check before sending accepts the key;
// the same rows refused again are then their own failures — not a pause for the key again, which sent
// the same three rows again at every resume and never got past them.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { answeringSend, FORBIDDEN } from '../../helpers/refusingSend';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('rows refused for themselves after the key was checked', () => {
  const temp = useTempServices();

  it('fail on their own after one resume; the rest of the file is sent', async () => {
    const { caught: refusedPosts, send } = answeringSend(
      (req) => req.method === 'POST' && /email=locked/.test(req.body ?? ''),
      FORBIDDEN,
    );
    const s = await temp.open({ sandbox: { seed: 42 }, send });
    const rows = [
      ['locked1@example.com', 'L 1'],
      ['locked2@example.com', 'L 2'],
      ['locked3@example.com', 'L 3'],
      ['fine1@example.com', 'F 1'],
      ['fine2@example.com', 'F 2'],
    ];
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email', 'name'], rows),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
      },
      options: { canary: 0, concurrency: 1 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const paused = await s.runner.whenSettled(job.id);
    expect(paused).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
    expect(refusedPosts).toHaveLength(3);

    await callOk(s, 'jobs.resume', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 3, pending: 0 });
    expect(done.state).not.toBe('paused');
    expect(refusedPosts).toHaveLength(6); // each refused row sent once more after the key was checked, not again
  });

  it("the same for a row's read before its write (Coassemble upsert): refused again, it fails", async () => {
    const { caught: refusedReads, send } = answeringSend(
      (req) => req.method === 'GET' && req.url.includes('locked'),
      FORBIDDEN,
    );
    const s = await temp.open({ sandbox: { seed: 43 }, send });
    const rows = [
      ['locked-1', 'L 1'],
      ['locked-2', 'L 2'],
      ['locked-3', 'L 3'],
      ['fine-1', 'F 1'],
      ['fine-2', 'F 2'],
    ];
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['id', 'name'], rows),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
      },
      options: { canary: 0, concurrency: 1, rateLimit: null },
    });
    const confirm = 'OVERWRITE 5 users on Sandbox · Coassemble';
    await callOk(s, 'jobs.start', { jobId: job.id, confirm });
    expect(await s.runner.whenSettled(job.id)).toMatchObject({
      state: 'paused',
      stopReason: { kind: 'auth' },
    });
    expect(refusedReads).toHaveLength(3);

    await callOk(s, 'jobs.resume', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 3, pending: 0 });
    expect(done.state).not.toBe('paused');
    expect(refusedReads).toHaveLength(6);
  });
});
