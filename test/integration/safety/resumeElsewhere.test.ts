// A job is sent where it was confirmed (audit 13b, item 1): a paused job whose connection was then pointed at
// another LMS used to send its remaining deletes there on resume, with no notice and no new confirmation.
// Real parts: a SQLite file, the real keychain, and two sandbox LMSs over HTTP (A: the one the job was
// confirmed for, B: where the connection was pointed afterwards); each sandbox's ledger says what it got.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const deletes = (sb: Sandbox) => sb.ledger.entries().filter((e) => e.method === 'DELETE');

async function liveCourses(sb: Sandbox, n: number): Promise<string[]> {
  const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as {
    coassemble: { courses: { id: number; deleted: string | null }[] };
  };
  return state.coassemble.courses
    .filter((c) => c.deleted === null)
    .slice(0, n)
    .map((c) => String(c.id));
}

/** Points the connection at `sb`'s Coassemble workspace, with that workspace's key. */
const pointAt = (s: Services, id: string, sb: Sandbox) =>
  callOk(s, 'connections.save', {
    id,
    name: 'Acme Coassemble',
    baseUrl: sb.credentials.coassemble.baseUrl,
    identity: { api: 'coassemble', scheme: 'workspace', workspaceId: sb.credentials.coassemble.workspaceId },
    secret: sb.credentials.coassemble.apiKey,
  });

describe('a job is sent only where it was confirmed', () => {
  const temp = useTempServices();
  let other: Sandbox | null = null;
  afterEach(async () => {
    await other?.close();
    other = null;
  });

  it('refuses resume and retry-failed once the connection points at another LMS, naming both; back home, it carries on', async () => {
    const s = await temp.open({ sandbox: { seed: 31, coassembleLimit: null } });
    const a = s.sandbox!;
    const b = (other = await startSandbox({ seed: 32, coassembleLimit: null }));
    expect(b.credentials.coassemble.workspaceId).not.toBe(a.credentials.coassemble.workspaceId);

    const conn = await callOk(s, 'connections.save', {
      name: 'Acme Coassemble',
      baseUrl: a.credentials.coassemble.baseUrl,
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: a.credentials.coassemble.workspaceId },
      secret: a.credentials.coassemble.apiKey,
    });
    const ids = await liveCourses(a, 4);
    // Row 3 names no course at A: it fails (404), so there is a failed row to retry.
    const rows = [ids[0]!, ids[1]!, '987654321', ids[2]!, ids[3]!].map((id) => [id]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course'], rows),
      connectionId: conn.id,
      templateId: 'coassemble.courses.delete',
      mapping: { fields: { courseId: { kind: 'column', column: 'course' } } },
      options: { canary: 3, concurrency: 1, rateLimit: null },
    });
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'DELETE 5 courses on Acme Coassemble' });
    const canary = await s.runner.whenSettled(job.id);
    expect(canary.state).toBe('paused');
    expect(canary.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 2 });
    expect(deletes(a)).toHaveLength(3);

    // The admin edits the connection: now it is another LMS (another address and workspace).
    await pointAt(s, conn.id, b);
    const aUrl = a.credentials.coassemble.baseUrl;
    const bUrl = b.credentials.coassemble.baseUrl;

    for (const [method, input] of [
      ['jobs.resume', { jobId: job.id }],
      ['jobs.start', { jobId: job.id }],
      ['jobs.retryFailed', { jobId: job.id, confirm: 'DELETE 1 course on Acme Coassemble' }],
    ] as const) {
      const refused = await s.dispatch(method, input);
      expect(refused.ok, method).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.details).toMatchObject({ field: 'connection' });
      const m = refused.error.message;
      expect(m).toContain(`made for ${aUrl} (workspace ${a.credentials.coassemble.workspaceId})`);
      expect(m).toContain(`now points at ${bUrl} (workspace ${b.credentials.coassemble.workspaceId})`);
      expect(m).toMatch(/Nothing was sent/);
      expect(m).toContain(`start a new run on "${canary.fileName}" with this connection`);
      expect(m).toMatch(/point the connection back/);
    }
    expect(deletes(b)).toEqual([]); // B never heard of this job
    const still = await callOk(s, 'jobs.get', { jobId: job.id });
    expect(still.state).toBe('paused');
    expect(still.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 2 }); // the failed row was not requeued

    // Pointed back at A, the job carries on there, as it was confirmed.
    await pointAt(s, conn.id, a);
    await callOk(s, 'jobs.resume', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 4, failed: 1, pending: 0 });
    expect(deletes(a)).toHaveLength(5);
    expect(deletes(b)).toEqual([]);
  });

  it('refuses to undo a job once its connection points at another LMS: the compensating calls would go to an LMS the job never touched', async () => {
    const s = await temp.open({ sandbox: { seed: 31, coassembleLimit: null } });
    const a = s.sandbox!;
    const b = (other = await startSandbox({ seed: 32, coassembleLimit: null }));
    const conn = await callOk(s, 'connections.save', {
      name: 'Acme Coassemble',
      baseUrl: a.credentials.coassemble.baseUrl,
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: a.credentials.coassemble.workspaceId },
      secret: a.credentials.coassemble.apiKey,
    });
    const ids = await liveCourses(a, 2);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course'], ids.map((id) => [id])),
      connectionId: conn.id,
      templateId: 'coassemble.courses.delete',
      mapping: { fields: { courseId: { kind: 'column', column: 'course' } } },
      options: { canary: 0, concurrency: 1, rateLimit: null },
    });
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'DELETE 2 courses on Acme Coassemble' });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(2);
    expect((await callOk(s, 'jobs.undoPlan', { jobId: job.id })).counts.undo).toBe(2);

    await pointAt(s, conn.id, b);
    const bUrl = b.credentials.coassemble.baseUrl;
    const before = b.ledger.entries().length;
    const jobsBefore = (await callOk(s, 'jobs.list', {})).length;
    for (const [method, input] of [
      ['jobs.undoPlan', { jobId: job.id }],
      ['jobs.undo', { jobId: job.id, start: true }],
    ] as const) {
      const refused = await s.dispatch(method, input);
      expect(refused.ok, method).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.details).toMatchObject({ field: 'connection' });
      expect(refused.error.message).toContain(`now points at ${bUrl} (workspace ${b.credentials.coassemble.workspaceId})`);
      expect(refused.error.message).toMatch(/point the connection back/);
    }
    expect(b.ledger.entries().length).toBe(before); // B never heard of it
    expect((await callOk(s, 'jobs.list', {})).length).toBe(jobsBefore); // no undo job made

    // Pointed back at A, the undo is offered again.
    await pointAt(s, conn.id, a);
    expect((await callOk(s, 'jobs.undoPlan', { jobId: job.id })).counts.undo).toBe(2);
  });

  it('refuses to run a plan once its connection points at another LMS than the one the plan read', async () => {
    const s = await temp.open({ sandbox: { seed: 41 } });
    const a = s.sandbox!;
    const b = (other = await startSandbox({ seed: 42 }));
    const point = (sb: Sandbox, id?: string) =>
      callOk(s, 'connections.save', {
        ...(id ? { id } : {}),
        name: 'Acme Academy',
        baseUrl: sb.credentials.coursepath.baseUrl,
        identity: { api: 'coursepath', email: sb.credentials.coursepath.email },
        secret: sb.credentials.coursepath.apiKey,
      });
    const conn = await point(a);
    // A new member for A; the same file planned at A says "create".
    const started = await callOk(s, 'plans.create', {
      datasetId: seedDataset(s.db, ['email', 'name'], [['planned@example.com', 'Planned At A']]),
      connectionId: conn.id,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } } },
    });
    const plan = await s.plans.whenDone(started.id);
    expect(plan.counts.create).toBe(1);

    await point(b, conn.id);
    const before = b.ledger.entries().length;
    const refused = await s.dispatch('plans.run', { planId: plan.id, options: { canary: 0 } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.details).toMatchObject({ field: 'connection' });
      expect(refused.error.message).toContain(`this plan read ${a.credentials.coursepath.baseUrl}`);
      expect(refused.error.message).toMatch(/Nothing was sent\. Plan again/);
    }
    expect(b.ledger.entries().length).toBe(before); // B heard nothing
    expect((await callOk(s, 'jobs.list', {})).length).toBe(0);

    // Back at A, the plan runs there.
    await point(a, conn.id);
    const job = await callOk(s, 'plans.run', { planId: plan.id, options: { canary: 0 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);
    expect(b.ledger.entries().length).toBe(before);
  });
});
