// Crash recovery for plans (issue 17, part 1), the sibling of crashRecovery.test.ts: a plan in a child
// process is SIGKILLed while it pages through the academy's members; the app opens the data folder again,
// the plan is interrupted and resumes from the pages it had saved (the pages before the kill are not read
// again); it never sent a write; its verdicts are those of the academy. Then the plan's job is SIGKILLed
// twice — once while it updates members, once while it creates them: every new member is created
// exactly once and every change lands. The sandbox answers a second create of an email with 409
// (`duplicateMember: 'conflict'`), so a careless re-send would show; its ledger is the witness of every
// call. The academy is just over two pages of 500 (so the kill lands between pages); the file's changes
// are a few dozen — `npm run bench` (bench/crashSoak.ts) runs it with 1,200 members, 100 changed, 150 new.
import { describe, expect, it } from 'vitest';
import { planKills, planKillsLine } from '../../helpers/crash/planKills';

const EXISTING = 1000;
const CHANGED = 24;
const NEW = 36;

describe('plan crash recovery', () => {
  it('SIGKILLed while it reads: resumes from the saved pages, sent nothing; its job killed twice creates each member once', async () => {
    // Kill points as counts of writes: one in the updates (they come first), one in the creates.
    const r = await planKills({
      existing: EXISTING,
      changed: CHANGED,
      fresh: NEW,
      jobPoints: [CHANGED / 2, CHANGED + NEW / 2],
    });
    console.log(planKillsLine(r));
    expect(r.seeded).toBe(EXISTING);
    expect(r.pages).toBeGreaterThanOrEqual(3);
    expect(r.killedWhileReading).toBe(true);
    // What the kill left on disk: the plan still "reading", the pages saved so far, no verdict yet.
    expect(r.left.state).toBe('reading');
    expect(r.verdicts).toBe(0);
    expect(r.cursor?.pages ?? 0).toBeGreaterThanOrEqual(1);
    // The app opens the folder again: the plan is interrupted, and resumes where it was.
    expect(r.stateOnOpen).toBe('interrupted');
    expect(r.plan.state).toBe('ready');
    expect(r.plan.counts).toMatchObject({
      create: NEW,
      update: CHANGED,
      unchanged: EXISTING - CHANGED,
      conflict: 0,
      missing: 0,
    });
    // Pages saved before the kill are not read again; at most the one in flight is.
    expect(r.after).not.toContain('0');
    expect(r.after[0]).toBe(String(r.cursor!.next_page));
    expect(r.before.length + r.after.length).toBeLessThanOrEqual(r.pages + 1);
    // A plan only reads.
    expect(r.onlyReads).toBe(true);

    // Its job, killed while it updates and while it creates.
    expect(r.jobKills).toBe(2);
    expect(r.code).toBe(0);
    const summary = r.summary!;
    expect(summary.state).toBe('completed');
    expect(summary.counts).toMatchObject({
      succeeded: NEW + CHANGED,
      skipped: EXISTING - CHANGED,
      failed: 0,
      in_doubt: 0,
    });
    expect(r.created.size).toBe(NEW);
    expect([...r.created.values()].every((n) => n === 1)).toBe(true); // nobody created twice
    expect(r.conflicts).toBe(0);
    expect(r.notRenamed).toEqual([]); // every change landed
    expect(r.finalMembers).toBe(r.members + NEW);
  }, 240_000);
});
