// Undo and the audit record against the real sandbox LMS, through dispatch (the entry point both
// transports and the CLI use), with the real keychain and a real SQLite file:
//  - enrolling members and undoing that job leaves the course's member list as it was; members who were
//    enrolled before are listed as unchanged and not removed; the undo job can itself be undone;
//  - a Coassemble user upsert undone puts back the metadata it replaced, byte for byte;
//  - rows that cannot be undone are listed with why (an invitation cannot be unsent);
//  - a row whose state before cannot be read is not written while undo is on;
//  - the audit record names the file's SHA-256, the OS user and host, and has one record per row.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

async function importCsv(s: Services, dir: string, name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return callOk(s, 'datasets.import', { source: { kind: 'path', path } });
}

/** The course's members as the sandbox holds them, sorted. */
async function courseMembers(s: Services, courseId: number): Promise<number[]> {
  const st = await sandboxState(s.sandbox!.url);
  return st.coursepath.courseMembers
    .filter((m) => m.courseId === courseId)
    .map((m) => m.memberId)
    .sort((a, b) => a - b);
}

async function runToEnd(s: Services, jobId: string, confirm?: string) {
  await callOk(s, 'jobs.start', { jobId, ...(confirm ? { confirm } : {}) });
  return s.runner.whenSettled(jobId);
}

describe('undo against the sandbox', () => {
  const temp = useTempServices();

  it('enrolling 10 members and undoing the job leaves the course member list as it was; the undo can be undone', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    const enrolled = new Set(st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId));
    const learners = st.coursepath.members.filter((m) => m.role === 'learner');
    const fresh = learners.filter((m) => !enrolled.has(m.id)).slice(0, 10);
    const already = learners.filter((m) => enrolled.has(m.id)).slice(0, 2);
    expect(fresh).toHaveLength(10);
    expect(already).toHaveLength(2);
    const before = await courseMembers(s, course.id);

    const rows = [...fresh, ...already].map((m) => `${course.id},${m.id}`).join('\n');
    const ds = await importCsv(s, temp.dir, 'enrol.csv', `course,member\n${rows}\n`);
    const mapping: Mapping = { fields: { courseId: col('course'), memberId: col('member') } };
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping,
      options: { concurrency: 4 },
    });
    const done = await runToEnd(s, job.id);
    expect(done.counts.succeeded).toBe(12);
    expect(await courseMembers(s, course.id)).toHaveLength(before.length + 10);
    // Each row's state before its write is kept with it, before the send.
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 100 });
    const attempts = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: items.items[0]!.id });
    expect(attempts.map((a) => a.kind)).toEqual(['prior', 'send']);
    expect(attempts[0]!.url).toContain(`/api/v1/courses/${course.id}/members/${fresh[0]!.id}/coursemember`);
    expect(attempts[0]!.responseStatus).toBe(404);
    // For the auditor, the read before the write is a read, and the send is attempt 1: attempts count sends.
    const [audited] = await callOk(s, 'jobs.auditRows', { jobId: job.id, afterRow: 0, limit: 1 });
    expect(audited!.requests.map((q) => [q.kind, q.method, q.attempt])).toEqual([
      ['prior', 'GET', null],
      ['send', 'POST', 1],
    ]);
    expect(audited!.attempts).toBe(1);

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(plan.template?.id).toBe('coursepath.courses.unenrol');
    expect(plan.counts).toMatchObject({ rows: 12, undo: 10, unchanged: 2, cannot: 0, notSent: 0 });
    expect(plan.unchanged.map((r) => r.reason)).toEqual([
      'the member was already enrolled before this job',
      'the member was already enrolled before this job',
    ]);
    expect(plan.confirmation).toBe('REMOVE 10 course enrolments on Sandbox · Coursepath');

    // Starting needs the phrase; refused without it, and nothing is made.
    const refused = await s.dispatch('jobs.undo', { jobId: job.id, start: true });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.details?.phrase).toBe(plan.confirmation);
    expect((await callOk(s, 'jobs.list', {})).length).toBe(1);

    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: plan.confirmation! });
    expect(undo?.undoOf).toBe(job.id);
    expect(undo?.options.resend).toBe(true);
    const undone = await s.runner.whenSettled(undo!.id);
    expect(undone.state).toBe('completed');
    expect(undone.counts.succeeded).toBe(10);
    expect(await courseMembers(s, course.id)).toEqual(before);
    // The undo job's rows keep the original row numbers.
    const undoItems = await callOk(s, 'jobs.items', { jobId: undo!.id, offset: 0, limit: 100 });
    expect(undoItems.items.map((i) => i.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    // The original job cannot be undone twice; its rows are listed as already undone.
    const again = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(again.counts.undo).toBe(0);
    expect(again.unchanged[0]!.reason).toBe(`already undone by job ${undo!.id.slice(0, 8)}`);
    // Undone rows no longer count as already sent: enrolling the same file again sends them.
    const pre = await callOk(s, 'jobs.preflight', {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping,
    });
    expect(pre.counts).toMatchObject({ wouldSend: 10, alreadySent: 2 });

    // The undo job is an ordinary job: undoing it enrols the 10 members again.
    const redo = await callOk(s, 'jobs.undo', { jobId: undo!.id, start: true });
    expect(redo.plan.template?.id).toBe('coursepath.courses.enrol');
    const redone = await s.runner.whenSettled(redo.job!.id);
    expect(redone.counts.succeeded).toBe(10);
    expect(await courseMembers(s, course.id)).toHaveLength(before.length + 10);

    // The enrolments are in the LMS again: the original's undo does not call them "already undone", it
    // names the job that put them back, whose undo takes them back.
    const [u8, r8] = [undo!.id.slice(0, 8), redo.job!.id.slice(0, 8)];
    const back = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(back.counts).toMatchObject({ undo: 0, unchanged: 2, cannot: 10 });
    expect(back.cannot.map((r) => r.reason)).toEqual(
      Array(10).fill(
        `undone by job ${u8}, then put back by job ${r8} (the undo of that undo): it is in the LMS again; to take it back, undo job ${r8}`,
      ),
    );
    // Nor are they sent again by the same file: in the LMS again, they count as already sent.
    const preflight = () =>
      callOk(s, 'jobs.preflight', {
        datasetId: ds.id,
        connectionId: SANDBOX_COURSEPATH_ID,
        templateId: 'coursepath.courses.enrol',
        mapping,
      });
    expect((await preflight()).counts).toMatchObject({ wouldSend: 0, alreadySent: 12 });
    // Which does, and then the original's rows read as undone again.
    const third = await callOk(s, 'jobs.undoPlan', { jobId: redo.job!.id });
    expect(third.counts.undo).toBe(10);
    const { job: again3 } = await callOk(s, 'jobs.undo', { jobId: redo.job!.id, start: true, confirm: third.confirmation! });
    expect((await s.runner.whenSettled(again3!.id)).counts.succeeded).toBe(10);
    expect(await courseMembers(s, course.id)).toEqual(before);
    const gone = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(gone.counts).toMatchObject({ undo: 0, unchanged: 12, cannot: 0 });
    expect(gone.unchanged[0]!.reason).toBe(`already undone by job ${u8}`);
    expect((await preflight()).counts).toMatchObject({ wouldSend: 10, alreadySent: 2 });
  });

  it('undoing a job again does not re-apply a change of its own: a later row on a target an earlier undo put back stays undone', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const companyOf = async (id: number) =>
      (await sandboxState(s.sandbox!.url)).coursepath.members.find((m) => m.id === id)!.company;
    const member = (await sandboxState(s.sandbox!.url)).coursepath.members.find((m) => m.role === 'learner')!;
    const before = await companyOf(member.id);
    // Two rows on one member (duplicates allowed): row 3's state before is row 2's write.
    const ds = await importCsv(s, temp.dir, 'dup.csv', `member,company\n${member.id},One Co\n${member.id},Two Co\n`);
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: { fields: { memberId: col('member'), company: col('company') } },
      // Row 3 waits for row 2 (repeats reach the LMS in file order: runner/repeatsInOrder.test.ts).
      options: { allowDuplicates: true },
    });
    const phrase = 'OVERWRITE 2 member profiles on Sandbox · Coursepath';
    expect((await runToEnd(s, job.id, phrase)).counts.succeeded).toBe(2);
    expect(await companyOf(member.id)).toBe('Two Co');

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(plan.counts).toMatchObject({ undo: 1, unchanged: 1 });
    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: plan.confirmation! });
    expect((await s.runner.whenSettled(undo!.id)).counts.succeeded).toBe(1);
    expect(await companyOf(member.id)).toBe(before);

    // Asked again, nothing is left: row 3's "state before" is row 2's write, which row 2's undo took back.
    const again = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(again.counts).toMatchObject({ undo: 0, unchanged: 2 });
    expect(again.unchanged.map((r) => [r.rowNumber, r.reason])).toEqual([
      [2, `already undone by job ${undo!.id.slice(0, 8)}`],
      [
        3,
        `row 2 acts on the same memberId=${member.id}, and its undo (job ${undo!.id.slice(0, 8)}) put back its state from before this job`,
      ],
    ]);
    expect(await companyOf(member.id)).toBe(before);
  });

  it('an undone update can be sent again: the undo job, which sends the same template, does not make the file "already sent"', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const companyOf = async (id: number) =>
      (await sandboxState(s.sandbox!.url)).coursepath.members.find((m) => m.id === id)!.company;
    const member = (await sandboxState(s.sandbox!.url)).coursepath.members.find((m) => m.role === 'learner')!;
    const before = await companyOf(member.id);
    const ds = await importCsv(s, temp.dir, 'update.csv', `member,company\n${member.id},Redo Co\n`);
    const spec = {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: { fields: { memberId: col('member'), company: col('company') } },
    };
    const phrase = 'OVERWRITE 1 member profile on Sandbox · Coursepath';
    const job = await callOk(s, 'jobs.create', spec);
    await runToEnd(s, job.id, phrase);
    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: phrase });
    expect((await s.runner.whenSettled(undo!.id)).counts.succeeded).toBe(1);
    expect(await companyOf(member.id)).toBe(before);

    // The file's change is no longer in the LMS: sending the file again sends it.
    const pre = await callOk(s, 'jobs.preflight', spec);
    expect(pre.counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });
    const again = await callOk(s, 'jobs.create', spec);
    expect((await runToEnd(s, again.id, phrase)).counts.succeeded).toBe(1);
    expect(await companyOf(member.id)).toBe('Redo Co');
  });

  it('a Coassemble user upsert undone restores the previous metadata byte for byte', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const sb = s.sandbox!;
    const auth = `COASSEMBLE:${sb.credentials.coassemble.workspaceId}:${sb.credentials.coassemble.apiKey}`;
    const user = (id: string) =>
      fetch(`${sb.url}/api/v1/headless/user/${encodeURIComponent(id)}`, { headers: { Authorization: auth } }).then((r) => r.text());
    // Metadata with nesting, numbers, unicode and a 20-digit id, set before the job.
    const ids = ['u/alpha', 'u-beta', 'u-gamma'];
    const metas = [
      '{"team":"red","level":3,"nested":{"a":[1,2,{"b":null}]},"big":12345678901234567890,"name":"Zoë"}',
      '{"cost":0.5,"flags":[true,false],"empty":{}}',
      '{}',
    ];
    for (const [i, id] of ids.entries()) {
      const r = await fetch(`${sb.url}/api/v1/headless/user/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: `{"clientIdentifier":"acme","name":"User ${i}","metadata":${metas[i]}}`,
      });
      expect(r.status).toBe(200);
    }
    const before = await Promise.all(ids.map(user));
    const metadataOf = (body: string) => body.slice(body.indexOf('"metadata":'), body.indexOf(',"testMode"'));

    const ds = await importCsv(
      s,
      temp.dir,
      'users.csv',
      `id,name,team\n${ids.map((id, i) => `${id},Renamed ${i},blue`).join('\n')}\nu-new,New User,green\n`,
    );
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds.id,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: {
          identifier: col('id'),
          name: col('name'),
          metadata: { kind: 'keyValue', entries: [{ key: 'team', column: 'team' }] },
        },
      },
      options: { rateLimit: null },
    });
    await runToEnd(s, job.id, 'OVERWRITE 4 users on Sandbox · Coassemble');
    const after = await Promise.all(ids.map(user));
    expect(after.map(metadataOf)).toEqual(Array(3).fill('"metadata":{"team":"blue"}'));

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(plan.counts).toMatchObject({ undo: 3, cannot: 1 });
    expect(plan.cannot[0]).toMatchObject({ rowNumber: 5, key: 'identifier=u-new' });
    expect(plan.cannot[0]!.reason).toMatch(/did not exist before this job: undoing it would mean deleting the user/);
    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: plan.confirmation! });
    expect((await s.runner.whenSettled(undo!.id)).counts.succeeded).toBe(3);

    const restored = await Promise.all(ids.map(user));
    // The metadata bytes as the LMS answers them, the same before and after; name and client too.
    expect(restored.map(metadataOf)).toEqual(before.map(metadataOf));
    expect(metadataOf(restored[0]!)).toContain('"nested":{"a":[1,2,{"b":null}]}');
    const strip = (b: string) => b.replace(/"updated":"[^"]*"/, '');
    expect(restored.map(strip)).toEqual(before.map(strip));
  });

  it('an undo cancelled before it sent its rows blocks a second undo, and the refusal names the way on that exists', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    const enrolled = new Set(st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId));
    const fresh = st.coursepath.members.filter((m) => m.role === 'learner' && !enrolled.has(m.id)).slice(0, 2);
    const ds = await importCsv(s, temp.dir, 'enrol.csv', `course,member\n${fresh.map((m) => `${course.id},${m.id}`).join('\n')}\n`);
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping: { fields: { courseId: col('course'), memberId: col('member') } },
    });
    expect((await runToEnd(s, job.id)).counts.succeeded).toBe(2);
    const before = await courseMembers(s, course.id);

    // The undo is made, then cancelled before it sends anything: its rows stay to send.
    const made = await callOk(s, 'jobs.undo', { jobId: job.id });
    const undoId = made.job!.id;
    await callOk(s, 'jobs.cancel', { jobId: undoId });
    expect((await callOk(s, 'jobs.get', { jobId: undoId })).state).toBe('cancelled');

    // A second undo beside it would take the same rows back twice: refused. Cancelling (again) does not
    // change that, so the refusal must not offer it; sending the rest of that undo does.
    const refused = await s.dispatch('jobs.undoPlan', { jobId: job.id });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.message).toBe(
      `Job ${undoId.slice(0, 8)} is already undoing this job (cancelled) and has 2 rows it has not sent yet: ` +
        `send them with its Resume (bulk-desk jobs resume ${undoId.slice(0, 8)} --confirm "${made.plan.confirmation!}") ` +
        'before undoing this job again — ' +
        'a second undo beside it would take the same rows back twice.',
    );
    expect(await courseMembers(s, course.id)).toEqual(before);
    await callOk(s, 'jobs.cancel', { jobId: undoId });
    expect((await s.dispatch('jobs.undoPlan', { jobId: job.id })).ok).toBe(false);

    // The way it names works: resumed, the undo sends its rows, and the job has nothing left to undo.
    await callOk(s, 'jobs.resume', { jobId: undoId, confirm: made.plan.confirmation! });
    expect((await s.runner.whenSettled(undoId)).counts.succeeded).toBe(2);
    expect((await callOk(s, 'jobs.undoPlan', { jobId: job.id })).counts).toMatchObject({ undo: 0, unchanged: 2 });
  });

  it('lists rows that cannot be undone with why: an invitation cannot be unsent', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const st = await sandboxState(s.sandbox!.url);
    const m = st.coursepath.members.filter((x) => x.role === 'learner').slice(0, 2);
    const ds = await importCsv(s, temp.dir, 'invite.csv', `member\n${m.map((x) => x.id).join('\n')}\n`);
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.invite',
      mapping: { fields: { memberId: col('member') } },
    });
    await runToEnd(s, job.id);
    const made = await callOk(s, 'jobs.undo', { jobId: job.id });
    expect(made.job).toBeNull();
    expect(made.plan.template).toBeNull();
    expect(made.plan.counts).toMatchObject({ undo: 0, cannot: 2 });
    expect(made.plan.cannot.map((r) => r.reason)).toEqual(Array(2).fill('An invitation cannot be unsent: the email has gone.'));
    expect((await callOk(s, 'jobs.list', {})).length).toBe(1); // nothing was made
  });

  it('a row whose state before cannot be read is not written while undo is on; off, it is', async () => {
    // Every request answers 500: the read before each write fails (after its retries).
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null, faults: '500:1' } });
    const st = await sandboxState(s.sandbox!.url);
    const m = st.coursepath.members.filter((x) => x.role === 'learner');
    const ds = await importCsv(s, temp.dir, 'groups.csv', `member,group\n${m[0]!.id},Undo test\n${m[1]!.id},Undo test\n`);
    const spec = {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.groups.add',
      mapping: { fields: { memberId: col('member'), name: col('group') } },
    };
    const job = await callOk(s, 'jobs.create', { ...spec, options: { maxAttempts: 1, breaker: null } });
    const done = await runToEnd(s, job.id);
    expect(done.counts.failed).toBe(2);
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(items.items[0]!.error).toMatch(/^Not sent: reading the member's groups before the write failed \(HTTP 500\)/);
    const writes = () => s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(writes()).toHaveLength(0); // never written blind
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'GET').length).toBeGreaterThanOrEqual(2);

    // With undo off the rows are written (and fail on their own 500).
    const off = await callOk(s, 'jobs.create', { ...spec, options: { maxAttempts: 1, breaker: null, undo: false, resend: true } });
    expect((await runToEnd(s, off.id)).counts.failed).toBe(2);
    expect(writes()).toHaveLength(2);
  });

  it('the audit record names the file, its SHA-256 and size, who and where; one record per row', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const text = 'email,name\nana@example.com,Ana\nbo@example.com,Bo\n=1+1@example.com,Formula\n';
    const ds = await importCsv(s, temp.dir, 'hires.csv', text);
    const bytes = readFileSync(join(temp.dir, 'hires.csv'));
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: col('email'), name: col('name') } },
    });
    await runToEnd(s, job.id);
    const audit = await callOk(s, 'jobs.audit', { jobId: job.id });
    expect(audit.source).toMatchObject({
      fileName: 'hires.csv',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sizeBytes: bytes.length,
      rows: 3,
      derivedFrom: null,
    });
    expect(audit.createdBy).toMatchObject({ osUser: userInfo().username, host: hostname() });
    expect(audit.createdBy?.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(audit.runs.map((r) => r.action)).toEqual(['start']);
    expect(audit.connection).toMatchObject({ id: SANDBOX_COURSEPATH_ID, api: 'coursepath', identity: { api: 'coursepath' } });
    expect(audit.template).toMatchObject({ id: 'coursepath.members.create', method: 'POST' });
    expect(audit.job.counts.total).toBe(3);
    expect(audit.job.finishedAt).not.toBeNull();
    const rows = await callOk(s, 'jobs.auditRows', { jobId: job.id, afterRow: 0, limit: 100 });
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(rows[0]!.input).toEqual({ email: 'ana@example.com', name: 'Ana' });
    expect(rows[0]!.requests[0]).toMatchObject({ kind: 'send', method: 'POST', responseStatus: 201 });
    expect(rows[0]!.requests[0]!.requestHeaders.Authorization).toBe('Bearer <JWT signed at send time>'); // redacted as stored
  });
});
