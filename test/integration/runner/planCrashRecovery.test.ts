// Crash recovery for plans (issue 17, part 1), the sibling of crashRecovery.test.ts: a plan in a child
// process is SIGKILLed while it pages through the academy's members; the app opens the data folder again,
// the plan is interrupted and resumes from the pages it had saved (the pages before the kill are not read
// again); it never sent a write; its verdicts are those of the academy. Then the plan's job is SIGKILLed
// at 3 points while it creates and updates members: every new member is created exactly once and every
// change lands. The sandbox answers a second create of an email with 409 (`duplicateMember: 'conflict'`),
// so a careless re-send would show; its ledger is the witness of every call.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary, PlanDto } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type LedgerEntry, type Sandbox } from '../../../src-main/sandbox/index';
import { callOk } from '../../helpers/callOk';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { runnerChild, tsxChild } from '../../helpers/tsxChild';

const EXISTING = 1200;
const CHANGED = 100;
const NEW = 150;
const PLAN_CHILD = fileURLToPath(new URL('../../helpers/planChild.ts', import.meta.url));
const MAPPING: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first_name} {last_name}' },
  },
};

const person = (i: number, last = `Last${i}`) => [`crash${i}@example.com`, `First${i}`, last];
const isPage = (e: LedgerEntry) =>
  e.method === 'GET' && e.path === '/api/v1/members' && /offset=/.test(e.query ?? '');
const isCreate = (e: LedgerEntry) => e.method === 'POST' && e.path === '/api/v1/members';
const isUpdate = (e: LedgerEntry) => e.method === 'POST' && /^\/api\/v1\/members\/\d+$/.test(e.path);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('plan crash recovery', () => {
  let sandbox: Sandbox | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await sandbox?.close();
    dir?.remove();
  });

  it('SIGKILLed while it reads: resumes from the saved pages, sent nothing; its job killed 3 times creates each member once', async () => {
    // Latency keeps each page in flight long enough for the kill to land between pages.
    sandbox = await startSandbox({ seed: 31, duplicateMember: 'conflict', faults: 'latency:150-250' });
    dir = tempDir();
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Plan kill test · Coursepath');
    // The academy: 1,200 members created by a job.
    const first = seedDataset(
      setup.db,
      ['email', 'first_name', 'last_name'],
      Array.from({ length: EXISTING }, (_, i) => person(i + 1)),
    );
    const seedJob = await callOk(setup, 'jobs.create', {
      datasetId: first,
      connectionId: connection.id,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
      options: { concurrency: 64, canary: 0 },
    });
    await callOk(setup, 'jobs.start', { jobId: seedJob.id });
    expect((await setup.runner.whenSettled(seedJob.id)).counts.succeeded).toBe(EXISTING);
    // The file: those 1,200 (every 7th of the first 700 renamed) and 150 new ones.
    const rows = Array.from({ length: EXISTING }, (_, i) =>
      i % 7 === 0 && i < CHANGED * 7 ? person(i + 1, 'Renamed') : person(i + 1),
    );
    for (let i = EXISTING + 1; i <= EXISTING + NEW; i++) rows.push(person(i));
    const datasetId = seedDataset(setup.db, ['email', 'first_name', 'last_name'], rows);
    await setup.close();

    const members = 1 + 40 + EXISTING; // admin + seeded learners + the job's
    const pages = Math.ceil(members / 500);
    const startSeq = sandbox.ledger.entries().at(-1)!.seq;
    const spec = {
      datasetId,
      connectionId: connection.id,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
    };
    const run = tsxChild(PLAN_CHILD, [dir.path, JSON.stringify(spec)]);
    let finished = false;
    void run.exited.then(() => (finished = true));
    while (!finished && sandbox.ledger.since(startSeq).filter(isPage).length < 2) await wait(5);
    const killedWhileReading = !finished;
    run.child.kill('SIGKILL');
    const { stdout } = await run.exited;
    expect(killedWhileReading).toBe(true);
    const planId = /^plan (\S+)$/m.exec(stdout)![1]!;
    const beforeKill = sandbox.ledger.since(startSeq);
    const killSeq = sandbox.ledger.entries().at(-1)!.seq;

    // What the kill left on disk: the plan still "reading", the pages saved so far, no verdict yet.
    const raw = openDb(`${dir.path}/bulk-desk.sqlite`);
    const left = raw.prepare(`SELECT state, calls FROM plans WHERE id = ?`).get(planId) as {
      state: string;
      calls: number;
    };
    const cursor = raw.prepare(`SELECT next_page, pages FROM plan_lists WHERE plan_id = ?`).get(planId) as
      { next_page: number; pages: number } | undefined;
    const verdicts = raw.prepare(`SELECT COUNT(*) FROM plan_rows WHERE plan_id = ?`).pluck().get(planId);
    raw.close();
    expect(left.state).toBe('reading');
    expect(verdicts).toBe(0);
    expect(cursor?.pages ?? 0).toBeGreaterThanOrEqual(1);

    // The app opens the folder again: the plan is interrupted, and resumes where it was.
    const app = await createServices({ dataDir: dir.path, sandbox: false });
    try {
      expect((await callOk(app, 'plans.get', { planId })).state).toBe('interrupted');
      await callOk(app, 'plans.resume', { planId });
      const plan: PlanDto = await app.plans.whenDone(planId);
      expect(plan.state).toBe('ready');
      expect(plan.counts).toMatchObject({
        create: NEW,
        update: CHANGED,
        unchanged: EXISTING - CHANGED,
        conflict: 0,
        missing: 0,
      });
      const afterResume = sandbox.ledger.since(killSeq);
      const offsets = (es: LedgerEntry[]) =>
        es.filter(isPage).map((e) => new URLSearchParams(e.query).get('offset'));
      console.log(
        `plan kill: ${offsets(beforeKill).join(',')} read before the kill (${cursor?.pages} saved), ${offsets(afterResume).join(',')} after; ${plan.calls} calls in all`,
      );
      // Pages saved before the kill are not read again; at most the one in flight is.
      expect(offsets(afterResume)).not.toContain('0');
      expect(offsets(afterResume)[0]).toBe(String(cursor!.next_page));
      expect(offsets(beforeKill).length + offsets(afterResume).length).toBeLessThanOrEqual(pages + 1);
      // A plan only reads.
      expect(sandbox.ledger.since(startSeq).every((e) => e.method === 'GET')).toBe(true);

      // Its job, killed at 3 points while it creates and updates.
      const job = await callOk(app, 'plans.run', { planId, options: { concurrency: 6, canary: 0 } });
      await callOk(app, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
      await app.runner.pause(job.id); // handed over to the children below
    } finally {
      await app.close();
    }
    const jobId = (await (async () => {
      const db = openDb(`${dir!.path}/bulk-desk.sqlite`);
      const id = db.prepare(`SELECT job_id FROM plans WHERE id = ?`).pluck().get(planId) as string;
      db.close();
      return id;
    })())!;
    const runSeq = sandbox.ledger.entries().at(-1)!.seq;
    const writes = () => sandbox!.ledger.since(runSeq).filter((e) => isCreate(e) || isUpdate(e)).length;
    let kills = 0;
    for (const point of [40, 120, 190]) {
      const r = runnerChild(dir.path, jobId);
      let over = false;
      void r.exited.then(() => (over = true));
      while (!over && writes() < point) await wait(2);
      if (over) break;
      r.child.kill('SIGKILL');
      await r.exited;
      kills++;
    }
    expect(kills).toBe(3);
    const last = runnerChild(dir.path, jobId);
    const end = await last.exited;
    expect(end.code).toBe(0);
    const summary = JSON.parse(end.stdout.trim().split('\n').at(-1)!) as JobSummary;
    expect(summary.state).toBe('completed');
    expect(summary.counts).toMatchObject({
      succeeded: NEW + CHANGED,
      skipped: EXISTING - CHANGED,
      failed: 0,
      in_doubt: 0,
    });

    const sent = sandbox.ledger.since(runSeq);
    const created = new Map<string, number>();
    for (const e of sent.filter((x) => isCreate(x) && x.status === 201)) {
      const email = String((e.body as { email?: string }).email);
      created.set(email, (created.get(email) ?? 0) + 1);
    }
    expect(created.size).toBe(NEW);
    expect([...created.values()].every((n) => n === 1)).toBe(true); // nobody created twice
    expect(sent.filter((e) => isCreate(e) && e.status === 409)).toHaveLength(0);
    const state = await sandboxState(sandbox.url);
    const byEmail = new Map(state.coursepath.members.map((m) => [m.email, m]));
    for (let i = 0; i < CHANGED * 7; i += 7)
      expect(byEmail.get(`crash${i + 1}@example.com`)?.name).toBe(`First${i + 1} Renamed`);
    expect(state.coursepath.members).toHaveLength(members + NEW);
  }, 240_000);
});
