// Issue 14, "right on the real LMS": what the public evidence says the real APIs do, run through the real
// runner against the sandbox as changed to follow that evidence (src-main/sandbox/README.md). Real parts:
// a SQLite file, the keychain, the sandbox over HTTP; its ledger is the witness of what was sent.
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import type { SandboxOptions } from '../../../src-main/sandbox/index';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import type { JobOptions } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

/** A connection to the sandbox saved as an admin saves a real one (not the built-in sandbox connection). */
async function realConnection(s: Services): Promise<string> {
  const c = await saveCoursepathConnection(s, s.sandbox!, 'Acme academy');
  return c.id;
}

async function run(
  s: Services,
  spec: { datasetId: string; connectionId: string; templateId: string; mapping: Mapping; options?: JobOptions },
  confirm?: string,
) {
  // These tests are about what reaches the LMS: a destructive template gets its phrase (issue 13).
  const { confirmation } = await callOk(s, 'jobs.preflight', spec);
  const phrase = confirm ?? confirmation ?? undefined;
  const job = await callOk(s, 'jobs.create', spec);
  await callOk(s, 'jobs.start', { jobId: job.id, ...(phrase ? { confirm: phrase } : {}) });
  return s.runner.whenSettled(job.id);
}

async function members(s: Services, n: number): Promise<number[]> {
  const state = await sandboxState(s.sandbox!.url);
  return state.coursepath.members.filter((m) => m.role === 'learner').slice(0, n).map((m) => m.id);
}

describe('issue 14: right on the real LMS', () => {
  const temp = useTempServices();
  const open = (sandbox: SandboxOptions = {}) => temp.open({ sandbox: { seed: 14, coassembleLimit: null, ...sandbox } });

  it('1. a signed URL, answered as plain text, is captured for every row (and exported)', async () => {
    const s = await open();
    const state = await sandboxState(s.sandbox!.url);
    const courses = state.coassemble.courses.filter((c) => c.deleted === null).slice(0, 3);
    const rows = courses.map((c, i) => [String(c.id), `learner-${i}`]);
    const datasetId = seedDataset(s.db, ['course', 'learner'], rows);
    const done = await run(s, {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.signedUrl',
      mapping: { fields: { action: { kind: 'constant', value: 'view' }, courseId: col('course'), identifier: col('learner') } },
    });
    expect(done.counts.succeeded).toBe(3);
    const page = await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 10 });
    for (const item of page.items) {
      expect(item.responseBody).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/embed\/view\//);
      expect(item.captured).toEqual({ 'Signed URL': item.responseBody });
    }
  });

  it('6. signed URLs in doubt after a broken connection: view rows are sent again, edit rows without a course id (a new draft course each) wait for the admin', async () => {
    // The first answer of every row is lost (the connection resets after the request left), as after a crash.
    const seen = new Set<string>();
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const key = req.body ?? '';
      if (!seen.has(key)) {
        seen.add(key);
        throw new NetworkError('Could not reach host: ECONNRESET', 3, false);
      }
      return { status: 200, headers: {}, body: 'https://app.coassemble.example/embed/x', durationMs: 1 };
    };
    const s = await temp.open({ send, sandbox: false });
    const c = await callOk(s, 'connections.save', {
      name: 'Coassemble',
      baseUrl: 'https://api.coassemble.example',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '42' },
      secret: 'a'.repeat(64),
    });
    const datasetId = seedDataset(s.db, ['action', 'course', 'learner'], [['view', '12', 'a'], ['edit', '', 'b'], ['view', '13', 'c']]);
    const done = await run(s, {
      datasetId,
      connectionId: c.id,
      templateId: 'coassemble.courses.signedUrl',
      mapping: { fields: { action: col('action'), courseId: col('course'), identifier: col('learner') } },
      options: { canary: 0, rateLimit: null },
    });
    expect(done.counts).toMatchObject({ succeeded: 2, in_doubt: 1 });
    const page = await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 10 });
    expect(page.items.map((i) => [i.rowNumber, i.status])).toEqual([[2, 'succeeded'], [3, 'in_doubt'], [4, 'succeeded']]);
    expect(page.items[0]!.captured).toEqual({ 'Signed URL': 'https://app.coassemble.example/embed/x' });
    expect(page.items[1]!.note ?? page.items[1]!.error).toMatch(/in doubt/i);
  });

  it('5. group removal sends the name in the query AND the body: a server reading only the body (or only the query) removes that one group', async () => {
    for (const from of ['body', 'query'] as const) {
      const s = await open({ groupNameFrom: from });
      const ids = await members(s, 3);
      for (const id of ids) {
        for (const name of ['A-team', 'B-team']) {
          const add = await run(s, {
            datasetId: seedDataset(s.db, ['member'], [[String(id)]]),
            connectionId: SANDBOX_COURSEPATH_ID,
            templateId: 'coursepath.groups.add',
            mapping: { fields: { memberId: col('member'), name: { kind: 'constant', value: name } } },
          });
          expect(add.counts.succeeded).toBe(1);
        }
      }
      const done = await run(s, {
        datasetId: seedDataset(s.db, ['member', 'group'], ids.map((id) => [String(id), 'A-team'])),
        connectionId: SANDBOX_COURSEPATH_ID,
        templateId: 'coursepath.groups.remove',
        mapping: { fields: { memberId: col('member'), name: col('group') } },
      });
      expect(done.counts.succeeded).toBe(3);
      const state = await sandboxState(s.sandbox!.url);
      const inGroup = (name: string) => state.coursepath.groups.find((g) => g.name === name)!.memberIds;
      for (const id of ids) {
        expect(inGroup('A-team')).not.toContain(id);
        expect(inGroup('B-team'), `groupNameFrom ${from}: B-team kept`).toContain(id);
      }
      const del = s.sandbox!.ledger.entries().filter((e) => e.method === 'DELETE');
      expect(del.every((e) => e.query === 'name=A-team' && (e.body as { name?: string }).name === 'A-team')).toBe(true);
      await temp.close();
    }
  });

  it('5. a group-remove row with an empty or blank group name is refused before sending; never "remove from all"', async () => {
    const s = await open();
    const ids = await members(s, 3);
    const datasetId = seedDataset(s.db, ['member', 'group'], [[String(ids[0]), ''], [String(ids[1]), '   '], [String(ids[2]), 'Sales']]);
    const done = await run(s, {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.groups.remove',
      mapping: { fields: { memberId: col('member'), name: col('group') } },
    });
    const page = await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 10 });
    expect(page.items.map((i) => i.status)).toEqual(['skipped', 'skipped', expect.stringMatching(/succeeded|failed/)]);
    expect(page.items[0]!.error).toMatch(/Group name/);
    expect(page.items[1]!.error).toMatch(/Group name: only whitespace/);
    const del = s.sandbox!.ledger.entries().filter((e) => e.method === 'DELETE');
    expect(del).toHaveLength(1);
    expect(del[0]!.path).toBe(`/api/v1/members/${ids[2]}/groups`);
  });

  it("5. DELETE user: a row without the admin's choice of action is never sent; with one, the sandbox does exactly that", async () => {
    const s = await open();
    const gen = { prompt: 'Knots', audience: 'sailors', familiarity: 'beginner', tone: 'salty', screenCount: 2, identifier: 'leaver' };
    const ca = s.sandbox!.credentials.coassemble;
    const auth = { authorization: `COASSEMBLE:${ca.workspaceId}:${ca.apiKey}`, 'content-type': 'application/json' };
    const course = (await (await fetch(`${ca.baseUrl}/api/v1/headless/generate/course`, { method: 'POST', headers: auth, body: JSON.stringify(gen) })).json()) as { id: number };
    const datasetId = seedDataset(s.db, ['user', 'heir'], [['leaver', 'heir']]);
    const unmapped = await s.dispatch('jobs.create', {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.delete',
      mapping: { fields: { identifier: col('user') } },
    });
    // Created or refused at once, the row is never sent without an action.
    if (unmapped.ok) {
      const id = (unmapped.value as { id: string }).id;
      await callOk(s, 'jobs.start', { jobId: id });
      const j = await s.runner.whenSettled(id);
      expect(j.counts.skipped).toBe(1);
    }
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'DELETE')).toHaveLength(0);
    // Rows that also delete their users' own courses are counted and named beside the phrase.
    const mixed = seedDataset(s.db, ['user', 'courses'], [['u1', 'delete'], ['u2', 'ignore'], ['u3', 'Delete']]);
    const before = await callOk(s, 'jobs.preflight', {
      datasetId: mixed,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.delete',
      mapping: { fields: { identifier: col('user'), action: col('courses') } },
    });
    expect(before.confirmation).toBe('DELETE 2 users on Sandbox · Coassemble'); // "Delete" is not an option
    expect(before.widerEffects).toEqual([
      '1 of these rows also deletes its user’s own courses ("Courses of the user" = delete): learners lose those courses.',
    ]);
    const done = await run(s, {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.delete',
      mapping: { fields: { identifier: col('user'), action: { kind: 'constant', value: 'reallocate' }, reallocateTo: col('heir') } },
    });
    expect(done.counts.succeeded).toBe(1);
    const state = await sandboxState(s.sandbox!.url);
    expect(state.coassemble.courses.find((c) => c.id === course.id)!.identifier).toBe('heir');
  });

  it('7. tracking delete goes as form fields, as documented, and the sandbox (form only) deletes it', async () => {
    const s = await open();
    const state = await sandboxState(s.sandbox!.url);
    const t = state.coassemble.trackings.slice(0, 2);
    const datasetId = seedDataset(s.db, ['course', 'learner'], t.map((x) => [String(x.courseId), x.identifier]));
    const done = await run(s, {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.trackings.delete',
      mapping: { fields: { id: col('course'), identifier: col('learner') } },
    });
    expect(done.counts.succeeded).toBe(2);
    const del = s.sandbox!.ledger.entries().filter((e) => e.method === 'DELETE');
    expect(del.map((e) => e.status)).toEqual([200, 200]);
    const attempts = await callOk(s, 'jobs.attempts', { jobId: done.id, itemId: (await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 1 })).items[0]!.id });
    expect(attempts[0]!.requestHeaders['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(attempts[0]!.requestBody).toBe(`id=${t[0]!.courseId}&identifier=${encodeURIComponent(t[0]!.identifier)}`);
  });

  it('canary: on a real connection, 50 rows at concurrency 8 send exactly 5, pause with what happened, and resuming sends the rest', async () => {
    const s = await open();
    const connectionId = await realConnection(s);
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(50));
    const mapping: Mapping = { fields: { email: col('email'), name: { kind: 'template', template: '{first_name} {last_name}' } } };
    const paused = await run(s, { datasetId, connectionId, templateId: 'coursepath.members.create', mapping, options: { concurrency: 8 } });
    expect(paused.state).toBe('paused');
    expect(paused.stopReason).toMatchObject({ kind: 'canary' });
    expect(paused.pausedReason).toMatch(/^Canary: the first 5 rows went to Acme academy: 5 succeeded\. Read back from the LMS: 5 of 5 hold what was sent\..*resume to send the other 45 rows/);
    const writes = () => s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(writes()).toHaveLength(5);
    // Each canary row was read back (the member by id), kept as an attempt of kind 'readback'.
    const first = (await callOk(s, 'jobs.items', { jobId: paused.id, offset: 0, limit: 1 })).items[0]!;
    const attempts = await callOk(s, 'jobs.attempts', { jobId: paused.id, itemId: first.id });
    expect(attempts.map((a) => a.kind)).toEqual(['send', 'readback']);
    expect(attempts[1]!.url).toMatch(/\/api\/v1\/members\/\d+$/);
    expect(first.note).toMatch(/^Read back: the member has the email, name sent/);

    await callOk(s, 'jobs.resume', { jobId: paused.id });
    const done = await s.runner.whenSettled(paused.id);
    expect(done.state).toBe('completed');
    expect(done.counts.succeeded).toBe(50);
    expect(writes()).toHaveLength(50);
    // After the canary, rows are not read back by default.
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'GET')).toHaveLength(5);
  });

  it('canary: a canary row that must be retried (a 503) is retried, and the pause still comes after the canary rows', async () => {
    let failedOnce = false;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (!failedOnce && req.method === 'POST' && req.body?.includes('learner2%40')) {
        failedOnce = true;
        return { status: 503, headers: { 'retry-after': '1' }, body: '{"message":"busy"}', durationMs: 1 };
      }
      return sendHttp(req);
    };
    const s = await temp.open({ sandbox: { seed: 14 }, send });
    const paused = await run(s, {
      ...memberJobSpec(seedDataset(s.db, ['email'], userRows(8).map((r) => [r[0]!])), await realConnection(s)),
      options: { canary: 3, concurrency: 4, readBack: 'off' },
    });
    expect(failedOnce).toBe(true);
    expect(paused.state).toBe('paused');
    expect(paused.stopReason?.kind).toBe('canary');
    expect(paused.counts).toMatchObject({ succeeded: 3, pending: 5 });
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(3);
  });

  it('canary: the sandbox connection has none unless asked; 0 turns it off on a real one', async () => {
    const s = await open();
    const onSandbox = await run(s, memberJobSpec(seedDataset(s.db, ['email'], userRows(8).map((r) => [r[0]!]))));
    expect(onSandbox.state).toBe('completed');
    const off = await run(s, {
      ...memberJobSpec(seedDataset(s.db, ['email'], userRows(8, 'other.example').map((r) => [r[0]!])), await realConnection(s)),
      options: { canary: 0 },
    });
    expect(off.state).toBe('completed');
    expect(off.counts.succeeded).toBe(8);
  });

  it('read-back: a write that silently does not stick pauses the job at the first canary row, with both sides shown', async () => {
    const s = await open({ dropWrites: ['coursepath.members.update'] });
    const ids = await members(s, 10);
    const datasetId = seedDataset(s.db, ['member', 'name'], ids.map((id, i) => [String(id), `Ana Lima ${i}`]));
    const paused = await run(s, {
      datasetId,
      connectionId: await realConnection(s),
      templateId: 'coursepath.members.update',
      mapping: { fields: { memberId: col('member'), name: col('name') } },
      options: { concurrency: 8 },
    });
    expect(paused.state).toBe('paused');
    expect(paused.stopReason).toMatchObject({ kind: 'readBack' });
    expect(paused.pausedReason).toMatch(/^Row 2: the LMS answered the write with success, but reading back the member by id shows it does not hold what was sent: sent name=Ana Lima 0, LMS has name=/);
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(1);
    const row = (await callOk(s, 'jobs.items', { jobId: paused.id, offset: 0, limit: 1 })).items[0]!;
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^Read back: sent name=Ana Lima 0, LMS has name=/);
    expect(paused.counts).toMatchObject({ failed: 1, pending: 9 });
    // What resuming does, as it does it (an audit found "resume (the rest is sent)"): the canary goes on.
    expect(paused.pausedReason).toContain(
      'Nothing more was sent. Check the row in History and in the LMS, then resume or cancel: resuming carries on ' +
        'with the canary: its other 4 rows go one at a time, each read back, and the job pauses again at the next ' +
        'mismatch, or after them for you to look, before the rest go. Row 2 stays failed: resuming does not send it again.',
    );
    await callOk(s, 'jobs.resume', { jobId: paused.id, confirm: 'OVERWRITE 9 member profiles on Acme academy' });
    const again = await s.runner.whenSettled(paused.id);
    expect(again).toMatchObject({ state: 'paused', stopReason: { kind: 'readBack' } });
    expect(again.pausedReason).toMatch(/^Row 3: .* its other 3 rows go one at a time/);
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(2); // one more, not the rest
  });

  it("read-back 'all' checks every row, through the throttle, each kept with its row", async () => {
    const s = await open();
    const ids = await members(s, 6);
    const done = await run(s, {
      datasetId: seedDataset(s.db, ['member'], ids.map((id) => [String(id)])),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.groups.add',
      mapping: { fields: { memberId: col('member'), name: { kind: 'constant', value: 'Readers' } } },
      options: { readBack: 'all', concurrency: 4 },
    });
    expect(done.state).toBe('completed');
    expect(done.counts.succeeded).toBe(6);
    // Each member's groups are read twice: before the write (its state, for undo) and after (the read-back).
    const reads = s.sandbox!.ledger.entries().filter((e) => e.method === 'GET');
    expect(reads.map((e) => e.path).sort()).toEqual(ids.flatMap((id) => Array(2).fill(`/api/v1/members/${id}/groups`)).sort());
    const attempts = await callOk(s, 'jobs.attempts', { jobId: done.id, itemId: (await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 1 })).items[0]!.id });
    expect(attempts.map((a) => a.kind)).toEqual(['prior', 'send', 'readback']);
    const page = await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 10 });
    expect(page.items.every((i) => i.note === `Read back: the member is in group Readers (GET /api/v1/members/${i.url.split('/')[6]}/groups?limit=500).`)).toBe(true);
  });
});
