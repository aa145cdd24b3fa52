// An undo job SIGKILLed at `kills` points and resumed each time (undoCrashRecovery.test.ts at a small
// size, bench/crashSoak.ts at soak size): `rows` members are enrolled in a course, and the job that undoes
// it (remove from course, each row read before its write) runs in child processes. A removal sent twice
// would show in the sandbox's ledger (and answer 404: "not enrolled"). Returns what the ledger, the
// sandbox's state and the data folder show.
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type LedgerEntry } from '../../../src-main/sandbox/index';
import type { JobSummary } from '../../../src-shared/contract/api';
import { callOk } from '../callOk';
import { memberJobSpec } from '../memberJob';
import { saveCoursepathConnection } from '../sandboxConnection';
import { sandboxState } from '../sandboxState';
import { seedDataset, userRows } from '../seedDataset';
import { tempDir } from '../tempDir';
import { killAtPoints, killPoints, ledgerCounter } from './killLoop';

const removal = /^\/api\/v1\/courses\/(\d+)\/members\/(\d+)\/coursemember$/;
const isRemoval = (e: LedgerEntry) => e.method === 'DELETE' && removal.test(e.path);

export interface UndoKills {
  points: number[];
  kills: number;
  code: number | null;
  summary: JobSummary | null;
  /** The undo's removals as the sandbox answered them, by path (one path per member). */
  sent: Map<string, number[]>;
  /** The course's members before the enrolment and after the undo. */
  before: number[];
  after: number[];
  /** Rows whose state was not read and committed before their first send. */
  unread: number;
  notes: { note: string; n: number }[];
}

export async function undoJobKills(opts: {
  rows: number;
  kills: number;
  seed: number;
  spread?: boolean;
}): Promise<UndoKills> {
  const { rows } = opts;
  const sandbox = await startSandbox({ seed: 13, faults: 'latency:3-12' });
  const dir = tempDir();
  const must = (what: string, ok: boolean) => {
    if (!ok) throw new Error(`setting up the undo: ${what}`);
  };
  try {
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Undo kill test · Coursepath');
    const options = { concurrency: 6, canary: 0 };
    const create = await callOk(setup, 'jobs.create', {
      ...memberJobSpec(
        seedDataset(setup.db, ['email', 'first', 'last'], userRows(rows, 'undo.test')),
        connection.id,
      ),
      options,
    });
    await callOk(setup, 'jobs.start', { jobId: create.id });
    must('every member created', (await setup.runner.whenSettled(create.id)).counts.succeeded === rows);

    const st = await sandboxState(sandbox.url);
    const course = st.coursepath.courses[0]!;
    const members = (s: typeof st) =>
      s.coursepath.courseMembers
        .filter((m) => m.courseId === course.id)
        .map((m) => m.memberId)
        .sort();
    const before = members(st);
    const ours = st.coursepath.members.filter((m) => m.email.endsWith('@undo.test')).map((m) => m.id);
    must('every member in the LMS', ours.length === rows);
    const enrol = await callOk(setup, 'jobs.create', {
      datasetId: seedDataset(
        setup.db,
        ['course', 'member'],
        ours.map((id) => [String(course.id), String(id)]),
      ),
      connectionId: connection.id,
      templateId: 'coursepath.courses.enrol',
      mapping: {
        fields: {
          courseId: { kind: 'column', column: 'course' },
          memberId: { kind: 'column', column: 'member' },
        },
      },
      options,
    });
    await callOk(setup, 'jobs.start', { jobId: enrol.id });
    must('every member enrolled', (await setup.runner.whenSettled(enrol.id)).counts.succeeded === rows);

    // The undo job, made with its phrase (kept in its options, as the CLI's `jobs undo --confirm` does).
    const plan = await callOk(setup, 'jobs.undoPlan', { jobId: enrol.id });
    must(`every row to undo (${plan.counts.undo})`, plan.counts.undo === rows);
    const { job: undo } = await callOk(setup, 'jobs.undo', { jobId: enrol.id, confirm: plan.confirmation! });
    await setup.close();
    const startSeq = sandbox.ledger.entries().at(-1)!.seq;

    const points = killPoints(opts.seed, opts.kills, 10, rows - 40, opts.spread);
    const run = await killAtPoints(dir.path, undo!.id, points, ledgerCounter(sandbox, isRemoval, startSeq));

    const sent = new Map<string, number[]>();
    for (const e of sandbox.ledger.since(startSeq)) {
      if (!isRemoval(e)) continue;
      sent.set(e.path, [...(sent.get(e.path) ?? []), e.status]);
    }
    const after = members(await sandboxState(sandbox.url));
    const db = openDb(`${dir.path}/bulk-desk.sqlite`);
    try {
      // Every row's state was read, and that read committed before the row's first send.
      const unread = db
        .prepare(
          `SELECT COUNT(*) FROM job_items i WHERE i.job_id = ? AND NOT EXISTS (
             SELECT 1 FROM attempts p WHERE p.item_id = i.id AND p.kind = 'prior'
               AND p.attempt < (SELECT MIN(attempt) FROM attempts s WHERE s.item_id = i.id AND s.kind = 'send'))`,
        )
        .pluck()
        .get(undo!.id) as number;
      const notes = db
        .prepare(
          `SELECT note, COUNT(*) AS n FROM job_items WHERE job_id = ? AND note IS NOT NULL GROUP BY note`,
        )
        .all(undo!.id) as { note: string; n: number }[];
      return { points, ...run, sent, before, after, unread, notes };
    } finally {
      db.close();
    }
  } finally {
    await sandbox.close();
    dir.remove();
  }
}

export const undoKillsLine = (seed: number, r: UndoKills) =>
  `KILL_SEED=${seed}: points ${r.points.join(',')}; ${r.kills} kills; ${[...r.sent.values()].flat().length} removals sent ` +
  `for ${r.sent.size} members; final ${JSON.stringify(r.summary?.counts)}; notes ${JSON.stringify(r.notes)}`;
