// The kill -9 crash-recovery proofs at soak size, round after round (`npm run bench`, section `crash`):
// the same scenarios `npm test` runs small (test/integration/runner/*CrashRecovery.test.ts, through
// test/helpers/crash/), here at the sizes that used to run in `npm test` — a 2,000-row create-member job
// and a 300-row recipe job killed at 10 random points, a 400-row undo killed at 8, a plan over 1,200
// members whose job (100 updates, 150 creates) is killed at 3 — each round with a fresh seed for its kill
// points. Every round is judged by the same promises the tests assert (nothing lost, nothing sent twice,
// every row settled); a broken one is printed with its KILL_SEED, and the bench fails.
// Needs the OS keychain (the runners in child processes read the connection's secret from it), so
// bench/run.ts runs it inside a private D-Bus session with an unlocked gnome-keyring; alone:
//   dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
//     BULKDESK_KEYCHAIN_SERVICE=bulk-desk-soak-$$ npx tsx bench/crashSoak.ts [--quick] [--rounds N]'
import { emit } from './compare/child';
import { killSeed } from '../test/helpers/crash/killLoop';
import { memberJobKills, memberKillsLine } from '../test/helpers/crash/memberJobKills';
import { recipeJobKills, recipeKillsLine } from '../test/helpers/crash/recipeJobKills';
import { undoJobKills, undoKillsLine } from '../test/helpers/crash/undoJobKills';
import { planKills, planKillsLine } from '../test/helpers/crash/planKills';

export interface SoakScenario {
  name: string;
  /** What one round does, e.g. "2,000 rows, 10 random kills". */
  size: string;
  rounds: number;
  /** Rounds that kept every promise. */
  kept: number;
  /** Kills that landed, over all rounds. */
  kills: number;
  /** Seconds per round. */
  secs: number[];
  /** Each round's figures (one line each). */
  lines: string[];
  /** Each broken promise, with the round's KILL_SEED to replay it. */
  broken: string[];
}

export type CrashSoakResult = SoakScenario[];

const QUICK = process.argv.includes('--quick');
const ri = process.argv.indexOf('--rounds');
const ROUNDS = ri >= 0 ? Number(process.argv[ri + 1]) : QUICK ? 1 : 3;
const SIZES = QUICK
  ? { member: 500, recipe: 100, undo: 150, plan: { existing: 1000, changed: 24, fresh: 36 } }
  : { member: 2000, recipe: 300, undo: 400, plan: { existing: 1200, changed: 100, fresh: 150 } };
const log = (line: string) => process.stderr.write(`[crash soak] ${line}\n`);
const once = (m: Map<string, number>) =>
  [...m.entries()].filter(([, n]) => n !== 1).map(([k, n]) => `${k} × ${n}`);

/** Runs `rounds` rounds of one scenario; `round` returns its line, its kills and its broken promises. */
async function soak(
  name: string,
  size: string,
  rounds: number,
  round: (seed: number) => Promise<{ line: string; kills: number; broken: string[] }>,
): Promise<SoakScenario> {
  const s: SoakScenario = { name, size, rounds, kept: 0, kills: 0, secs: [], lines: [], broken: [] };
  for (let i = 0; i < rounds; i++) {
    const seed = (killSeed() + i * 7919) % 1_000_000;
    log(`${name}, ${size}, round ${i + 1} of ${rounds} (KILL_SEED=${seed})…`);
    const t0 = Date.now();
    const r = await round(seed).catch((e: unknown) => ({
      line: `KILL_SEED=${seed}: threw`,
      kills: 0,
      broken: [`threw: ${e instanceof Error ? e.message : String(e)}`],
    }));
    s.secs.push((Date.now() - t0) / 1000);
    s.kills += r.kills;
    s.lines.push(r.line);
    log(r.line);
    if (r.broken.length === 0) s.kept++;
    for (const b of r.broken) {
      s.broken.push(`KILL_SEED=${seed}: ${b}`);
      log(`BROKEN (KILL_SEED=${seed}): ${b}`);
    }
  }
  return s;
}

/** The promises of one round, as the tests assert them: each that fails, named. */
function judge(checks: [string, boolean][]): string[] {
  return checks.filter(([, ok]) => !ok).map(([what]) => what);
}

const result: CrashSoakResult = [];
const n = SIZES.member;
result.push(
  await soak(
    'create-member job',
    `${n.toLocaleString('en-US')} rows, 10 random kills`,
    ROUNDS,
    async (seed) => {
      const r = await memberJobKills({ rows: n, kills: 10, seed });
      const c = r.summary?.counts;
      return {
        line: memberKillsLine(seed, r),
        kills: r.kills,
        broken: judge([
          [`the last runner exited ${r.code}`, r.code === 0],
          [`${r.kills} of 10 kills landed`, r.kills === 10],
          [`the job ended ${r.summary?.state}`, r.summary?.state === 'completed'],
          [
            `${c?.succeeded} of ${n} rows succeeded (lost or left in doubt)`,
            c?.succeeded === n && c.total === n,
          ],
          [`${r.created.size} of ${n} members created`, r.created.size === n],
          [`members created more than once: ${once(r.created).join(', ')}`, once(r.created).length === 0],
          [`${r.conflicts} creates of a member that existed`, r.conflicts === 0],
          [`${r.withoutId} rows without their member id`, r.withoutId === 0],
        ]),
      };
    },
  ),
);
const rr = SIZES.recipe;
result.push(
  await soak('recipe job (4 steps)', `${rr} rows, 10 random kills`, ROUNDS, async (seed) => {
    const r = await recipeJobKills({ rows: rr, kills: 10, seed });
    const c = r.summary?.counts;
    const unsettled = c
      ? c.pending + c.waiting + c.sending + c.retry_wait + c.in_doubt + c.failed + c.blocked
      : -1;
    const wrong = r.members.filter(
      (m) =>
        JSON.stringify(m.courses[0]) !== JSON.stringify(m.courses[1]) ||
        JSON.stringify(m.groups[0]) !== JSON.stringify(m.groups[1]),
    );
    return {
      line: recipeKillsLine(seed, r),
      kills: r.kills,
      broken: judge([
        [`the last runner exited ${r.code}`, r.code === 0],
        [`${r.kills} of 10 kills landed`, r.kills === 10],
        [`the job ended ${r.summary?.state}`, r.summary?.state === 'completed'],
        [`${unsettled} items not settled`, unsettled === 0],
        [`${r.created.size} of ${rr} members created`, r.created.size === rr],
        [`members created more than once: ${once(r.created).join(', ')}`, once(r.created).length === 0],
        [`${r.conflicts} creates of a member that existed`, r.conflicts === 0],
        [`enrolments made more than once: ${once(r.enrolled).join(', ')}`, once(r.enrolled).length === 0],
        [`invitations sent more than once: ${once(r.invited).join(', ')}`, once(r.invited).length === 0],
        [`${r.invited.size} of ${rr} invitations sent`, r.invited.size === rr],
        [
          `members whose courses or groups are not the row's: ${wrong.map((m) => m.email).join(', ')}`,
          wrong.length === 0,
        ],
      ]),
    };
  }),
);
const u = SIZES.undo;
result.push(
  await soak('undo job (remove from course)', `${u} rows, 8 random kills`, ROUNDS, async (seed) => {
    const r = await undoJobKills({ rows: u, kills: 8, seed });
    const twice = [...r.sent.entries()].filter(([, s]) => s.length > 1).map(([p]) => p);
    return {
      line: undoKillsLine(seed, r),
      kills: r.kills,
      broken: judge([
        [`the last runner exited ${r.code}`, r.code === 0],
        [`${r.kills} of 8 kills landed`, r.kills === 8],
        [`the job ended ${r.summary?.state}`, r.summary?.state === 'completed'],
        [`${r.summary?.counts.succeeded} of ${u} rows succeeded`, r.summary?.counts.succeeded === u],
        [`${r.sent.size} of ${u} members' removals sent`, r.sent.size === u],
        [`removals sent more than once: ${twice.join(', ')}`, twice.length === 0],
        [`removals not answered 200`, [...r.sent.values()].flat().every((st) => st === 200)],
        [`${r.unread} rows sent before their state was read and saved`, r.unread === 0],
        [
          `the course's members are not as before the enrolment`,
          JSON.stringify(r.after) === JSON.stringify(r.before),
        ],
      ]),
    };
  }),
);
const p = SIZES.plan;
result.push(
  await soak(
    'plan killed reading, its job at 3 points',
    `${p.existing.toLocaleString('en-US')} members, ${p.changed} changed, ${p.fresh} new`,
    QUICK ? 1 : Math.min(ROUNDS, 2),
    async () => {
      const points = [p.changed * 0.4, p.changed + p.fresh * 0.13, p.changed + p.fresh * 0.6].map(Math.round);
      const r = await planKills({ ...p, jobPoints: points });
      const c = r.summary?.counts;
      const pc = r.plan.counts;
      return {
        line: planKillsLine(r),
        kills: r.jobKills + (r.killedWhileReading ? 1 : 0),
        broken: judge([
          [`the plan was not killed while it read`, r.killedWhileReading],
          [
            `the kill left the plan ${r.left.state}, ${r.verdicts} verdicts`,
            r.left.state === 'reading' && r.verdicts === 0,
          ],
          [`the app found the plan ${r.stateOnOpen}`, r.stateOnOpen === 'interrupted'],
          [
            `the plan's verdicts ${JSON.stringify(pc)}`,
            pc.create === p.fresh &&
              pc.update === p.changed &&
              pc.unchanged === p.existing - p.changed &&
              pc.conflict === 0 &&
              pc.missing === 0,
          ],
          [
            `pages read again after the resume: ${r.after.join(',')}`,
            !r.after.includes('0') && r.after[0] === String(r.cursor?.next_page),
          ],
          [
            `${r.before.length + r.after.length} pages read for ${r.pages}`,
            r.before.length + r.after.length <= r.pages + 1,
          ],
          [`the plan sent a write`, r.onlyReads],
          [`${r.jobKills} of 3 kills of its job landed`, r.jobKills === 3],
          [
            `its job ended ${r.summary?.state} (exit ${r.code})`,
            r.code === 0 && r.summary?.state === 'completed',
          ],
          [
            `its job's counts ${JSON.stringify(c)}`,
            c?.succeeded === p.fresh + p.changed &&
              c.skipped === p.existing - p.changed &&
              c.failed === 0 &&
              c.in_doubt === 0,
          ],
          [`${r.created.size} of ${p.fresh} members created`, r.created.size === p.fresh],
          [`members created more than once: ${once(r.created).join(', ')}`, once(r.created).length === 0],
          [`${r.conflicts} creates of a member that existed`, r.conflicts === 0],
          [`changes that did not land: ${r.notRenamed.join(', ')}`, r.notRenamed.length === 0],
          [
            `${r.finalMembers} members in the LMS for ${r.members + p.fresh}`,
            r.finalMembers === r.members + p.fresh,
          ],
        ]),
      };
    },
  ),
);
emit('result', result);
