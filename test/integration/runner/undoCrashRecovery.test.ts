// The runner's first promise during an undo job (a sibling of crashRecovery.test.ts): 400 members are
// enrolled in a course, and the job that undoes it (remove from course, each row read before its write)
// runs in a child process that is SIGKILLed at 8 random points and restarted each time. A removal sent
// twice would show in the sandbox's ledger (and answer 404: "not enrolled"), so the ledger is the
// witness: every member removed exactly once, every row's state read and committed before its write,
// no row lost, and the course's member list back to what it was before the enrolment.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type LedgerEntry, type Sandbox } from '../../../src-main/sandbox/index';
import { mulberry32 } from '../../../src-main/sandbox/prng';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { runnerChild } from '../../helpers/tsxChild';

const ROWS = 400;
const KILLS = 8;
const removal = /^\/api\/v1\/courses\/(\d+)\/members\/(\d+)\/coursemember$/;
const isRemoval = (e: LedgerEntry) => e.method === 'DELETE' && removal.test(e.path);

describe('crash recovery of an undo job', () => {
  let sandbox: Sandbox | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await sandbox?.close();
    dir?.remove();
  });

  it('SIGKILLed at 8 random points of a 400-row undo: every member removed exactly once, nothing lost, the course as it was', async () => {
    const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    sandbox = await startSandbox({ seed: 13, faults: 'latency:3-12' });
    dir = tempDir();
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Undo kill test · Coursepath');
    const options = { concurrency: 6, canary: 0 };
    const create = await callOk(setup, 'jobs.create', {
      ...memberJobSpec(seedDataset(setup.db, ['email', 'first', 'last'], userRows(ROWS, 'undo.test')), connection.id),
      options,
    });
    await callOk(setup, 'jobs.start', { jobId: create.id });
    expect((await setup.runner.whenSettled(create.id)).counts.succeeded).toBe(ROWS);

    const st = await sandboxState(sandbox.url);
    const course = st.coursepath.courses[0]!;
    const before = st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId).sort();
    const ours = st.coursepath.members.filter((m) => m.email.endsWith('@undo.test')).map((m) => m.id);
    expect(ours).toHaveLength(ROWS);
    const enrol = await callOk(setup, 'jobs.create', {
      datasetId: seedDataset(setup.db, ['course', 'member'], ours.map((id) => [String(course.id), String(id)])),
      connectionId: connection.id,
      templateId: 'coursepath.courses.enrol',
      mapping: { fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } } },
      options,
    });
    await callOk(setup, 'jobs.start', { jobId: enrol.id });
    expect((await setup.runner.whenSettled(enrol.id)).counts.succeeded).toBe(ROWS);

    // The undo job, made with its phrase (kept in its options, as the CLI's `jobs undo --confirm` does).
    const plan = await callOk(setup, 'jobs.undoPlan', { jobId: enrol.id });
    expect(plan.counts.undo).toBe(ROWS);
    const { job: undo } = await callOk(setup, 'jobs.undo', { jobId: enrol.id, confirm: plan.confirmation! });
    await setup.close();
    const startSeq = sandbox.ledger.entries().at(-1)!.seq;

    const points = Array.from({ length: KILLS }, () => Math.floor(rand() * (ROWS - 40)) + 10).sort((a, b) => a - b);
    let removals = 0;
    let seen = startSeq;
    const count = () => {
      for (const e of sandbox!.ledger.since(seen)) {
        seen = e.seq;
        if (isRemoval(e)) removals++;
      }
      return removals;
    };
    let kills = 0;
    for (const point of points) {
      const run = runnerChild(dir.path, undo!.id);
      let finished = false;
      void run.exited.then(() => (finished = true));
      while (!finished && count() < point) await new Promise((r) => setTimeout(r, 1));
      if (finished) break;
      run.child.kill('SIGKILL');
      await run.exited;
      kills++;
    }
    const last = runnerChild(dir.path, undo!.id);
    const { code, stdout } = await last.exited;
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as JobSummary;

    const sent = new Map<string, number[]>();
    for (const e of sandbox.ledger.since(startSeq)) {
      if (!isRemoval(e)) continue;
      const list = sent.get(e.path) ?? [];
      list.push(e.status);
      sent.set(e.path, list);
    }
    const twice = [...sent.entries()].filter(([, s]) => s.length > 1);
    const after = (await sandboxState(sandbox.url)).coursepath.courseMembers
      .filter((m) => m.courseId === course.id)
      .map((m) => m.memberId)
      .sort();

    const db = openDb(`${dir.path}/bulk-desk.sqlite`);
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
      .prepare(`SELECT note, COUNT(*) AS n FROM job_items WHERE job_id = ? AND note IS NOT NULL GROUP BY note`)
      .all(undo!.id) as { note: string; n: number }[];
    db.close();

    console.log(
      `undo kill test (KILL_SEED=${seed}): points ${points.join(',')}; ${kills} kills; ${[...sent.values()].flat().length} removals sent ` +
        `for ${sent.size} members; final ${JSON.stringify(summary.counts)}; notes ${JSON.stringify(notes)}`,
    );
    expect(kills).toBe(KILLS);
    expect(summary.state).toBe('completed');
    expect(summary.counts.succeeded).toBe(ROWS); // none lost, none failed, none left in doubt
    expect(sent.size).toBe(ROWS);
    expect(twice).toEqual([]); // nobody removed twice
    expect([...sent.values()].flat().every((s) => s === 200)).toBe(true);
    expect(unread).toBe(0);
    expect(after).toEqual(before);
  }, 240_000);
});
