// The runner's first promise, tested the hard way: a runner in a child process is SIGKILLed in the first
// half of a create-member job, the runner resumed after it SIGKILLed in the second, and a third finishes. Create-member is not idempotent, so rows left in doubt
// by a kill are settled by a lookup (GET /members?email=) before any is sent again — both ways are shown:
// rows that never left (sent again) and rows that reached the LMS before their answer was saved (not sent
// again). A second case does the same to a recipe job (create member → enrol in courses → add to groups →
// invite: two calls that may not be repeated, two that may); a third kills the runner while another
// program holds its database's write lock. Each runs at the smallest size that shows its promise, one
// point per stretch of the job; `npm run bench` (bench/crashSoak.ts) repeats the first two at soak size
// (2,000 and 300 rows, 10 random kills, several rounds) and fails if any round loses or repeats a call.
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { armDbLock } from '../../helpers/holdDbLock';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { runnerChild } from '../../helpers/tsxChild';
import { killSeed } from '../../helpers/crash/killLoop';
import { isCreate, isLookup, memberJobKills, memberKillsLine } from '../../helpers/crash/memberJobKills';
import { recipeJobKills, recipeKillsLine } from '../../helpers/crash/recipeJobKills';

const KILLS = 2;
const MEMBER_ROWS = 150;
const RECIPE_ROWS = 60;
const SENT_AGAIN = /had not reached Coursepath, so it is sent again/;
const NOT_SENT_AGAIN = /had reached Coursepath, so it was not sent again/;

describe('crash recovery', () => {
  it(`SIGKILLed at ${KILLS} points of a ${MEMBER_ROWS}-row create-member job: every member created exactly once, none lost`, async () => {
    const seed = killSeed();
    const r = await memberJobKills({ rows: MEMBER_ROWS, kills: KILLS, seed, spread: true });
    console.log(`kill test (${memberKillsLine(seed, r)})`);
    expect(r.code).toBe(0);
    expect(r.kills).toBe(KILLS);
    const summary = r.summary!;
    expect(summary.state).toBe('completed');
    expect(summary.counts.total).toBe(MEMBER_ROWS);
    expect(summary.counts.succeeded).toBe(MEMBER_ROWS); // none missing, none failed, none left in doubt
    expect(r.created.size).toBe(MEMBER_ROWS);
    expect([...r.created.values()].every((n) => n === 1)).toBe(true); // nobody created twice
    expect(r.conflicts).toBe(0); // and no row even tried to create an existing member
    expect(r.withoutId).toBe(0); // every row knows its member id, the found ones included
    // Both ways a kill leaves a create in doubt were met and settled by a lookup: a row marked as sending
    // that never left, and one the LMS answered before the answer was saved.
    const noted = (re: RegExp) => r.notes.filter((n) => re.test(n.note)).reduce((a, n) => a + n.n, 0);
    expect(noted(SENT_AGAIN)).toBeGreaterThan(0);
    expect(noted(NOT_SENT_AGAIN)).toBeGreaterThan(0);
  }, 240_000);

  it(`a recipe job SIGKILLed at ${KILLS} points: no member, enrolment or invitation twice, every item settled after resume`, async () => {
    const seed = killSeed();
    const r = await recipeJobKills({ rows: RECIPE_ROWS, kills: KILLS, seed, spread: true });
    console.log(`recipe kill test (${recipeKillsLine(seed, r)})`);
    expect(r.code).toBe(0);
    expect(r.kills).toBe(KILLS);
    const summary = r.summary!;
    expect(summary.state).toBe('completed');
    const c = summary.counts;
    expect(c.pending + c.waiting + c.sending + c.retry_wait + c.in_doubt + c.failed + c.blocked).toBe(0); // every item settled
    expect(r.created.size).toBe(RECIPE_ROWS);
    expect([...r.created.values()].every((n) => n === 1)).toBe(true); // no member created twice
    expect(r.conflicts).toBe(0); // nor even tried twice
    expect([...r.enrolled.values()].every((n) => n === 1)).toBe(true); // no enrolment made twice
    expect([...r.invited.values()].every((n) => n === 1)).toBe(true); // no invitation sent twice
    expect(r.invited.size).toBe(RECIPE_ROWS); // and none lost
    for (const m of r.members) {
      expect(m.courses[0], m.email).toEqual(m.courses[1]);
      expect(m.groups[0], m.email).toEqual(m.groups[1]);
    }
  }, 240_000);

  it('SIGKILLed while another program holds its database lock: after the lock clears, every member created exactly once', async () => {
    const rows = 150;
    const sandbox: Sandbox = await startSandbox({ seed: 12, duplicateMember: 'conflict', faults: 'latency:3-12' });
    const dir = tempDir();
    try {
      const setup = await createServices({ dataDir: dir.path, sandbox: false });
      const connection = await saveCoursepathConnection(setup, sandbox, 'Lock test · Coursepath');
      const datasetId = seedDataset(setup.db, ['email', 'first_name', 'last_name'], userRows(rows));
      const job = await callOk(setup, 'jobs.create', {
        ...memberJobSpec(datasetId, connection.id),
        options: { concurrency: 6, canary: 0 }, // a saved connection: no canary pause in a crash test
      });
      await setup.close();

      const creates = () => sandbox.ledger.entries().filter(isCreate).length;
      // The other program is started first and takes the lock on cue: started only at the 40th create, on
      // a loaded machine it could come up after the job had ended.
      const locker = await armDbLock(`${dir.path}/bulk-desk.sqlite`, 4000);
      const run = runnerChild(dir.path, job.id);
      let finished = false;
      void run.exited.then(() => (finished = true));
      while (!finished && creates() < 40) await new Promise((r) => setTimeout(r, 2));
      expect(finished).toBe(false);
      const lock = await locker.take();
      // Every runner commit ended before the lock was taken, so a create answered from here on cannot have
      // been saved. Wait until the runner has such answers piled up behind the lock: at least one, and the
      // requests it had in flight back (no create answered for 50 ms, at 3–12 ms each; 3 s at most).
      const atLock = creates();
      const deadline = Date.now() + 3000;
      let last = atLock;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        const now = creates();
        if (now !== last) [last, quietSince] = [now, Date.now()];
        if (now > atLock && Date.now() - quietSince >= 50) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      run.child.kill('SIGKILL');
      await run.exited;
      const sentWhenKilled = creates();
      const answeredUnderLock = sentWhenKilled - atLock;
      await lock.release(); // the runner is gone: nothing more to hold it for

      const { code, stdout } = await runnerChild(dir.path, job.id).exited;
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
      const db = openDb(`${dir.path}/bulk-desk.sqlite`);
      const found = db
        .prepare(`SELECT COUNT(*) FROM job_items WHERE job_id = ? AND note LIKE '%had reached Coursepath%'`)
        .pluck()
        .get(job.id) as number;
      db.close();
      console.log(
        `kill under lock: ${sentWhenKilled} creates before the kill, ${answeredUnderLock} of them answered under the lock; ` +
          `${lookups} lookups after, ${found} found; final ${JSON.stringify(summary.counts)}`,
      );
      expect(summary.state).toBe('completed');
      expect(summary.counts.succeeded).toBe(rows);
      expect(created.size).toBe(rows);
      expect([...created.values()].every((n) => n === 1)).toBe(true); // nobody created twice
      expect(lookups).toBeGreaterThan(0); // rows whose answers the lock kept from the disk were looked up
      // and every create the LMS answered under the lock was one of them, found and not sent again
      expect(answeredUnderLock).toBeGreaterThan(0);
      expect(found).toBeGreaterThanOrEqual(answeredUnderLock);
    } finally {
      await sandbox.close();
      dir.remove();
    }
  }, 120_000);
});
