// A recipe job killed (SIGKILL) while enrolments and group additions are in flight, then resumed: the
// steps whose effect can be read are settled by reading it, not by sending again — whether enrolling
// twice is harmless on the real LMS is unknown (sandbox README, "Enrolling twice"), so the safe side is to
// read first. A proxy between the runner and the sandbox holds chosen requests without an answer: two
// enrolments and a group addition that reached the LMS, one enrolment that never left. The runner is
// killed while they are held (`sending` in SQLite, in doubt on restart); the sandbox's ledger witnesses
// what the resumed job reads and sends.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { openDb } from '../../../src-main/db/openDb';
import { createServices } from '../../../src-main/services';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { callOk } from '../../helpers/callOk';
import { holdingProxy, type Hold, type HoldingProxy } from '../../helpers/holdingProxy';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { runnerChild } from '../../helpers/tsxChild';

const ROWS = 6;
const ENROL = /^\/api\/v1\/courses\/\d+\/members\/\d+\/coursemember$/;
const GROUP_ADD = /^\/api\/v1\/members\/\d+\/groups$/;

describe('a recipe job killed with enrolments and group additions in flight', () => {
  let sandbox: Sandbox | null = null;
  let proxy: HoldingProxy | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await proxy?.close();
    await sandbox?.close();
    dir?.remove();
  });

  it('resumed: an enrolment or group addition that arrived is read, not sent again; one that never left is read, then sent', async () => {
    sandbox = await startSandbox({ seed: 17, duplicateMember: 'conflict' });
    // The first run holds the 1st and 2nd enrolments and the 1st group addition after they reached the
    // LMS, and the 3rd enrolment before it left; the resumed run passes everything through.
    let holding = true;
    const arrived: string[] = [];
    const dropped: string[] = [];
    let enrols = 0;
    let groupAdds = 0;
    proxy = await holdingProxy(sandbox.url, (method, url): Hold => {
      const path = url.split('?')[0]!;
      if (!holding || method !== 'POST') return 'pass';
      let hold: Hold = 'pass';
      if (ENROL.test(path)) hold = ++enrols <= 2 ? 'arrive' : enrols === 3 ? 'drop' : 'pass';
      else if (GROUP_ADD.test(path)) hold = ++groupAdds === 1 ? 'arrive' : 'pass';
      if (hold === 'arrive') arrived.push(path);
      if (hold === 'drop') dropped.push(path);
      return hold;
    });

    dir = tempDir();
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const cp = sandbox.credentials.coursepath;
    const connection = await callOk(setup, 'connections.save', {
      name: 'Killed recipe · Coursepath',
      baseUrl: cp.baseUrl.replace(sandbox.url, proxy.url),
      identity: { api: 'coursepath', email: cp.email },
      secret: cp.apiKey,
    });
    await callOk(setup, 'sync.start', { connectionIds: [connection.id] }); // course titles → ids
    expect(await setup.sync.whenDone(connection.id)).toBe('completed');
    const titles = (await sandboxState(sandbox.url)).coursepath.courses.map((c) => c.name);
    const datasetId = seedDataset(
      setup.db,
      ['Email', 'First name', 'Last name', 'Courses', 'Groups'],
      Array.from({ length: ROWS }, (_, i) => [`held${i}@recipe.test`, `H${i}`, 'Eld', titles[i]!, 'Sales']),
    );
    const job = await callOk(setup, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: connection.id,
      options: { concurrency: 6, canary: 0 },
    });
    await setup.close();

    const first = runnerChild(dir.path, job.id);
    const until = Date.now() + 60_000;
    while (proxy.held() < 4) {
      if (Date.now() > until) throw new Error(`only ${proxy.held()} requests held`);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    holding = false;
    const killedAt = sandbox.ledger.entries().at(-1)?.seq ?? 0;

    const { code, stdout } = await runnerChild(dir.path, job.id).exited;
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as JobSummary;
    expect(summary.state).toBe('completed');
    expect(summary.counts).toMatchObject({ succeeded: ROWS * 4, in_doubt: 0, failed: 0, blocked: 0 });

    const ledger = sandbox.ledger.entries();
    const posts = (path: string) => ledger.filter((e) => e.method === 'POST' && e.path === path);
    const readsAfterKill = (path: string) =>
      ledger.filter((e) => e.method === 'GET' && e.path === path && e.seq > killedAt);
    expect(arrived).toHaveLength(3);
    expect(dropped).toHaveLength(1);
    for (const path of arrived) {
      expect(posts(path), path).toHaveLength(1); // the write that arrived, and no second one
      // Read at the same path: the member's course result, or the member's groups.
      expect(readsAfterKill(path).length, `read of ${path}`).toBeGreaterThan(0);
    }
    // The enrolment that never left: read (absent), then sent once.
    const [lost] = dropped;
    const lostReads = readsAfterKill(lost!);
    expect(lostReads.length).toBeGreaterThan(0);
    expect(posts(lost!)).toHaveLength(1);
    expect(posts(lost!)[0]!.seq).toBeGreaterThan(lostReads[0]!.seq);
    // Nothing at all sent twice: each enrolment and each group addition once.
    const tally = (keys: string[]) =>
      keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    const writes = tally(
      ledger
        .filter((e) => e.method === 'POST' && (ENROL.test(e.path) || GROUP_ADD.test(e.path)))
        .map((e) => `${e.path} ${JSON.stringify(e.body ?? null)}`),
    );
    expect(writes.size).toBe(ROWS * 2);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);

    // The items say why: found by a read, or read as absent and sent again.
    const db = openDb(`${dir.path}/bulk-desk.sqlite`);
    const items = db
      .prepare(`SELECT url, note FROM job_items WHERE job_id = ? AND step IN (1, 2)`)
      .all(job.id) as { url: string; note: string | null }[];
    db.close();
    const noteOf = (path: string) => items.find((it) => it.url.endsWith(path))?.note;
    for (const path of arrived) {
      // What the read saw: the member's course result, or the group among the member's groups.
      expect(noteOf(path)).toMatch(
        /a read of the member's (course result|groups) found (member \d+ in course \d+ has a course result|the member is in group .+), so it was not sent again/,
      );
    }
    expect(noteOf(lost!)).toMatch(/a read of the member's course result found it not done \(sent enrol member \d+ in course \d+, LMS has no course result \(not enrolled\)\), so it is sent again/);

    // And the academy holds exactly what the file lists.
    const state = await sandboxState(sandbox.url);
    for (let i = 0; i < ROWS; i++) {
      const id = state.coursepath.members.find((m) => m.email === `held${i}@recipe.test`)!.id;
      const course = state.coursepath.courses.find((c) => c.name === titles[i])!.id;
      expect(state.coursepath.courseMembers.filter((m) => m.memberId === id).map((m) => m.courseId)).toEqual([
        course,
      ]);
      expect(state.coursepath.groups.filter((g) => g.memberIds.includes(id)).map((g) => g.name)).toEqual([
        'Sales',
      ]);
    }
  }, 120_000);
});
