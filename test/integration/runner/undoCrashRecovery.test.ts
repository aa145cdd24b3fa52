// The runner's first promise during an undo job (a sibling of crashRecovery.test.ts): 100 members are
// enrolled in a course, and the job that undoes it (remove from course, each row read before its write)
// runs in a child process that is SIGKILLed twice, once in each half of the job (the second kill hits a
// resumed runner), and restarted each time. A removal sent twice would show in the sandbox's ledger (and answer 404: "not enrolled"), so the
// ledger is the witness: every member removed exactly once, every row's state read and committed before
// its write, no row lost, and the course's member list back to what it was before the enrolment.
// `npm run bench` (bench/crashSoak.ts) repeats it at soak size (400 rows, 8 random kills, several rounds).
import { describe, expect, it } from 'vitest';
import { killSeed } from '../../helpers/crash/killLoop';
import { undoJobKills, undoKillsLine } from '../../helpers/crash/undoJobKills';

const ROWS = 100;
const KILLS = 2;

describe('crash recovery of an undo job', () => {
  it(`SIGKILLed at ${KILLS} points of a ${ROWS}-row undo: every member removed exactly once, nothing lost, the course as it was`, async () => {
    const seed = killSeed();
    const r = await undoJobKills({ rows: ROWS, kills: KILLS, seed, spread: true });
    console.log(`undo kill test (${undoKillsLine(seed, r)})`);
    expect(r.code).toBe(0);
    expect(r.kills).toBe(KILLS);
    const summary = r.summary!;
    expect(summary.state).toBe('completed');
    expect(summary.counts.succeeded).toBe(ROWS); // none lost, none failed, none left in doubt
    expect(r.sent.size).toBe(ROWS);
    expect([...r.sent.entries()].filter(([, s]) => s.length > 1)).toEqual([]); // nobody removed twice
    expect([...r.sent.values()].flat().every((s) => s === 200)).toBe(true);
    expect(r.unread).toBe(0);
    expect(r.after).toEqual(r.before);
  }, 240_000);
});
