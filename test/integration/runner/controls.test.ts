// The admin's controls on a job, through dispatch as a transport calls them: pause, resume, cancel,
// change rate while running, rerun failed rows, dry run, the destructive guard and in-doubt decisions.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { DRY_RUN_NOTE } from '../../../src-main/db/items';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices, type TempServicesOptions } from '../../helpers/tempServices';

const createMember: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first_name} {last_name}' },
  },
};
const byCourse: Mapping = { fields: { courseId: { kind: 'column', column: 'course' } } };

/** A Coassemble connection of its own (a workspace of its own: rows sent through another are not "already sent"). */
const fakeCoassemble = (s: Services, name: string, workspaceId: string) =>
  callOk(s, 'connections.save', {
    id: undefined,
    name,
    baseUrl: 'https://api.coassemble.example',
    identity: { api: 'coassemble', scheme: 'workspace', workspaceId },
    secret: 'a'.repeat(64),
  });

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('job controls', () => {
  const temp = useTempServices();
  const open = (opts: Partial<TempServicesOptions> = {}): Promise<Services> =>
    temp.open({ sandbox: { seed: 21, faults: 'latency:5-15' }, ...opts });

  const creates = (s: Services) =>
    s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

  it('pauses (nothing more is sent), resumes to the end, and cancels', async () => {
    const s = await open();
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(300));
    const spec = {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
    };
    const job = await callOk(s, 'jobs.create', { ...spec, options: { concurrency: 2 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await waitFor(async () => (await callOk(s, 'jobs.get', { jobId: job.id })).counts.succeeded >= 50);
    const paused = await callOk(s, 'jobs.pause', { jobId: job.id });
    expect(paused.state).toBe('paused');
    expect(paused.counts.sending).toBe(0); // requests in flight finished and were recorded
    const sentAtPause = creates(s).length;
    await sleep(300);
    expect(creates(s).length).toBe(sentAtPause);
    expect(sentAtPause).toBeLessThan(300);

    await callOk(s, 'jobs.resume', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts.succeeded).toBe(300);
    expect(new Set(creates(s).map((e) => (e.body as { email: string }).email)).size).toBe(300);
    expect(creates(s)).toHaveLength(300);

    const other = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(300, 'other.example'));
    const job2 = await callOk(s, 'jobs.create', { ...spec, datasetId: other, options: { concurrency: 2 } });
    await callOk(s, 'jobs.start', { jobId: job2.id });
    await waitFor(async () => (await callOk(s, 'jobs.get', { jobId: job2.id })).counts.succeeded >= 20);
    const cancelled = await callOk(s, 'jobs.cancel', { jobId: job2.id });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.counts.pending).toBeGreaterThan(0);
    const sentAtCancel = creates(s).length;
    await sleep(200);
    expect(creates(s).length).toBe(sentAtCancel);
    // A cancelled job can send the rows it never sent, and only those (issue 13, "stopping well").
    await callOk(s, 'jobs.start', { jobId: job2.id });
    expect((await s.runner.whenSettled(job2.id)).counts.succeeded).toBe(300);
    expect(creates(s)).toHaveLength(600);
    expect(new Set(creates(s).map((e) => (e.body as { email: string }).email)).size).toBe(600);
  });

  it('keeps a completed job completed when asked to cancel it, and a cancelled one says so once', async () => {
    // Found by a probe: `bulk-desk jobs cancel` on a completed job answered "Job … is cancelled.": its History
    // said cancelled, with "Cancelled by you … the rows not sent stay unsent" after "Completed", and each
    // cancel again added that line once more.
    const s = await open();
    const done = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3)),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
    });
    await callOk(s, 'jobs.start', { jobId: done.id });
    expect((await s.runner.whenSettled(done.id)).state).toBe('completed');
    const eventsBefore = await callOk(s, 'jobs.events', { jobId: done.id });

    const refused = await s.dispatch('jobs.cancel', { jobId: done.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.message).toBe('This job is completed: every row has an outcome, so there is nothing to cancel.');
    }
    expect((await callOk(s, 'jobs.get', { jobId: done.id })).state).toBe('completed');
    expect(await callOk(s, 'jobs.events', { jobId: done.id })).toEqual(eventsBefore);

    const ready = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(3, 'other.example')),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
    });
    expect((await callOk(s, 'jobs.cancel', { jobId: ready.id })).state).toBe('cancelled');
    expect((await callOk(s, 'jobs.cancel', { jobId: ready.id })).state).toBe('cancelled'); // again: as it was
    const said = (await callOk(s, 'jobs.events', { jobId: ready.id })).filter((e) => e.kind === 'cancelled');
    expect(said).toHaveLength(1);
  });

  it('changes the rate of a running job at once, and keeps it for later resumes', async () => {
    const s = await open({ sandbox: { seed: 22, coassembleLimit: null } });
    const datasetId = seedDataset(
      s.db,
      ['id', 'name'],
      Array.from({ length: 80 }, (_, i) => [`r-${i}`, `R ${i}`]),
    );
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
      },
      // Undo off: the rate counts requests, and each row would add a read of the user before its write.
      options: {
        ratePerSecond: 4,
        rateLimit: null,
        undo: false,
        confirm: 'OVERWRITE 80 users on Sandbox · Coassemble',
      },
    });
    const t0 = Date.now();
    await callOk(s, 'jobs.start', { jobId: job.id });
    await sleep(1500);
    const slow = (await callOk(s, 'jobs.get', { jobId: job.id })).counts.succeeded;
    const changed = await callOk(s, 'jobs.setRate', { jobId: job.id, ratePerSecond: 100, concurrency: 4 });
    expect(changed.options.ratePerSecond).toBe(100);
    expect(changed.options.concurrency).toBe(4);
    const done = await s.runner.whenSettled(job.id);
    const elapsed = Date.now() - t0;
    console.log(
      `setRate: ${slow} rows in the first 1.5 s at 4/s, then the other ${80 - slow} at 100/s; ${elapsed} ms in all`,
    );
    expect(slow).toBeGreaterThanOrEqual(4);
    expect(slow).toBeLessThanOrEqual(8);
    expect(done.counts.succeeded).toBe(80);
    expect(elapsed).toBeLessThan(5000); // at 4/s it would take 20 s
  });

  it('reruns only the failed rows', async () => {
    let failOnce = new Set(['learner2@example.com', 'learner4@example.com']);
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const email = new URLSearchParams(req.body ?? '').get('email');
      if (email && failOnce.has(email)) {
        return {
          status: 422,
          headers: {},
          body: '{"error":"invalid_parameter","message":"Try again later"}',
          durationMs: 1,
        };
      }
      return sendHttp(req);
    };
    const s = await open({ send });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(6));
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const first = await s.runner.whenSettled(job.id);
    expect(first.counts).toMatchObject({ succeeded: 4, failed: 2 });
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
    expect(failed.items.map((i) => i.rowNumber)).toEqual([3, 5]); // spreadsheet rows: the header is row 1
    expect(failed.items[0]!.error).toBe('HTTP 422: Try again later'); // the API's message, at once (4xx)
    expect(failed.items[0]!.attempts).toBe(1);

    failOnce = new Set();
    const before = creates(s).length;
    await callOk(s, 'jobs.retryFailed', { jobId: job.id });
    const second = await s.runner.whenSettled(job.id);
    expect(second.counts).toMatchObject({ succeeded: 6, failed: 0 });
    const resent = creates(s)
      .slice(before)
      .map((e) => (e.body as { email: string }).email);
    expect(resent.sort()).toEqual(['learner2@example.com', 'learner4@example.com']);
  });

  it('dry run: builds and checks every row, keeps the exact request, sends nothing', async () => {
    const s = await open();
    const rows = userRows(10);
    rows[6]![0] = 'not-an-email'; // spreadsheet row 8
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], rows);
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: createMember,
      options: { dryRun: true },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts.skipped).toBe(10);
    expect(s.sandbox!.ledger.entries()).toHaveLength(0);
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    const valid = items.items.filter((i) => i.note === DRY_RUN_NOTE);
    expect(valid).toHaveLength(9);
    expect(
      valid.every((i) => i.error === null && i.method === 'POST' && i.url.endsWith('/api/v1/members')),
    ).toBe(true);
    const bad = items.items.find((i) => i.rowNumber === 8)!;
    expect(bad.note).toBeNull();
    expect(bad.error).toMatch(/^Row 8: Email: /);
    const attempts = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: valid[0]!.id });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ kind: 'dry_run', responseStatus: null });
    expect(attempts[0]!.requestBody).toContain('email=learner1%40example.com');
    expect(attempts[0]!.requestHeaders.Authorization).not.toMatch(/^Bearer ey/); // never signed
  });

  it('refuses a destructive template at any row count without the phrase naming the count and the connection', async () => {
    const s = await open({ sandbox: { seed: 23, coassembleLimit: null } });
    const many = seedDataset(
      s.db,
      ['course'],
      Array.from({ length: 12 }, (_, i) => [String(900_000 + i)]),
    );
    const spec = {
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.delete',
      mapping: byCourse,
    };
    const job = await callOk(s, 'jobs.create', { ...spec, datasetId: many, options: { rateLimit: null } });
    const refused = await s.dispatch('jobs.start', { jobId: job.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toMatch(
        // A course delete is one History's Undo takes back (restore course): the message says so, not "cannot".
        /12 rows.*"Sandbox · Coassemble"\. It can be undone afterwards: .*bulk-desk jobs undo.*Coassemble: restore course.*confirm with: DELETE 12 courses on Sandbox · Coassemble/,
      );
      // The job exists: the undo hint names it, so it runs as printed.
      expect(refused.error.message).toContain(`(or \`bulk-desk jobs undo ${job.id}\`)`);
      expect(refused.error.details).toMatchObject({
        field: 'confirm',
        phrase: 'DELETE 12 courses on Sandbox · Coassemble',
      });
    }
    expect(s.sandbox!.ledger.entries()).toHaveLength(0);
    expect((await s.dispatch('jobs.start', { jobId: job.id, confirm: 'DELETE 12 rows' })).ok).toBe(false);
    expect((await s.dispatch('jobs.start', { jobId: job.id, confirm: 'DELETE 12 courses on Acme' })).ok).toBe(
      false,
    );
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'DELETE 12 courses on Sandbox · Coassemble' });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.total - done.counts.pending).toBe(12); // it ran (these course ids do not exist: 404s)

    // The phrase can also come with the job; and 5 rows need none.
    const confirmed = await callOk(s, 'jobs.create', {
      ...spec,
      datasetId: many,
      options: { rateLimit: null, confirm: 'delete 12 courses on sandbox coassemble' },
    });
    expect((await s.dispatch('jobs.start', { jobId: confirmed.id })).ok).toBe(true);
    await s.runner.whenSettled(confirmed.id);
    // One row asks too.
    const one = seedDataset(s.db, ['course'], [['800000']]);
    const small = await callOk(s, 'jobs.create', { ...spec, datasetId: one, options: { rateLimit: null } });
    expect((await s.dispatch('jobs.start', { jobId: small.id })).ok).toBe(false);
    expect(
      (
        await s.dispatch('jobs.start', {
          jobId: small.id,
          confirm: 'DELETE 1 course on Sandbox · Coassemble',
        })
      ).ok,
    ).toBe(true);
    await s.runner.whenSettled(small.id);
  });

  it('asks before a manual call: the catalog wording when it is a catalog call, else the method and path', async () => {
    const s = await open({ sandbox: { seed: 23, coassembleLimit: null } });
    const datasetId = seedDataset(
      s.db,
      ['Course', 'Client'],
      [
        ['900001', 'c1'],
        ['900002', 'c2'],
        ['900003', 'c3'],
      ],
    );
    const manual = (method: 'POST' | 'PUT', url: string) => ({
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.manual',
      mapping: { fields: {}, manual: { method, url, exclude: ['Course', 'Client'] } },
    });
    const writes = () => s.sandbox!.ledger.entries().filter((e) => e.method !== 'GET');
    const refusal = async (spec: ReturnType<typeof manual>) => {
      const job = await callOk(s, 'jobs.create', { ...spec, options: { rateLimit: null } });
      const r = await s.dispatch('jobs.start', { jobId: job.id });
      expect(r.ok).toBe(false);
      return { job, details: r.ok ? null : r.error.details };
    };

    // The same call as "revert course": its phrase, and nothing goes without it.
    const revert = manual('POST', '/api/v1/headless/course/{Course}/revert');
    expect((await callOk(s, 'jobs.preflight', revert)).confirmation).toBe(
      'REVERT 3 courses on Sandbox · Coassemble',
    );
    const refused = await refusal(revert);
    expect(refused.details).toMatchObject({
      field: 'confirm',
      phrase: 'REVERT 3 courses on Sandbox · Coassemble',
    });
    // A PUT that replaces a client's metadata, and a write no catalog call describes.
    expect((await refusal(manual('PUT', '/api/v1/headless/client/{Client}'))).details).toMatchObject({
      phrase: 'OVERWRITE 3 clients on Sandbox · Coassemble',
    });
    expect((await refusal(manual('POST', '/api/v1/headless/course/{Course}/archive'))).details).toMatchObject(
      {
        phrase: 'POST 3 records to /api/v1/headless/course/{Course}/archive on Sandbox · Coassemble',
      },
    );
    expect(writes()).toHaveLength(0);

    await callOk(s, 'jobs.start', {
      jobId: refused.job.id,
      confirm: 'revert 3 courses on sandbox coassemble',
    });
    await s.runner.whenSettled(refused.job.id);
    expect(
      writes()
        .map((e) => `${e.method} ${e.path}`)
        .sort(),
    ).toEqual(['900001', '900002', '900003'].map((id) => `POST /api/v1/headless/course/${id}/revert`));
  });

  it('holds in-doubt rows of a call it cannot look up, and applies the admin decision', async () => {
    // Duplicate course is not idempotent and has no lookup: a broken connection leaves the row in doubt.
    let n = 0;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      n++;
      if (/\/course\/(3|5)\/duplicate/.test(req.url) && n < 100)
        throw new NetworkError('Could not reach host: ECONNRESET', 3, false);
      return { status: 200, headers: {}, body: JSON.stringify({ id: 1000 + n }), durationMs: 1 };
    };
    const s = await open({ send, sandbox: false });
    await callOk(s, 'connections.save', {
      id: undefined,
      name: 'Fake Coassemble',
      baseUrl: 'https://api.coassemble.example',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '42' },
      secret: 'a'.repeat(64),
    });
    const connectionId = (await callOk(s, 'connections.list', {})).find(
      (c) => c.name === 'Fake Coassemble',
    )!.id;
    const datasetId = seedDataset(s.db, ['course'], [['1'], ['2'], ['3'], ['4'], ['5'], ['6']]);
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId,
      templateId: 'coassemble.courses.duplicate',
      mapping: byCourse,
      options: { rateLimit: null, canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 4, in_doubt: 2 });
    const doubts = await callOk(s, 'jobs.items', { jobId: job.id, status: 'in_doubt', offset: 0, limit: 10 });
    expect(doubts.items.map((i) => i.rowNumber)).toEqual([4, 6]); // courses 3 and 5
    expect(doubts.items[0]!.attempts).toBe(1); // not re-sent on its own
    // What is known of the lost answer is said, not "no answer saved" (nothing came back to save).
    const listed = await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 });
    expect(listed.items.map((r) => r.answer)).toEqual([
      'no answer: Could not reach host: ECONNRESET',
      'no answer: Could not reach host: ECONNRESET',
    ]);
    const ok = await callOk(s, 'jobs.items', { jobId: job.id, status: 'succeeded', offset: 0, limit: 10 });
    expect(ok.items[0]!.captured?.['New course ID']).toMatch(/^\d+$/);

    const [row3, row5] = doubts.items;
    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markSucceeded', itemIds: [row3!.id] });
    n = 1000; // the connection works again
    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'resend', itemIds: [row5!.id] });
    const after = await s.runner.whenSettled(job.id);
    expect(after.counts).toMatchObject({ succeeded: 6, in_doubt: 0 });
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(items.items[2]!.note).toMatch(/admin marked it as succeeded/);
    expect(items.items[4]!.note).toMatch(/admin chose to send it again/);
    expect(items.items[4]!.attempts).toBe(1); // a fresh budget, one more send
    expect((await s.dispatch('jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed' })).ok).toBe(false);
  });
  it("refuses to rerun a stopped job's failed rows while it has rows it never sent: they would have gone too", async () => {
    // Found by a probe: "Rerun 1 failed row" on a job the canary paused (or the admin cancelled) started the
    // job, and every row it had not sent left with the failed one — rows the admin had stopped, and on a
    // destructive template rows the phrase ("DELETE 1 course…") never counted.
    const sent: string[] = [];
    let broken = true;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      // The canary reads each course back: gone, as the delete asks.
      if (req.method === 'GET') return { status: 404, headers: {}, body: '{"message":"Not found"}', durationMs: 1 };
      sent.push(req.url);
      if (broken && /\/course\/2$/.test(req.url))
        return { status: 422, headers: {}, body: '{"message":"Course is locked"}', durationMs: 1 };
      return { status: 200, headers: {}, body: '{}', durationMs: 1 };
    };
    const s = await open({ send, sandbox: false });
    const rows = [['1'], ['2'], ['3'], ['4'], ['5'], ['6']];
    for (const stop of ['paused', 'cancelled'] as const) {
      sent.length = 0;
      broken = true;
      const conn = await fakeCoassemble(s, `Fake Coassemble rerun (${stop})`, stop === 'paused' ? '52' : '53');
      const phrase = `DELETE 6 courses on Fake Coassemble rerun (${stop})`;
      const job = await callOk(s, 'jobs.create', {
        connectionId: conn.id,
        templateId: 'coassemble.courses.delete',
        mapping: byCourse,
        datasetId: seedDataset(s.db, ['course'], rows),
        options: { rateLimit: null, canary: 3, concurrency: 1, undo: false, confirm: phrase },
      });
      await callOk(s, 'jobs.start', { jobId: job.id });
      const canary = await s.runner.whenSettled(job.id);
      expect(canary.state).toBe('paused'); // the canary: the admin looks before the rest go
      expect(canary.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 3 });
      if (stop === 'cancelled') await callOk(s, 'jobs.cancel', { jobId: job.id });
      broken = false;
      const before = sent.length;
      const refused = await s.dispatch('jobs.retryFailed', {
        jobId: job.id,
        confirm: `DELETE 1 course on Fake Coassemble rerun (${stop})`,
      });
      await s.runner.whenSettled(job.id);
      expect(sent.slice(before), stop).toEqual([]); // nothing left: the rest was not chosen
      expect(refused.ok).toBe(false);
      if (!refused.ok)
        expect(refused.error.message).toBe(
          `This job is ${stop} with 3 rows it has not sent yet, and rerunning its failed row would send them too. ` +
            `Nothing was sent. To send only the failed rows, export them (\`bulk-desk jobs export ${job.id} --only failed ` +
            `--out failed.csv\`, or History → Failed rows CSV) and run that file as a new job; to send the rest as well, ` +
            `send the remaining rows first (\`bulk-desk jobs resume ${job.id}\`, or History → ` +
            `${stop === 'cancelled' ? 'Send' : 'Resume: send'} the remaining rows), then rerun the failed row.`,
        );
      const after = await callOk(s, 'jobs.get', { jobId: job.id });
      expect(after.state).toBe(stop);
      expect(after.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 3 });
    }
  });

  it("refuses to rerun an interrupted job's failed rows while it has rows it never sent: the phrase counted only the failed", async () => {
    // Found by a probe: Bulk Desk closed mid-job (interrupted, 3 rows never sent); "Rerun 1 failed row" with
    // "DELETE 1 course…" started the job, and the 3 rows went with the failed one ('Resumed: 4 rows to send').
    const sent: string[] = [];
    let broken = true;
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (req.method === 'GET') return { status: 404, headers: {}, body: '{"message":"Not found"}', durationMs: 1 };
      sent.push(req.url);
      if (broken && /\/course\/2$/.test(req.url))
        return { status: 422, headers: {}, body: '{"message":"Course is locked"}', durationMs: 1 };
      if (/\/course\/3$/.test(req.url)) await held; // Bulk Desk is closed while row 3's request is out
      return { status: 200, headers: {}, body: '{}', durationMs: 1 };
    };
    const s = await open({ send, sandbox: false });
    const conn = await fakeCoassemble(s, 'Fake Coassemble rerun (interrupted)', '54');
    const job = await callOk(s, 'jobs.create', {
      connectionId: conn.id,
      templateId: 'coassemble.courses.delete',
      mapping: byCourse,
      datasetId: seedDataset(s.db, ['course'], [['1'], ['2'], ['3'], ['4'], ['5'], ['6']]),
      options: {
        rateLimit: null,
        canary: 0,
        concurrency: 1,
        undo: false,
        confirm: 'DELETE 6 courses on Fake Coassemble rerun (interrupted)',
      },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await waitFor(() => sent.some((u) => /\/course\/3$/.test(u)));
    const reopening = temp.reopen({ send, sandbox: false });
    release();
    const again = await reopening;
    const stopped = await callOk(again, 'jobs.get', { jobId: job.id });
    expect(stopped.state).toBe('interrupted');
    expect(stopped.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 3 });

    broken = false;
    const before = sent.length;
    const refused = await again.dispatch('jobs.retryFailed', {
      jobId: job.id,
      confirm: 'DELETE 1 course on Fake Coassemble rerun (interrupted)',
    });
    await again.runner.whenSettled(job.id);
    expect(sent.slice(before)).toEqual([]); // the 3 rows were not part of "rerun the failed row"
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.message).toContain(
        'This job is interrupted with 3 rows it has not sent yet, and rerunning its failed row would send them too.',
      );
    expect((await callOk(again, 'jobs.get', { jobId: job.id })).counts).toMatchObject({ failed: 1, pending: 3 });
  });

  it('sends a resolved row again without starting the rest of a paused or cancelled job', async () => {
    // Found by an audit: "resend" on one row of a paused job started the job, and every row it had not
    // sent left with it (on a cancelled job too) — rows the admin had not chosen to send.
    const sent: string[] = [];
    let broken = true;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      sent.push(req.url);
      if (broken && /\/course\/2\/duplicate/.test(req.url))
        throw new NetworkError('Could not reach host: ECONNRESET', 3, false);
      return { status: 200, headers: {}, body: JSON.stringify({ id: 1000 + sent.length }), durationMs: 1 };
    };
    const s = await open({ send, sandbox: false });
    const rows = [['1'], ['2'], ['3'], ['4'], ['5'], ['6']];
    for (const stop of ['paused', 'cancelled'] as const) {
      sent.length = 0;
      broken = true;
      // A connection of its own each time: a connection's first job is the one that pauses after its canary.
      // Another workspace too: rows sent to the same LMS through another connection are already sent.
      const conn = await fakeCoassemble(s, `Fake Coassemble (${stop})`, stop === 'paused' ? '42' : '43');
      const job = await callOk(s, 'jobs.create', {
        connectionId: conn.id,
        templateId: 'coassemble.courses.duplicate',
        mapping: byCourse,
        datasetId: seedDataset(s.db, ['course'], rows),
        options: { rateLimit: null, canary: 3, concurrency: 1 },
      });
      await callOk(s, 'jobs.start', { jobId: job.id });
      const canary = await s.runner.whenSettled(job.id);
      expect(canary.state).toBe('paused'); // the canary: the admin looks before the rest go
      expect(canary.counts).toMatchObject({ succeeded: 2, in_doubt: 1, pending: 3 });
      if (stop === 'cancelled') await callOk(s, 'jobs.cancel', { jobId: job.id });
      const doubt = await callOk(s, 'jobs.items', {
        jobId: job.id,
        status: 'in_doubt',
        offset: 0,
        limit: 10,
      });
      broken = false;
      const before = sent.length;
      const after = await callOk(s, 'jobs.resolveInDoubt', {
        jobId: job.id,
        action: 'resend',
        itemIds: [doubt.items[0]!.id],
      });
      await s.runner.whenSettled(job.id);
      expect(sent.slice(before), stop).toEqual([]); // nothing left: the rest was not chosen
      expect(after.state).toBe(stop);
      expect(after.counts).toMatchObject({ in_doubt: 0, pending: 4 });
      // Resuming (the admin's choice, with its own confirmation) sends the row with the rest, once each.
      await callOk(s, 'jobs.resume', { jobId: job.id });
      const done = await s.runner.whenSettled(job.id);
      expect(done.counts).toMatchObject({ succeeded: 6, in_doubt: 0, pending: 0 });
      expect(sent.slice(before)).toHaveLength(4);
    }
  });
});
