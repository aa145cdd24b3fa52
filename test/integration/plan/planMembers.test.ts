// Issue 17, part 1, against the real sandbox: 10 members created by a job; then a file with those 10
// (3 of them with changed names) and 5 new ones plans as 5 create, 3 update, 7 unchanged — read in one
// list page — and running the plan sends exactly 8 calls: 5 creates and 3 updates of the members the plan
// found. The sandbox's ledger is the witness of every call, reads included.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import type { Mapping } from '../../../src-shared/mapping/types';
import { confirmationPhrase } from '../../../src-shared/runner/confirmGuard';
import type { LedgerEntry } from '../../../src-main/sandbox/index';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const MAPPING: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first_name} {last_name}' },
  },
};
const person = (i: number, last = `Last${i}`) => [`plan${i}@example.com`, `First${i}`, last];
const COLUMNS = ['email', 'first_name', 'last_name'];

async function createTen(s: Services): Promise<void> {
  const datasetId = seedDataset(
    s.db,
    COLUMNS,
    Array.from({ length: 10 }, (_, i) => person(i + 1)),
  );
  const job = await callOk(s, 'jobs.create', {
    datasetId,
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId: 'coursepath.members.create',
    mapping: MAPPING,
  });
  await callOk(s, 'jobs.start', { jobId: job.id });
  expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(10);
}

/** The 10 (rows for 2, 5 and 9 with a new last name) and 5 new ones, in a shuffled order. */
function secondFile(): string[][] {
  const rows = Array.from({ length: 10 }, (_, i) =>
    i === 1 || i === 4 || i === 8 ? person(i + 1, 'Changed') : person(i + 1),
  );
  for (let i = 11; i <= 15; i++) rows.splice(i - 9, 0, person(i));
  return rows;
}

const isWrite = (e: LedgerEntry) => e.method !== 'GET';
const lastSeq = (s: Services) => s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;
async function memberIds(s: Services): Promise<Map<string, { id: number; name: string }>> {
  const state = await sandboxState(s.sandbox!.url);
  return new Map(state.coursepath.members.map((m) => [m.email, { id: m.id, name: m.name }]));
}

describe('plan: create or update members against the sandbox', () => {
  const temp = useTempServices();

  it('plans 5 create, 3 update, 7 unchanged in one read, and its run makes exactly those 8 calls', async () => {
    const s = await temp.open({ sandbox: { seed: 4 } });
    await createTen(s);
    const ledger = s.sandbox!.ledger;
    const datasetId = seedDataset(s.db, COLUMNS, secondFile());

    const before = lastSeq(s);
    const started = await callOk(s, 'plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
    });
    expect(started.state).toBe('reading');
    const plan = await s.plans.whenDone(started.id);
    expect(plan.state).toBe('ready');
    expect(plan.counts).toEqual({
      create: 5,
      update: 3,
      unchanged: 7,
      conflict: 0,
      missing: 0,
      invalid: 0,
      duplicate: 0,
    });
    expect(plan.runTemplateId).toBe('coursepath.members.upsert');
    expect(plan.toSend).toBe(8);
    expect(plan.source).toEqual({ kind: 'live' });
    // 51 members in the academy, one page of the members list: one call, and a read only.
    const reads = ledger.since(before);
    expect(reads.map((e) => `${e.method} ${e.path}?${e.query ?? ''}`)).toEqual([
      'GET /api/v1/members?offset=0&limit=500',
    ]);
    expect(plan.calls).toBe(1);

    const updates = await callOk(s, 'plans.rows', { planId: plan.id, class: 'update', offset: 0, limit: 50 });
    expect(updates.items.map((r) => [r.key, r.diff])).toEqual(
      [2, 5, 9].map((i) => [
        `email=plan${i}@example.com`,
        [{ field: 'name', old: `First${i} Last${i}`, new: `First${i} Changed` }],
      ]),
    );
    const members = await memberIds(s);
    const idOf = (email: string) => String(members.get(email)?.id);
    expect(updates.items.map((r) => r.call)).toEqual(
      [2, 5, 9].map((i) => `POST /api/v1/members/${idOf(`plan${i}@example.com`)}`),
    );
    const creates = await callOk(s, 'plans.rows', { planId: plan.id, class: 'create', offset: 0, limit: 50 });
    expect(creates.items.map((r) => r.key)).toEqual(
      [11, 12, 13, 14, 15].map((i) => `email=plan${i}@example.com`),
    );
    expect(creates.items.every((r) => r.call === 'POST /api/v1/members')).toBe(true);
    expect(creates.items[0]!.diff).toEqual([
      { field: 'email', old: null, new: 'plan11@example.com' },
      { field: 'name', old: null, new: 'First11 Last11' },
    ]);

    // Run it: an ordinary job, with its destructive phrase (updates overwrite profiles).
    const job = await callOk(s, 'plans.run', { planId: plan.id, options: {} });
    expect(job.templateId).toBe('coursepath.members.upsert');
    expect(job.counts).toMatchObject({ total: 15, pending: 8, skipped: 7 });
    expect(job.skipReasons.plan).toBe(7);
    expect(plan.confirmation).toBe('OVERWRITE 8 members (created or updated) on Sandbox · Coursepath');
    const refused = await s.dispatch('jobs.start', { jobId: job.id });
    expect(refused.ok).toBe(false); // no phrase, nothing sent
    const beforeRun = lastSeq(s);
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ succeeded: 8, skipped: 7, failed: 0 });

    // Exactly 8 writes; and, just before them, the plan's one members page read again: the state each
    // row is undone to is the LMS's just before the write, not the plan's.
    const run = ledger.since(beforeRun);
    expect(run.filter((e) => !isWrite(e)).map((e) => `${e.method} ${e.path}?${e.query ?? ''}`)).toEqual([
      'GET /api/v1/members?offset=0&limit=500',
    ]);
    expect(run.indexOf(run.find((e) => !isWrite(e))!)).toBe(0);
    const sent = run.filter(isWrite);
    expect(sent).toHaveLength(8); // exactly 8 calls sent, nothing else
    expect(
      sent.filter((e) => e.path === '/api/v1/members' && e.method === 'POST' && e.status === 201),
    ).toHaveLength(5);
    const updated = sent.filter((e) => /^\/api\/v1\/members\/\d+$/.test(e.path));
    expect(updated.map((e) => e.path).sort()).toEqual(
      [2, 5, 9].map((i) => `/api/v1/members/${idOf(`plan${i}@example.com`)}`).sort(),
    );
    const after = await memberIds(s);
    for (const i of [2, 5, 9]) expect(after.get(`plan${i}@example.com`)?.name).toBe(`First${i} Changed`);
    for (let i = 11; i <= 15; i++) expect(after.has(`plan${i}@example.com`)).toBe(true);
    expect(after.size).toBe(members.size + 5);

    // A plan runs once: the academy changed.
    const again = await s.dispatch('plans.run', { planId: plan.id });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/already run as job/);
    // And a new plan of the same file finds nothing left to do.
    const next = await s.plans.whenDone(
      (
        await callOk(s, 'plans.create', {
          datasetId,
          connectionId: SANDBOX_COURSEPATH_ID,
          templateId: 'coursepath.members.create',
          mapping: MAPPING,
        })
      ).id,
    );
    expect(next.counts).toMatchObject({ create: 0, update: 0, unchanged: 15 });

    // Undone with the state read just before the writes (one list page, not a read per row): the three renamed
    // members get their names back; the five created cannot be deleted (Coursepath has no member delete).
    const undo = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(undo.counts).toMatchObject({ undo: 3, cannot: 5 });
    const undoJob = (await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: undo.confirmation! })).job!;
    expect((await s.runner.whenSettled(undoJob.id)).counts.succeeded).toBe(3);
    const restored = await memberIds(s);
    for (const i of [2, 5, 9]) expect(restored.get(`plan${i}@example.com`)?.name).toBe(`First${i} Last${i}`);
  });

  it('a member changed in the LMS between the plan and its run is not written; undo restores the state read just before', async () => {
    const s = await temp.open({ sandbox: { seed: 4 } });
    await createTen(s);
    const ledger = s.sandbox!.ledger;
    // Members 3, 4 and 5 renamed ("Planned"), and plan11, who is not in the academy yet.
    const datasetId = seedDataset(s.db, COLUMNS, [
      person(3, 'Planned'),
      person(4, 'Planned'),
      person(5, 'Planned'),
      person(11),
    ]);
    const plan = await s.plans.whenDone(
      (
        await callOk(s, 'plans.create', {
          datasetId,
          connectionId: SANDBOX_COURSEPATH_ID,
          templateId: 'coursepath.members.create',
          mapping: MAPPING,
        })
      ).id,
    );
    expect(plan.counts).toMatchObject({ create: 1, update: 3 });

    // Before the plan runs, someone changes the academy: member 4 gets another name and company, member 3
    // only another company (a field the row does not send), and plan11 is created.
    const members = await memberIds(s);
    const idOf = (i: number) => String(members.get(`plan${i}@example.com`)!.id);
    const changes = seedDataset(
      s.db,
      ['id', 'name', 'company'],
      [
        [idOf(4), 'Someone Else', 'Umbrella'],
        [idOf(3), '', 'Umbrella'],
      ],
    );
    const edit = await callOk(s, 'jobs.create', {
      datasetId: changes,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: {
        fields: {
          memberId: { kind: 'column', column: 'id' },
          name: { kind: 'column', column: 'name' },
          company: { kind: 'column', column: 'company' },
        },
      },
      options: { undo: false, canary: 0 },
    });
    const editPhrase = confirmationPhrase(getTemplate('coursepath.members.update')!, 2, 'Sandbox · Coursepath');
    await callOk(s, 'jobs.start', { jobId: edit.id, confirm: editPhrase! });
    expect((await s.runner.whenSettled(edit.id)).counts.succeeded).toBe(2);
    const created = seedDataset(s.db, COLUMNS, [person(11, 'Elsewhere')]);
    const other = await callOk(s, 'jobs.create', {
      datasetId: created,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: other.id });
    expect((await s.runner.whenSettled(other.id)).counts.succeeded).toBe(1);
    const changed = await sandboxState(s.sandbox!.url);
    const byEmail = (st: typeof changed, i: number) => st.coursepath.members.find((m) => m.email === `plan${i}@example.com`)!;
    expect(byEmail(changed, 4)).toMatchObject({ name: 'Someone Else', company: 'Umbrella' });
    expect(byEmail(changed, 3)).toMatchObject({ name: 'First3 Last3', company: 'Umbrella' });

    // The plan's run: the rows whose member changed as the plan saw it are not written, saying why.
    const job = await callOk(s, 'plans.run', { planId: plan.id, options: { canary: 0 } });
    const beforeRun = lastSeq(s);
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 2 });
    const writes = ledger.since(beforeRun).filter(isWrite);
    expect(writes.map((e) => `${e.method} ${e.path}`).sort()).toEqual(
      [`POST /api/v1/members/${idOf(3)}`, `POST /api/v1/members/${idOf(5)}`].sort(),
    );
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
    expect(failed.items.map((i) => [i.rowNumber, i.error])).toEqual([
      [
        3,
        expect.stringMatching(
          /^Not sent: member \d+ \(plan4@example\.com\) changed in the LMS since the plan was made at \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(name: First4 Last4 → Someone Else\); plan again\.$/,
        ),
      ],
      [
        5,
        expect.stringMatching(
          /^Not sent: member \d+ \(plan11@example\.com\) was created in the LMS since the plan was made at \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d; plan again\.$/,
        ),
      ],
    ]);
    const afterRun = await sandboxState(s.sandbox!.url);
    expect(byEmail(afterRun, 4)).toMatchObject({ name: 'Someone Else', company: 'Umbrella' });
    expect(byEmail(afterRun, 3)).toMatchObject({ name: 'First3 Planned', company: 'Umbrella' });
    expect(byEmail(afterRun, 11).name).toBe('First11 Elsewhere');

    // The undo sends back what the LMS held just before each write; member 4 was not written, so it is
    // not touched.
    const undo = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(undo.counts).toMatchObject({ undo: 2 });
    const beforeUndo = lastSeq(s);
    const undoJob = (await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: undo.confirmation! })).job!;
    expect((await s.runner.whenSettled(undoJob.id)).counts.succeeded).toBe(2);
    expect(ledger.since(beforeUndo).filter((e) => isWrite(e) && e.path === `/api/v1/members/${idOf(4)}`)).toHaveLength(0);
    const undone = await sandboxState(s.sandbox!.url);
    expect(byEmail(undone, 3)).toMatchObject({ name: 'First3 Last3', company: 'Umbrella' });
    expect(byEmail(undone, 5).name).toBe('First5 Last5');
    expect(byEmail(undone, 4)).toMatchObject({ name: 'Someone Else', company: 'Umbrella' });
    // The state kept for member 3 is the one read just before its write (its new company), not the plan's.
    const prior = s.db
      .prepare(
        `SELECT a.response_body FROM attempts a JOIN job_items i ON i.id = a.item_id
          WHERE i.job_id = ? AND i.row_number = 2 AND a.kind = 'prior'`,
      )
      .pluck()
      .all(job.id) as string[];
    expect(prior).toHaveLength(1);
    expect(JSON.parse(prior[0]!)).toMatchObject({ email: 'plan3@example.com', company: 'Umbrella' });
  });
  it('with undo off (--no-undo), a plan run still reads its targets again as it starts and resumes, and writes no changed member', async () => {
    const s = await temp.open({ sandbox: { seed: 4 } });
    await createTen(s);
    const ledger = s.sandbox!.ledger;
    const datasetId = seedDataset(s.db, COLUMNS, [
      person(3, 'Planned'),
      person(4, 'Planned'),
      person(5, 'Planned'),
      person(6, 'Planned'),
      person(11),
    ]);
    const plan = await s.plans.whenDone(
      (
        await callOk(s, 'plans.create', {
          datasetId,
          connectionId: SANDBOX_COURSEPATH_ID,
          templateId: 'coursepath.members.create',
          mapping: MAPPING,
        })
      ).id,
    );
    expect(plan.counts).toMatchObject({ create: 1, update: 4 });
    const members = await memberIds(s);
    const idOf = (i: number) => String(members.get(`plan${i}@example.com`)!.id);
    /** Someone else renames members in the LMS (a job of its own, undo off). */
    const rename = async (renames: [number, string][]) => {
      const edit = await callOk(s, 'jobs.create', {
        datasetId: seedDataset(
          s.db,
          ['id', 'name'],
          renames.map(([i, name]) => [idOf(i), name]),
        ),
        connectionId: SANDBOX_COURSEPATH_ID,
        templateId: 'coursepath.members.update',
        mapping: { fields: { memberId: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } } },
        options: { undo: false, canary: 0 },
      });
      const phrase = confirmationPhrase(getTemplate('coursepath.members.update')!, renames.length, 'Sandbox · Coursepath');
      await callOk(s, 'jobs.start', { jobId: edit.id, confirm: phrase! });
      expect((await s.runner.whenSettled(edit.id)).counts.succeeded).toBe(renames.length);
    };
    // Between the plan and its run: member 4 renamed, and plan11 created.
    await rename([[4, 'Someone Else']]);
    const other = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, COLUMNS, [person(11, 'Elsewhere')]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: other.id });
    expect((await s.runner.whenSettled(other.id)).counts.succeeded).toBe(1);

    // The run, undo off (what `run --plan … --no-undo` asks), paused by a one-row canary: the plan's one
    // members page is read again first, then row 2 (member 3, unchanged since the plan) is written.
    const job = await callOk(s, 'plans.run', { planId: plan.id, options: { undo: false, canary: 1, readBack: 'off' } });
    expect(job.options.undo).toBe(false);
    const beforeRun = lastSeq(s);
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
    const paused = await s.runner.whenSettled(job.id);
    expect(paused.state).toBe('paused');
    const started = ledger.since(beforeRun);
    expect(started.map((e) => `${e.method} ${e.path}${e.method === 'GET' ? `?${e.query ?? ''}` : ''}`)).toEqual([
      'GET /api/v1/members?offset=0&limit=500',
      `POST /api/v1/members/${idOf(3)}`,
    ]);

    // While it is paused, member 5 is renamed too: the resume reads the page again and sees it.
    await rename([[5, 'Third Party']]);
    const beforeResume = lastSeq(s);
    await callOk(s, 'jobs.resume', { jobId: job.id, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 3 });
    const resumed = ledger.since(beforeResume);
    expect(resumed.filter((e) => !isWrite(e)).map((e) => `${e.method} ${e.path}?${e.query ?? ''}`)).toEqual([
      'GET /api/v1/members?offset=0&limit=500',
    ]);
    expect(resumed.filter(isWrite).map((e) => `${e.method} ${e.path}`)).toEqual([`POST /api/v1/members/${idOf(6)}`]);
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
    // On the admin's clock, as every date on screen (src-shared/util/dates.ts).
    const since = 'since the plan was made at \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d';
    expect(failed.items.map((i) => [i.rowNumber, i.error])).toEqual([
      [3, expect.stringMatching(new RegExp(`^Not sent: member \\d+ \\(plan4@example\\.com\\) changed in the LMS ${since} \\(name: First4 Last4 → Someone Else\\); plan again\\.$`))],
      [4, expect.stringMatching(new RegExp(`^Not sent: member \\d+ \\(plan5@example\\.com\\) changed in the LMS ${since} \\(name: First5 Last5 → Third Party\\); plan again\\.$`))],
      [6, expect.stringMatching(new RegExp(`^Not sent: member \\d+ \\(plan11@example\\.com\\) was created in the LMS ${since}; plan again\\.$`))],
    ]);
    const after = await sandboxState(s.sandbox!.url);
    const nameOf = (i: number) => after.coursepath.members.find((m) => m.email === `plan${i}@example.com`)!.name;
    expect([3, 4, 5, 6, 11].map(nameOf)).toEqual([
      'First3 Planned',
      'Someone Else',
      'Third Party',
      'First6 Planned',
      'First11 Elsewhere',
    ]);

    // Undo off: no state before was kept, so there is nothing to undo.
    const kept = s.db
      .prepare(`SELECT count(*) FROM attempts a JOIN job_items i ON i.id = a.item_id WHERE i.job_id = ? AND a.kind = 'prior'`)
      .pluck()
      .get(job.id);
    expect(kept).toBe(0);
    const undo = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(undo.counts).toMatchObject({ undo: 0, cannot: 2 });
    expect(undo.cannot.map((c) => c.reason)).toEqual([
      expect.stringContaining('undo was off'),
      expect.stringContaining('undo was off'),
    ]);
  });

  it('a plan of update by member id: a member changed in the LMS since the plan is not written either', async () => {
    const s = await temp.open({ sandbox: { seed: 4 } });
    await createTen(s);
    const ledger = s.sandbox!.ledger;
    const members = await memberIds(s);
    const idOf = (i: number) => String(members.get(`plan${i}@example.com`)!.id);
    const byId: Mapping = {
      fields: { memberId: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
    };
    const plan = await s.plans.whenDone(
      (
        await callOk(s, 'plans.create', {
          datasetId: seedDataset(s.db, ['id', 'name'], [
            [idOf(3), 'First3 Planned'],
            [idOf(4), 'First4 Planned'],
          ]),
          connectionId: SANDBOX_COURSEPATH_ID,
          templateId: 'coursepath.members.update',
          mapping: byId,
        })
      ).id,
    );
    expect(plan.counts).toMatchObject({ update: 2 });
    expect(plan.runTemplateId).toBe('coursepath.members.update');

    // Between the plan and its run, someone renames member 4 (a job of its own, undo off).
    const edit = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['id', 'name'], [[idOf(4), 'Someone Else']]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: byId,
      options: { undo: false, canary: 0 },
    });
    const editPhrase = confirmationPhrase(getTemplate('coursepath.members.update')!, 1, 'Sandbox · Coursepath');
    await callOk(s, 'jobs.start', { jobId: edit.id, confirm: editPhrase! });
    expect((await s.runner.whenSettled(edit.id)).counts.succeeded).toBe(1);

    // The run writes member 3 (as the plan saw it) and not member 4: the admin confirmed "First4 Last4 →
    // First4 Planned", and writing it now would overwrite "Someone Else" unseen.
    const job = await callOk(s, 'plans.run', { planId: plan.id, options: { canary: 0 } });
    const beforeRun = lastSeq(s);
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 1, failed: 1 });
    expect(ledger.since(beforeRun).filter(isWrite).map((e) => `${e.method} ${e.path}`)).toEqual([
      `POST /api/v1/members/${idOf(3)}`,
    ]);
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
    const since = 'since the plan was made at \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d';
    expect(failed.items.map((i) => [i.rowNumber, i.error])).toEqual([
      [3, expect.stringMatching(new RegExp(`^Not sent: member ${idOf(4)} \\(plan4@example\\.com\\) changed in the LMS ${since} \\(name: First4 Last4 → Someone Else\\); plan again\\.$`))],
    ]);
    const after = await memberIds(s);
    expect(after.get('plan3@example.com')?.name).toBe('First3 Planned');
    expect(after.get('plan4@example.com')?.name).toBe('Someone Else');

    // Its undo puts member 3 back and leaves member 4 alone.
    const undo = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(undo.counts).toMatchObject({ undo: 1 });
    const undoJob = (await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: undo.confirmation! })).job!;
    expect((await s.runner.whenSettled(undoJob.id)).counts.succeeded).toBe(1);
    const undone = await memberIds(s);
    expect(undone.get('plan3@example.com')?.name).toBe('First3 Last3');
    expect(undone.get('plan4@example.com')?.name).toBe('Someone Else');
  });

  it('a plan of creates only (sent as plain create member): an email taken in the LMS since the plan is not sent', async () => {
    const s = await temp.open({ sandbox: { seed: 4 } });
    const ledger = s.sandbox!.ledger;
    const plan = await s.plans.whenDone(
      (
        await callOk(s, 'plans.create', {
          datasetId: seedDataset(s.db, COLUMNS, [person(11), person(12)]),
          connectionId: SANDBOX_COURSEPATH_ID,
          templateId: 'coursepath.members.create',
          mapping: MAPPING,
        })
      ).id,
    );
    expect(plan.counts).toMatchObject({ create: 2, update: 0 });

    // Before it runs, plan11 is created by another job, under another name.
    const other = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, COLUMNS, [person(11, 'Elsewhere')]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: other.id });
    expect((await s.runner.whenSettled(other.id)).counts.succeeded).toBe(1);

    // Nothing to update, so it runs as plain "create member" (no phrase) — and still checks the plan.
    const job = await callOk(s, 'plans.run', { planId: plan.id, options: { canary: 0 } });
    expect(job.templateId).toBe('coursepath.members.create');
    const beforeRun = lastSeq(s);
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 1, failed: 1 });
    expect(ledger.since(beforeRun).filter(isWrite).map((e) => `${e.method} ${e.path}`)).toEqual(['POST /api/v1/members']);
    const failed = await callOk(s, 'jobs.items', { jobId: job.id, status: 'failed', offset: 0, limit: 10 });
    const since = 'since the plan was made at \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d';
    expect(failed.items.map((i) => [i.rowNumber, i.error])).toEqual([
      [2, expect.stringMatching(new RegExp(`^Not sent: member \\d+ \\(plan11@example\\.com\\) was created in the LMS ${since}; plan again\\.$`))],
    ]);
    const after = await memberIds(s);
    expect(after.get('plan11@example.com')?.name).toBe('First11 Elsewhere');
    expect(after.get('plan12@example.com')?.name).toBe('First12 Last12');
  });
});
