// The runner's first promise, tested the hard way: a runner in a child process is SIGKILLed at 10 random
// points of a 2,000-row Coursepath create-member job and restarted each time. Create-member is not
// idempotent, so rows left in doubt by a kill are settled by a lookup (GET /members?email=) before any
// is sent again. The sandbox answers a second create of the same email with 409 (`duplicateMember:
// 'conflict'`), so a careless re-send would show up; its ledger is the witness. A second case does the same
// to a recipe job (create member → enrol in courses → add to groups → invite: two calls that may not be
// repeated, two that may); a third kills the runner while another program holds its database's write lock.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type LedgerEntry, type Sandbox } from '../../../src-main/sandbox/index';
import { mulberry32 } from '../../../src-main/sandbox/prng';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { armDbLock } from '../../helpers/holdDbLock';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { runnerChild } from '../../helpers/tsxChild';

const ROWS = 2000;
const KILLS = 10;
const isCreate = (e: LedgerEntry) => e.method === 'POST' && e.path === '/api/v1/members';
const isLookup = (e: LedgerEntry) => e.method === 'GET' && e.path === '/api/v1/members';

describe('crash recovery', () => {
  let sandbox: Sandbox | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await sandbox?.close();
    dir?.remove();
  });

  it('SIGKILLed at 10 random points of a 2,000-row create-member job: every member created exactly once, none lost', async () => {
    const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    // Latency keeps several requests in flight at any moment, so kills land mid-request.
    sandbox = await startSandbox({ seed: 11, duplicateMember: 'conflict', faults: 'latency:3-12' });
    dir = tempDir();

    // Set up with an in-process runner, then hand the data folder over to child processes.
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Kill test · Coursepath');
    const datasetId = seedDataset(setup.db, ['email', 'first_name', 'last_name'], userRows(ROWS));
    const job = await callOk(setup, 'jobs.create', {
      datasetId,
      connectionId: connection.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: {
          email: { kind: 'column', column: 'email' },
          name: { kind: 'template', template: '{first_name} {last_name}' },
        },
      },
      options: { concurrency: 6, canary: 0 },
    });
    await setup.close();

    // 10 kill points, as counts of create requests the sandbox has answered, spread over the job.
    const points = Array.from({ length: KILLS }, () => Math.floor(rand() * (ROWS - 100)) + 20).sort(
      (a, b) => a - b,
    );
    let creates = 0;
    let seen = 0;
    const count = () => {
      for (const e of sandbox!.ledger.since(seen)) {
        seen = e.seq;
        if (isCreate(e)) creates++;
      }
      return creates;
    };
    let kills = 0;
    for (const point of points) {
      const run = runnerChild(dir.path, job.id);
      let finished = false;
      void run.exited.then(() => (finished = true));
      while (!finished && count() < point) await new Promise((r) => setTimeout(r, 1));
      if (finished) break; // the job completed before this point: nothing left to kill
      run.child.kill('SIGKILL');
      await run.exited;
      kills++;
    }
    const last = runnerChild(dir.path, job.id);
    const { code, stdout } = await last.exited;
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as JobSummary;

    const ledger = sandbox.ledger.entries();
    const created = new Map<string, number>();
    for (const e of ledger) {
      if (isCreate(e) && e.status === 201) {
        const email = String((e.body as { email?: string }).email);
        created.set(email, (created.get(email) ?? 0) + 1);
      }
    }
    const conflicts = ledger.filter((e) => isCreate(e) && e.status === 409).length;
    const lookups = ledger.filter(isLookup).length;
    const received = ledger.filter(isCreate).length;

    const db = openDb(`${dir.path}/bulk-desk.sqlite`);
    const notes = db
      .prepare(
        `SELECT note, COUNT(*) AS n FROM job_items WHERE job_id = ? AND note IS NOT NULL GROUP BY note`,
      )
      .all(job.id) as { note: string; n: number }[];
    const withoutId = db
      .prepare(
        `SELECT COUNT(*) FROM job_items WHERE job_id = ? AND (captured_json IS NULL OR captured_json NOT LIKE '%Member ID%')`,
      )
      .pluck()
      .get(job.id) as number;
    db.close();

    console.log(
      `kill test (KILL_SEED=${seed}): points ${points.join(',')}; ${kills} kills; ${received} create requests received, ` +
        `${created.size} members created, ${conflicts} duplicate creates, ${lookups} lookups; ` +
        `final ${JSON.stringify(summary.counts)}; notes ${JSON.stringify(notes)}`,
    );
    expect(kills).toBe(KILLS);
    expect(summary.state).toBe('completed');
    expect(summary.counts.total).toBe(ROWS);
    expect(summary.counts.succeeded).toBe(ROWS); // none missing, none failed, none left in doubt
    expect(created.size).toBe(ROWS);
    expect([...created.values()].every((n) => n === 1)).toBe(true); // nobody created twice
    expect(conflicts).toBe(0); // and no row even tried to create an existing member
    expect(withoutId).toBe(0); // every row knows its member id, the found ones included
  }, 240_000);

  it('a recipe job SIGKILLed at 10 random points: no member, enrolment or invitation twice, every item settled after resume', async () => {
    const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    const rows = 300;
    sandbox = await startSandbox({ seed: 13, duplicateMember: 'conflict', faults: 'latency:3-12' });
    dir = tempDir();
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Kill test · Coursepath');
    await callOk(setup, 'sync.start', { connectionIds: [connection.id] }); // course titles → ids
    expect(await setup.sync.whenDone(connection.id)).toBe('completed');
    const titles = (await sandboxState(sandbox.url)).coursepath.courses.map((c) => c.name);
    const courses = (i: number) => [titles[i % 8]!, titles[(i + 3) % 8]!].slice(0, i % 3);
    const groups = (i: number) => ['Sales', 'Support'].slice(0, (i + 1) % 3);
    const datasetId = seedDataset(
      setup.db,
      ['Email', 'First name', 'Last name', 'Courses', 'Groups'],
      Array.from({ length: rows }, (_, i) => [`kill${i}@recipe.test`, `K${i}`, 'Ill', courses(i).join('; '), groups(i).join('; ')]),
    );
    const job = await callOk(setup, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: connection.id,
      options: { concurrency: 6, canary: 0 },
    });
    await setup.close();

    const isWrite = (e: LedgerEntry) => e.method === 'POST';
    const writes = rows * 2 + Array.from({ length: rows }, (_, i) => courses(i).length + groups(i).length).reduce((a, b) => a + b, 0);
    const points = Array.from({ length: KILLS }, () => Math.floor(rand() * (writes - 60)) + 20).sort((a, b) => a - b);
    let seen = 0;
    let sent = 0;
    const count = () => {
      for (const e of sandbox!.ledger.since(seen)) {
        seen = e.seq;
        if (isWrite(e)) sent++;
      }
      return sent;
    };
    let kills = 0;
    for (const point of points) {
      const run = runnerChild(dir.path, job.id);
      let finished = false;
      void run.exited.then(() => (finished = true));
      while (!finished && count() < point) await new Promise((r) => setTimeout(r, 1));
      if (finished) break;
      run.child.kill('SIGKILL');
      await run.exited;
      kills++;
    }
    const last = runnerChild(dir.path, job.id);
    const { code, stdout } = await last.exited;
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as JobSummary;

    const ledger = sandbox.ledger.entries();
    const state = await sandboxState(sandbox.url);
    const tally = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    const created = tally(ledger.filter((e) => isCreate(e) && e.status === 201).map((e) => String((e.body as { email?: string }).email)));
    const enrolled = tally(ledger.filter((e) => e.method === 'POST' && e.path.endsWith('/coursemember') && e.status === 201).map((e) => e.path));
    const invited = tally(ledger.filter((e) => e.method === 'POST' && e.path.endsWith('/invite') && e.status === 200).map((e) => e.path));
    const conflicts = ledger.filter((e) => isCreate(e) && e.status === 409).length;
    console.log(
      `recipe kill test (KILL_SEED=${seed}): points ${points.join(',')}; ${kills} kills; ${ledger.filter(isWrite).length} writes for ${writes} items to send; ` +
        `final ${JSON.stringify(summary.counts)}`,
    );
    expect(kills).toBe(KILLS);
    expect(summary.state).toBe('completed');
    const c = summary.counts;
    expect(c.pending + c.waiting + c.sending + c.retry_wait + c.in_doubt + c.failed + c.blocked).toBe(0); // every item settled
    expect(created.size).toBe(rows);
    expect([...created.values()].every((n) => n === 1)).toBe(true); // no member created twice
    expect(conflicts).toBe(0); // nor even tried twice
    expect([...enrolled.values()].every((n) => n === 1)).toBe(true); // no enrolment made twice
    expect([...invited.values()].every((n) => n === 1)).toBe(true); // no invitation sent twice
    expect(invited.size).toBe(rows); // and none lost
    const byEmail = new Map(state.coursepath.members.map((m) => [m.email, m.id]));
    const courseIds = new Map(state.coursepath.courses.map((x) => [x.name, x.id]));
    for (let i = 0; i < rows; i++) {
      const id = byEmail.get(`kill${i}@recipe.test`)!;
      const mine = state.coursepath.courseMembers.filter((m) => m.memberId === id).map((m) => m.courseId).sort();
      expect(mine).toEqual(courses(i).map((t) => courseIds.get(t)!).sort());
      expect(state.coursepath.groups.filter((g) => g.memberIds.includes(id)).map((g) => g.name).sort()).toEqual(groups(i).sort());
    }
  }, 240_000);

  it('SIGKILLed while another program holds its database lock: after the lock clears, every member created exactly once', async () => {
    const rows = 600;
    sandbox = await startSandbox({ seed: 12, duplicateMember: 'conflict', faults: 'latency:3-12' });
    dir = tempDir();
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Lock test · Coursepath');
    const datasetId = seedDataset(setup.db, ['email', 'first_name', 'last_name'], userRows(rows));
    const job = await callOk(setup, 'jobs.create', {
      ...memberJobSpec(datasetId, connection.id),
      options: { concurrency: 6, canary: 0 }, // a saved connection: no canary pause in a crash test
    });
    await setup.close();

    const creates = () => sandbox!.ledger.entries().filter(isCreate).length;
    // The other program is started first and takes the lock on cue: started only at the 150th create, on
    // a loaded machine it came up after the 600-row job had ended.
    const locker = await armDbLock(`${dir.path}/bulk-desk.sqlite`, 4000);
    const run = runnerChild(dir.path, job.id);
    while (creates() < 150) await new Promise((r) => setTimeout(r, 2));
    const lock = await locker.take();
    // The runner's answers pile up behind the lock; requests it had in flight come back meanwhile.
    await new Promise((r) => setTimeout(r, 1500));
    run.child.kill('SIGKILL');
    await run.exited;
    const sentWhenKilled = creates();
    await lock.released;

    const last = runnerChild(dir.path, job.id);
    const { code, stdout } = await last.exited;
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as JobSummary;
    const created = new Map<string, number>();
    for (const e of sandbox.ledger.entries()) {
      if (isCreate(e) && e.status === 201) {
        const email = String((e.body as { email?: string }).email);
        created.set(email, (created.get(email) ?? 0) + 1);
      }
    }
    const lookups = sandbox.ledger.entries().filter(isLookup).length;
    console.log(
      `kill under lock: ${sentWhenKilled} creates before the kill, ${lookups} lookups after; final ${JSON.stringify(summary.counts)}`,
    );
    expect(summary.state).toBe('completed');
    expect(summary.counts.succeeded).toBe(rows);
    expect(created.size).toBe(rows);
    expect([...created.values()].every((n) => n === 1)).toBe(true); // nobody created twice
    expect(lookups).toBeGreaterThan(0); // rows whose answers the lock kept from the disk were looked up
  }, 120_000);
});
