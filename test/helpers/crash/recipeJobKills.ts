// A recipe job SIGKILLed at `kills` points and resumed each time (crashRecovery.test.ts at a small size,
// bench/crashSoak.ts at soak size): create member → enrol in courses → add to groups → invite, two calls
// that may not be repeated (create, invite) and two that may (enrol, groups). The sandbox answers a second
// create of an email with 409; its ledger and its state are the witnesses. Returns what they show.
import { createServices } from '../../../src-main/services';
import { startSandbox, type LedgerEntry } from '../../../src-main/sandbox/index';
import type { JobSummary } from '../../../src-shared/contract/api';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { callOk } from '../callOk';
import { saveCoursepathConnection } from '../sandboxConnection';
import { sandboxState } from '../sandboxState';
import { seedDataset } from '../seedDataset';
import { tempDir } from '../tempDir';
import { killAtPoints, killPoints, ledgerCounter } from './killLoop';
import { isCreate } from './memberJobKills';

const isWrite = (e: LedgerEntry) => e.method === 'POST';

export interface RecipeKills {
  points: number[];
  kills: number;
  code: number | null;
  summary: JobSummary | null;
  /** Items the job had to send (every row's create and invite, its enrolments and groups). */
  writes: number;
  /** Writes the sandbox received. */
  received: number;
  /** Successful calls by email (create) or by path (enrol, invite). */
  created: Map<string, number>;
  enrolled: Map<string, number>;
  invited: Map<string, number>;
  conflicts: number;
  /** Per row, the courses and groups the LMS has for the member, beside what the row asked for. */
  members: { email: string; courses: [number[], number[]]; groups: [string[], string[]] }[];
}

export async function recipeJobKills(opts: {
  rows: number;
  kills: number;
  seed: number;
  spread?: boolean;
}): Promise<RecipeKills> {
  const { rows } = opts;
  const sandbox = await startSandbox({ seed: 13, duplicateMember: 'conflict', faults: 'latency:3-12' });
  const dir = tempDir();
  try {
    const setup = await createServices({ dataDir: dir.path, sandbox: false });
    const connection = await saveCoursepathConnection(setup, sandbox, 'Kill test · Coursepath');
    await callOk(setup, 'sync.start', { connectionIds: [connection.id] }); // course titles → ids
    if ((await setup.sync.whenDone(connection.id)) !== 'completed')
      throw new Error('the sync did not complete');
    const titles = (await sandboxState(sandbox.url)).coursepath.courses.map((c) => c.name);
    const courses = (i: number) => [titles[i % 8]!, titles[(i + 3) % 8]!].slice(0, i % 3);
    const groups = (i: number) => ['Sales', 'Support'].slice(0, (i + 1) % 3);
    const email = (i: number) => `kill${i}@recipe.test`;
    const datasetId = seedDataset(
      setup.db,
      ['Email', 'First name', 'Last name', 'Courses', 'Groups'],
      Array.from({ length: rows }, (_, i) => [
        email(i),
        `K${i}`,
        'Ill',
        courses(i).join('; '),
        groups(i).join('; '),
      ]),
    );
    const job = await callOk(setup, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: connection.id,
      options: { concurrency: 6, canary: 0 },
    });
    await setup.close();

    const writes =
      rows * 2 +
      Array.from({ length: rows }, (_, i) => courses(i).length + groups(i).length).reduce((a, b) => a + b, 0);
    const points = killPoints(opts.seed, opts.kills, 20, writes - 60, opts.spread);
    const run = await killAtPoints(dir.path, job.id, points, ledgerCounter(sandbox, isWrite));

    const ledger = sandbox.ledger.entries();
    const state = await sandboxState(sandbox.url);
    const tally = (keys: string[]) =>
      keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    const byEmail = new Map(state.coursepath.members.map((m) => [m.email, m.id]));
    const courseIds = new Map(state.coursepath.courses.map((x) => [x.name, x.id]));
    return {
      points,
      ...run,
      writes,
      received: ledger.filter(isWrite).length,
      created: tally(
        ledger
          .filter((e) => isCreate(e) && e.status === 201)
          .map((e) => String((e.body as { email?: string }).email)),
      ),
      enrolled: tally(
        ledger
          .filter((e) => isWrite(e) && e.path.endsWith('/coursemember') && e.status === 201)
          .map((e) => e.path),
      ),
      invited: tally(
        ledger.filter((e) => isWrite(e) && e.path.endsWith('/invite') && e.status === 200).map((e) => e.path),
      ),
      conflicts: ledger.filter((e) => isCreate(e) && e.status === 409).length,
      members: Array.from({ length: rows }, (_, i) => {
        const id = byEmail.get(email(i))!;
        const mine = state.coursepath.courseMembers
          .filter((m) => m.memberId === id)
          .map((m) => m.courseId)
          .sort();
        const inGroups = state.coursepath.groups
          .filter((g) => g.memberIds.includes(id))
          .map((g) => g.name)
          .sort();
        return {
          email: email(i),
          courses: [
            mine,
            courses(i)
              .map((t) => courseIds.get(t)!)
              .sort(),
          ],
          groups: [inGroups, groups(i).sort()],
        };
      }),
    };
  } finally {
    await sandbox.close();
    dir.remove();
  }
}

export const recipeKillsLine = (seed: number, r: RecipeKills) =>
  `KILL_SEED=${seed}: points ${r.points.join(',')}; ${r.kills} kills; ${r.received} writes for ${r.writes} items to send; ` +
  `final ${JSON.stringify(r.summary?.counts)}`;
