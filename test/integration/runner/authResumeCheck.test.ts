// A job paused because the LMS refused its key, resumed: one request checks the key first (the check
// `connections test` makes), so a key still refused sends no row and fails none, and a fixed key carries on.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP (its ledger shows what was sent).
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const sinceIndex = (s: Services, from: number) => s.sandbox!.ledger.entries().slice(from);

describe('resuming a job paused for refused credentials checks them first', () => {
  const temp = useTempServices();

  it('sends no row while the key is still refused, and sends them all once it is fixed', async () => {
    const s = await temp.open({ sandbox: { seed: 41 } });
    const cp = s.sandbox!.credentials.coursepath;
    const conn = {
      name: 'Acme Prod',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath' as const, email: cp.email },
    };
    const saved = await callOk(s, 'connections.save', { ...conn, secret: 'not-the-jwt-sso-secret' });
    const rows = Array.from({ length: 10 }, (_, i) => [`r${i}@example.com`, `R ${i}`]);
    // The default canary of a saved connection, as an admin runs it: it was the canary's end that turned
    // the refused rows into failures.
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email', 'name'], rows),
      connectionId: saved.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
      },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const paused = await s.runner.whenSettled(job.id);
    expect(paused).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
    expect(paused.counts).toMatchObject({ pending: 10, failed: 0 });

    // (a) Resumed with the key unchanged: one GET checks it, no row leaves, none fails.
    const before = s.sandbox!.ledger.entries().length;
    await callOk(s, 'jobs.resume', { jobId: job.id });
    const again = await s.runner.whenSettled(job.id);
    const sent = sinceIndex(s, before);
    expect(sent.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['GET /api/v1/members/me 401']);
    expect(again).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
    expect(again.counts).toMatchObject({ pending: 10, failed: 0, succeeded: 0 });
    expect(again.pausedReason).toBe(
      'The LMS still refuses the credentials of "Acme Prod" (checked before sending: HTTP 401: Invalid JWT signature). ' +
        'Nothing was sent. Fix the key under Connections (Test), then resume.',
    );
    const told = (await callOk(s, 'jobs.events', { jobId: job.id })).map((e) => e.message);
    expect(told).toContain(
      'Checked the credentials of "Acme Prod" before resuming (GET /api/v1/members/me): refused, HTTP 401: Invalid JWT signature.',
    );
    expect(told.join('\n')).not.toMatch(/failed:/);
    // The check is the connection's last test, as Connections shows it (the button's own record).
    const lastTest = async () =>
      (await callOk(s, 'connections.list', {})).find((c) => c.id === saved.id)!.lastTest;
    expect(await lastTest()).toMatchObject({
      ok: false,
      status: 401,
      message: expect.stringMatching(/^401: /),
    });

    // (b) The key fixed under Connections, resumed: the check passes and the rows go (the canary first).
    await callOk(s, 'connections.save', { ...conn, id: saved.id, secret: cp.apiKey });
    const fixedFrom = s.sandbox!.ledger.entries().length;
    await callOk(s, 'jobs.resume', { jobId: job.id });
    let done = await s.runner.whenSettled(job.id);
    expect(sinceIndex(s, fixedFrom)[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/members/me',
      status: 200,
    });
    expect(await lastTest()).toMatchObject({
      ok: true,
      status: 200,
      message: expect.stringMatching(/^Signed in as /),
    });
    // The canary's full 5 rows: the 3 refused for the key were not judged on their merits.
    expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'canary' } });
    expect(done.counts).toMatchObject({ failed: 0, succeeded: 5, pending: 5 });
    expect(done.pausedReason).toMatch(/^Canary: the first 5 rows went to Acme Prod: 5 succeeded\./);
    await callOk(s, 'jobs.resume', { jobId: job.id });
    done = await s.runner.whenSettled(job.id);
    expect(done).toMatchObject({ state: 'completed', stopReason: null });
    expect(done.counts).toMatchObject({ succeeded: 10, failed: 0 });
    const posts = sinceIndex(s, fixedFrom).filter((e) => e.method === 'POST');
    expect(posts.map((e) => e.status)).toEqual(Array(10).fill(201));
    // Only a resume from the credentials pause checks: the canary's resume sends straight away.
    expect(sinceIndex(s, fixedFrom).filter((e) => e.path === '/api/v1/members/me')).toHaveLength(1);
    expect((await callOk(s, 'jobs.events', { jobId: job.id })).map((e) => e.message)).toContain(
      'Checked the credentials of "Acme Prod" before resuming (GET /api/v1/members/me): accepted.',
    );
  });
});
