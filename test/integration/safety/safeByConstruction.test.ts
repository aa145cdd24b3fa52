// Issue 13, "Safe by construction": nothing reaches the LMS that the admin did not mean to send.
// Real parts: a SQLite file, the real keychain (D-Bus session from scripts/test.sh) and the real sandbox
// LMS over HTTP; the sandbox's ledger is the witness of what was really sent.
import { describe, expect, it, vi } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const createMember: Mapping = {
  fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
};
const spec = (datasetId: string) => ({
  datasetId,
  connectionId: SANDBOX_COURSEPATH_ID,
  templateId: 'coursepath.members.create',
  mapping: createMember,
});
const memberPosts = (s: Services) =>
  s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

async function run(s: Services, job: JobSummary, confirm?: string): Promise<JobSummary> {
  await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
  return s.runner.whenSettled(job.id);
}

describe('safe by construction', () => {
  const temp = useTempServices();

  it('lists a repeated 5 MB key by its start and size, not whole', async () => {
    const s = await temp.open({ sandbox: { seed: 1 } });
    const group = 'G'.repeat(5 * 1024 * 1024);
    const datasetId = seedDataset(s.db, ['memberId', 'group'], [
      ['7', group],
      ['7', group],
    ]);
    const addToGroup = {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.groups.add',
      mapping: { fields: { memberId: { kind: 'column', column: 'memberId' }, name: { kind: 'column', column: 'group' } } } as Mapping,
    };
    const plan = await callOk(s, 'jobs.preflight', addToGroup);
    expect(plan.counts.duplicate).toBe(1);
    const shown = `memberId=7 name=${'g'.repeat(64)}… (5.0 MB in all)`;
    expect(plan.duplicates).toEqual([{ rowNumber: 3, firstRow: 2, key: shown }]);

    const job = await callOk(s, 'jobs.create', addToGroup);
    const skipped = await callOk(s, 'jobs.items', { jobId: job.id, status: 'skipped', offset: 0, limit: 10 });
    expect(skipped.items[0]!.note).toBe(`Not sent: row 2 has the same ${shown}, and only the first is sent.`);
  });

  it('sends one request for a key repeated in the file (emails compared as the LMS does), unless told otherwise', async () => {
    const s = await temp.open({ sandbox: { seed: 1 } });
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      [
        ['a@example.com', 'First'],
        ['A@Example.com', 'Second'],
        ['a@example.com', 'Third'],
        ['b@example.com', 'Other'],
      ],
    );
    const plan = await callOk(s, 'jobs.preflight', spec(datasetId));
    expect(plan.counts).toEqual({ wouldSend: 2, duplicate: 2, alreadySent: 0, invalid: 0, warnings: 0 });
    expect(plan.duplicates).toEqual([
      { rowNumber: 3, firstRow: 2, key: 'email=a@example.com' },
      { rowNumber: 4, firstRow: 2, key: 'email=a@example.com' },
    ]);

    const done = await run(s, await callOk(s, 'jobs.create', spec(datasetId)));
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ succeeded: 2, skipped: 2 });
    expect(done.skipReasons.duplicate).toBe(2);
    const posted = memberPosts(s).map((e) => (e.body as { email: string; name: string }).name);
    expect(posted).toEqual(['First', 'Other']); // the member holds row 2's data, not row 3's
    const skipped = await callOk(s, 'jobs.items', {
      jobId: done.id,
      status: 'skipped',
      offset: 0,
      limit: 10,
    });
    expect(skipped.items.map((i) => [i.rowNumber, i.skipReason])).toEqual([
      [3, 'duplicate'],
      [4, 'duplicate'],
    ]);
    expect(skipped.items[0]!.note).toMatch(/row 2 has the same email=a@example.com/);

    // The admin may choose otherwise for a job.
    const other = seedDataset(
      s.db,
      ['email', 'name'],
      [
        ['c@example.com', 'One'],
        ['c@example.com', 'Two'],
      ],
    );
    const both = await run(
      s,
      await callOk(s, 'jobs.create', { ...spec(other), options: { allowDuplicates: true } }),
    );
    expect(both.counts.succeeded).toBe(2);
    expect(memberPosts(s)).toHaveLength(4);
  });

  it('skips rows already sent by an earlier job or a test send, lists them before the job, and resends only when asked', async () => {
    const s = await temp.open({ sandbox: { seed: 2 } });
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      userRows(6).map((r) => [r[0]!, r[1]!]),
    );
    // Row 2 is test-sent first: it counts as sent.
    const test = await callOk(s, 'requests.testSend', { ...spec(datasetId), rowNumber: 2 });
    expect(test.status).toBe(201);
    const first = await run(s, await callOk(s, 'jobs.create', spec(datasetId)));
    expect(first.counts).toMatchObject({ succeeded: 5, skipped: 1 });
    expect(first.skipReasons.alreadySent).toBe(1);
    expect(memberPosts(s)).toHaveLength(6); // the test send and 5 from the job: row 2 is not posted twice

    // The same file again: nothing would go, and the preflight says which job sent what.
    const plan = await callOk(s, 'jobs.preflight', spec(datasetId));
    expect(plan.counts).toMatchObject({ wouldSend: 0, alreadySent: 6 });
    expect(plan.alreadySent).toEqual([
      { jobId: first.id, fileName: 'seeded.csv', at: expect.any(Number), rows: 5 },
      { jobId: null, fileName: null, at: expect.any(Number), rows: 1 },
    ]);
    const again = await run(s, await callOk(s, 'jobs.create', spec(datasetId)));
    expect(again.counts).toMatchObject({ succeeded: 0, skipped: 6 });
    expect(memberPosts(s)).toHaveLength(6);
    const notes = await callOk(s, 'jobs.items', { jobId: again.id, offset: 0, limit: 10 });
    expect(notes.items[1]!.note).toMatch(
      new RegExp(`already sent by job ${first.id.slice(0, 8)} \\(seeded.csv\\)`),
    );

    const resent = await run(
      s,
      await callOk(s, 'jobs.create', { ...spec(datasetId), options: { resend: true } }),
    );
    expect(resent.counts.succeeded).toBe(6);
    expect(memberPosts(s)).toHaveLength(12);
  });

  it('a test send whose answer was lost holds its row until the admin chooses to send it again', async () => {
    // The request reached the LMS (the member is created), then the connection dropped before the answer.
    let dropAnswer = false;
    let refuse = false;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (refuse) throw new NetworkError('connect ECONNREFUSED 127.0.0.1:9', 1, false);
      const res = await sendHttp(req);
      if (dropAnswer) throw new NetworkError('socket hang up (ECONNRESET)', res.durationMs, false);
      return res;
    };
    const s = await temp.open({ sandbox: { seed: 2 }, send });
    const datasetId = seedDataset(s.db, ['email', 'name'], userRows(3).map((r) => [r[0]!, r[1]!]));
    dropAnswer = true;
    const test = await callOk(s, 'requests.testSend', { ...spec(datasetId), rowNumber: 2 });
    dropAnswer = false;
    expect(test.status).toBeNull();
    expect(memberPosts(s)).toHaveLength(1);
    const plan = await callOk(s, 'jobs.preflight', spec(datasetId));
    expect(plan.counts).toMatchObject({ wouldSend: 2, alreadySent: 1 });
    // The summary says so too (the Run screen, the dry run), apart from test sends that were answered.
    expect(plan.alreadySent).toEqual([expect.objectContaining({ jobId: null, rows: 1, answerLost: true })]);
    const job = await run(s, await callOk(s, 'jobs.create', spec(datasetId)));
    expect(job.counts).toMatchObject({ succeeded: 2, skipped: 1 });
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(items.items.find((i) => i.rowNumber === 2)!.note).toMatch(
      /by a test send on .+ whose answer was lost: it may or may not have reached the LMS/,
    );
    expect(memberPosts(s)).toHaveLength(3); // row 2 not posted a second time
    // A test send that never connected (refused) sent nothing: its row is not held.
    const other = seedDataset(s.db, ['email', 'name'], [['never@example.com', 'Never Sent']]);
    refuse = true;
    expect((await callOk(s, 'requests.testSend', { ...spec(other), rowNumber: 2 })).status).toBeNull();
    refuse = false;
    expect((await callOk(s, 'jobs.preflight', spec(other))).counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });
  });

  it('a test send whose body was edited to another member counts that member as sent, not the row’s own', async () => {
    const s = await temp.open({ sandbox: { seed: 2 } });
    const rows = userRows(3).map((r) => [r[0]!, r[1]!]);
    rows.push(['edited@example.com', 'Edited Person']); // row 5: the member the edit created
    const datasetId = seedDataset(s.db, ['email', 'name'], rows);
    // Row 3's email edited by hand before the test send: edited@example.com is created, row 3's member is not.
    const test = await callOk(s, 'requests.testSend', {
      ...spec(datasetId),
      rowNumber: 3,
      bodyOverride: 'email=edited%40example.com&name=Edited+Person',
    });
    expect(test.status).toBe(201);
    const plan = await callOk(s, 'jobs.preflight', spec(datasetId));
    // Row 3 was skipped as "already sent by a test send" and never created; row 5 went again (a second create).
    expect(plan.counts).toMatchObject({ wouldSend: 3, alreadySent: 1 });
    const job = await run(s, await callOk(s, 'jobs.create', spec(datasetId)));
    expect(job.counts).toMatchObject({ succeeded: 3, skipped: 1 });
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(items.items.find((i) => i.rowNumber === 5)!.note).toMatch(/already sent by a test send/);
    expect(items.items.find((i) => i.rowNumber === 3)!.status).toBe('succeeded');
    // A test send with a body edited in what the row acts on alone (its name) still counts the row as sent.
    const again = seedDataset(s.db, ['email', 'name'], [['named@example.com', 'Old Name']]);
    await callOk(s, 'requests.testSend', { ...spec(again), rowNumber: 2, bodyOverride: 'email=named%40example.com&name=New+Name' });
    expect((await callOk(s, 'jobs.preflight', spec(again))).counts).toMatchObject({ wouldSend: 0, alreadySent: 1 });
  });

  it('asks for a phrase naming the count and the connection before any destructive run or test send, at any count', async () => {
    const s = await temp.open({ sandbox: { seed: 3, coassembleLimit: null } });
    const state = (await (await fetch(`${s.sandbox!.url}/__sandbox/state`)).json()) as {
      coassemble: { courses: { id: number; deleted: string | null }[] };
    };
    const ids = state.coassemble.courses
      .filter((c) => c.deleted === null)
      .slice(0, 4)
      .map((c) => String(c.id));
    const datasetId = seedDataset(
      s.db,
      ['course'],
      ids.map((id) => [id]),
    );
    const del = {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.delete',
      mapping: { fields: { courseId: { kind: 'column' as const, column: 'course' } } },
    };
    const deletes = () => s.sandbox!.ledger.entries().filter((e) => e.method === 'DELETE');

    // A test send of a delete asks too, for its one row.
    const refusedTest = await s.dispatch('requests.testSend', { ...del, rowNumber: 2 });
    expect(refusedTest.ok).toBe(false);
    expect(!refusedTest.ok && refusedTest.error.details).toMatchObject({
      field: 'confirm',
      phrase: 'DELETE 1 course on Sandbox · Coassemble',
    });
    // Undo takes back jobs, not test sends: the call that would restore the course is named instead.
    expect(!refusedTest.ok && refusedTest.error.message).toContain(
      'History\'s Undo covers jobs, not test sends: to take it back, send "Coassemble: restore course" for this row.',
    );
    expect(deletes()).toHaveLength(0);
    await callOk(s, 'requests.testSend', {
      ...del,
      rowNumber: 2,
      confirm: 'delete 1 course on sandbox coassemble',
    });
    expect(deletes()).toHaveLength(1);

    // Row 2 was test-sent (deleted): 3 rows remain, and the phrase says 3.
    const plan = await callOk(s, 'jobs.preflight', del);
    expect(plan.confirmation).toBe('DELETE 3 courses on Sandbox · Coassemble');
    // Without Coassemble's pace (0.6 s a request): the phrase is tested here, not the window.
    const job = await callOk(s, 'jobs.create', { ...del, options: { rateLimit: null } });
    const refused = await s.dispatch('jobs.start', {
      jobId: job.id,
      confirm: 'DELETE 4 courses on Sandbox · Coassemble',
    });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(
      /confirm with: DELETE 3 courses on Sandbox · Coassemble/,
    );
    expect(deletes()).toHaveLength(1);
    const done = await run(s, job, 'DELETE 3 courses on Sandbox · Coassemble');
    expect(done.counts.succeeded).toBe(3);
    expect(deletes()).toHaveLength(4);
  });

  it('pauses after 3 refusals of the credentials, with the reason, sending no more than 3 requests and failing no row', async () => {
    const s = await temp.open({ sandbox: { seed: 4 } });
    const cp = s.sandbox!.credentials.coursepath;
    const wrong = await callOk(s, 'connections.save', {
      name: 'Acme (wrong key)',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: 'not-the-jwt-sso-secret',
    });
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      userRows(50).map((r) => [r[0]!, r[1]!]),
    );
    const job = await callOk(s, 'jobs.create', {
      ...spec(datasetId),
      connectionId: wrong.id,
      // A saved connection: no canary pause, so the breaker alone decides (and the resume runs to the end).
      options: { concurrency: 8, canary: 0 },
    });
    const done = await run(s, job);
    expect(done.state).toBe('paused');
    expect(done.stopReason?.kind).toBe('auth');
    expect(done.pausedReason).toMatch(
      /refused the credentials of "Acme \(wrong key\)" 3 times in a row \(HTTP 401/,
    );
    expect(done.counts).toMatchObject({ pending: 50, failed: 0, succeeded: 0 });
    expect(memberPosts(s).length).toBeLessThanOrEqual(3);
    expect(memberPosts(s).every((e) => e.status === 401)).toBe(true);

    // Resumed, the job no longer carries the reason.
    await callOk(s, 'connections.save', {
      id: wrong.id,
      name: 'Acme (fixed)',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: cp.apiKey,
    });
    await callOk(s, 'jobs.resume', { jobId: job.id });
    const resumed = await s.runner.whenSettled(job.id);
    expect(resumed).toMatchObject({ state: 'completed', stopReason: null, pausedReason: null });
    expect(resumed.counts.succeeded).toBe(50);
  });

  it('pauses when more than 20 of the last 50 rows failed, naming the most common error', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    // Enrolling in a course that does not exist fails every row with a 404.
    const datasetId = seedDataset(
      s.db,
      ['course', 'member'],
      Array.from({ length: 40 }, (_, i) => ['999999', String(i + 1)]),
    );
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping: {
        fields: {
          courseId: { kind: 'column', column: 'course' },
          memberId: { kind: 'column', column: 'member' },
        },
      },
    });
    const done = await run(s, job);
    expect(done.state).toBe('paused');
    expect(done.stopReason?.kind).toBe('failureRate');
    expect(done.pausedReason).toMatch(
      /2\d of the last 2\d rows failed \(more than 20 of 50\); most often "HTTP 404/,
    );
    expect(done.counts.failed).toBeGreaterThan(20);
    expect(done.counts.failed).toBeLessThan(40);
    expect(done.counts.pending).toBe(40 - done.counts.failed);
  });

  it('sends only the rows never sent when a cancelled job is resumed', async () => {
    const s = await temp.open({ sandbox: { seed: 6 } });
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      userRows(40).map((r) => [r[0]!, r[1]!]),
    );
    const job = await callOk(s, 'jobs.create', { ...spec(datasetId), options: { ratePerSecond: 20 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    // Cancelled once some rows have left (a fixed wait could end before any did on a loaded machine).
    await vi.waitFor(() => expect(memberPosts(s).length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 5,
    });
    const cancelled = await callOk(s, 'jobs.cancel', { jobId: job.id });
    expect(cancelled.state).toBe('cancelled');
    const sentBefore = memberPosts(s).length;
    expect(sentBefore).toBeGreaterThan(0);
    expect(cancelled.counts.pending).toBeGreaterThan(0);

    await callOk(s, 'jobs.resume', { jobId: job.id });
    await callOk(s, 'jobs.setRate', { jobId: job.id, ratePerSecond: null });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts.succeeded).toBe(40);
    const emails = memberPosts(s).map((e) => (e.body as { email: string }).email);
    expect(emails).toHaveLength(40);
    expect(new Set(emails).size).toBe(40); // nobody sent twice
  });

  it('shows the connection defaults as values', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const list = await callOk(s, 'connections.list', {});
    const ca = list.find((c) => c.id === SANDBOX_COASSEMBLE_ID)!;
    const cp = list.find((c) => c.id === SANDBOX_COURSEPATH_ID)!;
    expect(ca.defaults).toMatchObject({ rateLimit: { requests: 100, windowMs: 60_000 }, concurrency: 2 });
    expect(ca.defaults.ratePerSecond).toBeCloseTo(100 / 60, 5);
    expect(cp.defaults).toMatchObject({ rateLimit: null, ratePerSecond: null, concurrency: 4 });
  });
});

describe('resuming an old job', () => {
  const temp = useTempServices();

  it('does not send rows that a newer job sent meanwhile', async () => {
    const s = await temp.open({ sandbox: { seed: 8 } });
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      userRows(30).map((r) => [r[0]!, r[1]!]),
    );
    const old = await callOk(s, 'jobs.create', { ...spec(datasetId), options: { ratePerSecond: 20 } });
    await callOk(s, 'jobs.start', { jobId: old.id });
    await vi.waitFor(() => expect(memberPosts(s).length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 5,
    });
    const cancelled = await callOk(s, 'jobs.cancel', { jobId: old.id });
    expect(cancelled.counts.pending).toBeGreaterThan(0);
    // A new job on the same file sends the rest (the cancelled job's successes are skipped).
    const newer = await run(s, await callOk(s, 'jobs.create', spec(datasetId)));
    expect(newer.counts.succeeded).toBe(30 - cancelled.counts.succeeded);
    // The old job's remaining rows were sent by the newer one: resuming it sends nothing.
    await callOk(s, 'jobs.resume', { jobId: old.id });
    const done = await s.runner.whenSettled(old.id);
    expect(done.state).toBe('completed');
    expect(done.skipReasons.alreadySent).toBe(cancelled.counts.pending);
    const emails = memberPosts(s).map((e) => (e.body as { email: string }).email);
    expect(emails).toHaveLength(30);
    expect(new Set(emails).size).toBe(30);
  });
});

describe('dry run', () => {
  const temp = useTempServices();

  it('says per row what would happen: would send, duplicate, already sent or invalid (why)', async () => {
    const s = await temp.open({ sandbox: { seed: 9 } });
    const sent = seedDataset(s.db, ['email', 'name'], [['old@example.com', 'Old']]);
    await run(s, await callOk(s, 'jobs.create', spec(sent)));
    const datasetId = seedDataset(
      s.db,
      ['email', 'name'],
      [
        ['new@example.com', 'New'],
        ['NEW@example.com', 'Again'],
        ['old@example.com', 'Old'],
        ['not-an-email', 'Bad'],
      ],
    );
    const before = memberPosts(s).length;
    const job = await run(
      s,
      await callOk(s, 'jobs.create', { ...spec(datasetId), options: { dryRun: true } }),
    );
    expect(memberPosts(s)).toHaveLength(before); // nothing sent
    expect(job.skipReasons).toEqual({
      dryRun: 1,
      duplicate: 1,
      alreadySent: 1,
      invalid: 1,
      plan: 0,
      condition: 0,
    });
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(items.items.map((i) => [i.rowNumber, i.skipReason])).toEqual([
      [2, 'dryRun'],
      [3, 'duplicate'],
      [4, 'alreadySent'],
      [5, 'invalid'],
    ]);
    expect(items.items[0]!.note).toMatch(/^Dry run: would be sent/);
    expect(items.items[3]!.error).toMatch(/^Row 5: Email: /);
  });
});
