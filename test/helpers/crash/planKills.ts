// A plan SIGKILLed while it reads, then its job SIGKILLed at given points (planCrashRecovery.test.ts at a
// small size, bench/crashSoak.ts at soak size). The academy has `existing` members created by a job (with
// the admin and the seeded learners, more than two pages of 500); the file has them, `changed` of them
// renamed, and `fresh` new ones. The plan in a child process is killed after its second page; the app
// opens the folder again, the plan is interrupted and resumed; its job is then run in child runners
// killed at `jobPoints` (counts of creates and updates the sandbox answered). The sandbox answers a second
// create of an email with 409; its ledger is the witness of every call. Returns what each stage showed.
import { fileURLToPath } from 'node:url';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type LedgerEntry } from '../../../src-main/sandbox/index';
import type { JobSummary, PlanDto } from '../../../src-shared/contract/api';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../callOk';
import { saveCoursepathConnection } from '../sandboxConnection';
import { sandboxState } from '../sandboxState';
import { seedDataset } from '../seedDataset';
import { tempDir } from '../tempDir';
import { tsxChild } from '../tsxChild';
import { killAtPoints, ledgerCounter } from './killLoop';
import { isCreate } from './memberJobKills';

const PLAN_CHILD = fileURLToPath(new URL('../planChild.ts', import.meta.url));
const MAPPING: Mapping = {
  fields: {
    email: { kind: 'column', column: 'email' },
    name: { kind: 'template', template: '{first_name} {last_name}' },
  },
};
const person = (i: number, last = `Last${i}`) => [`crash${i}@example.com`, `First${i}`, last];
export const renamed = (i: number) => `First${i} Renamed`;
const isPage = (e: LedgerEntry) =>
  e.method === 'GET' && e.path === '/api/v1/members' && /offset=/.test(e.query ?? '');
const isUpdate = (e: LedgerEntry) => e.method === 'POST' && /^\/api\/v1\/members\/\d+$/.test(e.path);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const offsets = (es: LedgerEntry[]) =>
  es.filter(isPage).map((e) => new URLSearchParams(e.query).get('offset'));

export interface PlanKills {
  /** Members in the academy before the job: the admin, the seeded learners and `existing`. */
  members: number;
  /** List pages of 500 those make. */
  pages: number;
  seeded: number;
  /** The plan's child was still reading when it was killed. */
  killedWhileReading: boolean;
  /** What the kill left on disk. */
  left: { state: string; calls: number };
  cursor: { next_page: number; pages: number } | undefined;
  verdicts: number;
  /** The plan as the app found it on opening the folder again, and once resumed. */
  stateOnOpen: string;
  plan: PlanDto;
  /** Page offsets read before the kill and after the resume. */
  before: (string | null)[];
  after: (string | null)[];
  /** Every call of the plan (reading, interrupted, resumed) was a GET. */
  onlyReads: boolean;
  jobKills: number;
  code: number | null;
  summary: JobSummary | null;
  /** Members created (201) by the job, per email; its creates answered 409. */
  created: Map<string, number>;
  conflicts: number;
  /** The renamed members whose name in the LMS is not the file's. */
  notRenamed: string[];
  /** Members in the LMS at the end. */
  finalMembers: number;
}

export async function planKills(opts: {
  existing: number;
  /** Every 7th of the first members is renamed in the file, this many. */
  changed: number;
  fresh: number;
  jobPoints: readonly number[];
}): Promise<PlanKills> {
  const { existing, changed, fresh } = opts;
  // Latency keeps each page in flight long enough for the kill to land between pages.
  const sandbox = await startSandbox({ seed: 31, duplicateMember: 'conflict', faults: 'latency:150-250' });
  const dir = tempDir();
  try {
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Plan kill test · Coursepath');
    // The academy: `existing` members created by a job.
    const first = seedDataset(
      setup.db,
      ['email', 'first_name', 'last_name'],
      Array.from({ length: existing }, (_, i) => person(i + 1)),
    );
    const seedJob = await callOk(setup, 'jobs.create', {
      datasetId: first,
      connectionId: connection.id,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
      options: { concurrency: 64, canary: 0 },
    });
    await callOk(setup, 'jobs.start', { jobId: seedJob.id });
    const seeded = (await setup.runner.whenSettled(seedJob.id)).counts.succeeded;
    // The file: those members (every 7th of the first `changed` × 7 renamed) and `fresh` new ones.
    const rows = Array.from({ length: existing }, (_, i) =>
      i % 7 === 0 && i < changed * 7 ? person(i + 1, 'Renamed') : person(i + 1),
    );
    for (let i = existing + 1; i <= existing + fresh; i++) rows.push(person(i));
    const datasetId = seedDataset(setup.db, ['email', 'first_name', 'last_name'], rows);
    await setup.close();

    const members = 1 + 40 + existing; // admin + seeded learners + the job's
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
    const pagesRead = ledgerCounter(sandbox, isPage, startSeq);
    while (!finished && pagesRead() < 2) await wait(5);
    const killedWhileReading = !finished;
    run.child.kill('SIGKILL');
    const { stdout } = await run.exited;
    const planId = /^plan (\S+)$/m.exec(stdout)![1]!;
    const beforeKill = sandbox.ledger.since(startSeq);
    const killSeq = sandbox.ledger.entries().at(-1)!.seq;

    // What the kill left on disk: the plan's state, the pages saved so far, its verdicts.
    const raw = openDb(`${dir.path}/bulk-desk.sqlite`);
    const left = raw.prepare(`SELECT state, calls FROM plans WHERE id = ?`).get(planId) as PlanKills['left'];
    const cursor = raw.prepare(`SELECT next_page, pages FROM plan_lists WHERE plan_id = ?`).get(planId) as
      PlanKills['cursor'] | undefined;
    const verdicts = raw
      .prepare(`SELECT COUNT(*) FROM plan_rows WHERE plan_id = ?`)
      .pluck()
      .get(planId) as number;
    raw.close();

    // The app opens the folder again: the plan is interrupted, and resumes where it was.
    const app = await createServices({ dataDir: dir.path, sandbox: false });
    let stateOnOpen: string;
    let plan: PlanDto;
    let after: (string | null)[];
    let onlyReads: boolean;
    try {
      stateOnOpen = (await callOk(app, 'plans.get', { planId })).state;
      await callOk(app, 'plans.resume', { planId });
      plan = await app.plans.whenDone(planId);
      after = offsets(sandbox.ledger.since(killSeq));
      onlyReads = sandbox.ledger.since(startSeq).every((e) => e.method === 'GET');
      if (plan.state !== 'ready') throw new Error(`the resumed plan ended ${plan.state}`);
      // Its job, handed over to the children below.
      const job = await callOk(app, 'plans.run', { planId, options: { concurrency: 6, canary: 0 } });
      await callOk(app, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
      await app.runner.pause(job.id);
    } finally {
      await app.close();
    }
    const db = openDb(`${dir.path}/bulk-desk.sqlite`);
    const jobId = db.prepare(`SELECT job_id FROM plans WHERE id = ?`).pluck().get(planId) as string;
    db.close();
    const runSeq = sandbox.ledger.entries().at(-1)!.seq;
    const writes = ledgerCounter(sandbox, (e) => isCreate(e) || isUpdate(e), runSeq);
    const job = await killAtPoints(dir.path, jobId, opts.jobPoints, writes);

    const sent = sandbox.ledger.since(runSeq);
    const created = new Map<string, number>();
    for (const e of sent.filter((x) => isCreate(x) && x.status === 201)) {
      const email = String((e.body as { email?: string }).email);
      created.set(email, (created.get(email) ?? 0) + 1);
    }
    const state = await sandboxState(sandbox.url);
    const byEmail = new Map(state.coursepath.members.map((m) => [m.email, m]));
    const notRenamed: string[] = [];
    for (let i = 1; i <= changed * 7; i += 7)
      if (byEmail.get(`crash${i}@example.com`)?.name !== renamed(i)) notRenamed.push(`crash${i}@example.com`);
    return {
      members,
      pages: Math.ceil(members / 500),
      seeded,
      killedWhileReading,
      left,
      cursor,
      verdicts,
      stateOnOpen,
      plan,
      before: offsets(beforeKill),
      after,
      onlyReads,
      jobKills: job.kills,
      code: job.code,
      summary: job.summary,
      created,
      conflicts: sent.filter((e) => isCreate(e) && e.status === 409).length,
      notRenamed,
      finalMembers: state.coursepath.members.length,
    };
  } finally {
    await sandbox.close();
    dir.remove();
  }
}

export const planKillsLine = (r: PlanKills) =>
  `plan kill: ${r.before.join(',')} read before the kill (${r.cursor?.pages} saved), ${r.after.join(',')} after; ` +
  `${r.plan.calls} calls in all; its job killed ${r.jobKills} times, final ${JSON.stringify(r.summary?.counts)}`;
