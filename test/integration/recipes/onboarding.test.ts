// The built-in Coursepath "Onboard learners" recipe against the sandbox (issue 18's "Done when"): 200 new
// hires, some with two courses, some with none, some with a course title the academy does not have. Each
// member is created once, enrolled in exactly their listed courses, added to their groups and invited once;
// a row with an unknown title stops at its enrolment step with the reason and its later steps blocked; once
// the title is fixed, "rerun failed rows" completes those rows without creating anyone twice. A second run
// over members an earlier job onboarded sends only what is new: "already sent" is per step.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import type { LedgerEntry } from '../../../src-main/sandbox/index';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

/** The sandbox ledger's last entry so far (what a test sent after it is `since` it). */
const lastSeq = (s: Services) => s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;

const COLUMNS = ['Email', 'First name', 'Last name', 'Courses', 'Groups'];
const UNKNOWN = 'Underwater Basket Weaving';

const isCreate = (e: LedgerEntry) => e.method === 'POST' && e.path === '/api/v1/members';
const inviteOf = (e: LedgerEntry) =>
  e.method === 'POST' && e.status === 200
    ? /^\/api\/v1\/members\/(\d+)\/invite$/.exec(e.path)?.[1]
    : undefined;
const isEnrol = (e: LedgerEntry) => e.method === 'POST' && /\/coursemember$/.test(e.path);

function count<K>(keys: readonly K[]): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

async function syncCatalog(s: Services) {
  await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
  expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
}

describe('the built-in onboarding recipe against the sandbox', () => {
  const temp = useTempServices();

  it('200 hires: created once, enrolled in exactly their courses, in their groups, invited once; unknown titles stop and resume after the fix', async () => {
    const s = await temp.open({ sandbox: { seed: 21 } });
    await syncCatalog(s);
    const titles = (await sandboxState(s.sandbox!.url)).coursepath.courses.map((c) => c.name);
    const groupsOf = (i: number) => (i % 3 === 0 ? ['Sales'] : i % 3 === 1 ? ['Support', 'New hires'] : []);
    const coursesOf = (i: number): string[] =>
      i % 20 === 7
        ? [titles[0]!, UNKNOWN]
        : i % 4 === 0
          ? []
          : i % 4 === 2
            ? [titles[i % titles.length]!, titles[(i + 3) % titles.length]!]
            : [titles[i % titles.length]!];
    const rows = Array.from({ length: 200 }, (_, i) => [
      `hire${i}@onboard.test`,
      `Hire${i}`,
      'Lee',
      // Spacing and case as admins type them: the catalog lookup ignores both.
      coursesOf(i)
        .map((t, k) => (k === 1 && t !== UNKNOWN ? ` ${t.toLowerCase()}` : t))
        .join(';'),
      groupsOf(i).join('; '),
    ]);
    const datasetId = seedDataset(s.db, COLUMNS, rows);
    const run = { recipe: ONBOARD_LEARNERS, datasetId, connectionId: SANDBOX_COURSEPATH_ID };

    // Before anything is sent: per-step counts, and the unknown titles named with row and step.
    const plan = await callOk(s, 'recipes.preflight', run);
    const broken = rows.filter((_, i) => i % 20 === 7).length; // 10 rows
    expect(plan.issues.filter((i) => i.level === 'error')).toEqual([]);
    expect(plan.steps.map((st) => st.counts.items)).toEqual([
      200,
      rows.reduce((n, _, i) => n + Math.max(1, coursesOf(i).length), 0),
      rows.reduce((n, _, i) => n + Math.max(1, groupsOf(i).length), 0),
      200,
    ]);
    expect(plan.steps[1]!.counts.invalid).toBe(broken);
    expect(plan.steps[1]!.counts.notApplicable).toBe(rows.filter((_, i) => coursesOf(i).length === 0).length);
    expect(plan.invalid[0]).toEqual({
      rowNumber: 9, // i = 7 is spreadsheet row 9
      step: 1,
      value: UNKNOWN,
      message: expect.stringMatching(
        /^Row 9, step 2 "Enrol in courses" \(Underwater Basket Weaving\): Course ID: "Underwater Basket Weaving" is not a course title in the Sandbox · Coursepath catalog/,
      ),
    });
    expect(plan.confirmation).toBeNull(); // nothing destructive

    const before = lastSeq(s);
    const job = await callOk(s, 'recipes.createJob', { ...run, options: { concurrency: 8 } });
    expect(job.templateId).toBe('recipe:coursepath.onboard');
    expect(job.recipe?.steps.map((st) => st.id)).toEqual(['member', 'courses', 'groups', 'invite']);
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');

    const ledger = s.sandbox!.ledger.since(before);
    const state = await sandboxState(s.sandbox!.url);
    const memberId = new Map(state.coursepath.members.map((m) => [m.email, m.id]));
    const courseId = new Map(state.coursepath.courses.map((c) => [c.name, c.id]));
    // Every member created exactly once.
    const created = count(
      ledger.filter((e) => isCreate(e) && e.status === 201).map((e) => (e.body as { email: string }).email),
    );
    expect(created.size).toBe(200);
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    const invites = count(ledger.flatMap((e) => inviteOf(e) ?? []));
    for (let i = 0; i < 200; i++) {
      const id = memberId.get(`hire${i}@onboard.test`)!;
      const enrolled = state.coursepath.courseMembers
        .filter((cm) => cm.memberId === id)
        .map((cm) => cm.courseId)
        .sort();
      const groups = state.coursepath.groups
        .filter((g) => g.memberIds.includes(id))
        .map((g) => g.name)
        .sort();
      const known = coursesOf(i).filter((t) => t !== UNKNOWN);
      expect(enrolled, `row ${i + 2}`).toEqual(known.map((t) => courseId.get(t)!).sort());
      if (i % 20 === 7) {
        // Stopped at the enrolment step: no groups, no invitation.
        expect(groups, `row ${i + 2}`).toEqual([]);
        expect(invites.get(String(id)) ?? 0, `row ${i + 2}`).toBe(0);
      } else {
        expect(groups, `row ${i + 2}`).toEqual([...groupsOf(i)].sort());
        expect(invites.get(String(id)), `row ${i + 2}`).toBe(1);
      }
    }
    expect(done.counts.failed).toBe(broken);
    expect(done.recipe!.steps[2]!.counts.blocked + done.recipe!.steps[3]!.counts.blocked).toBe(
      // Their groups and invitation; a row with no groups has nothing to block there (not applicable).
      rows.reduce((n, _, i) => n + (i % 20 === 7 ? groupsOf(i).length + 1 : 0), 0),
    );

    // History: the broken rows with their steps, the reason and what it blocked.
    const problems = await callOk(s, 'recipes.rows', {
      jobId: job.id,
      offset: 0,
      limit: 100,
      filter: 'problems',
    });
    expect(problems.total).toBe(broken);
    const row9 = problems.items[0]!;
    expect(row9.rowNumber).toBe(9);
    expect(row9.outcome).toBe('failed');
    expect(row9.steps.map((st) => st.items.map((it) => it.status))).toEqual([
      ['succeeded'],
      ['succeeded', 'failed'],
      ['blocked', 'blocked'],
      ['blocked'],
    ]);
    expect(row9.steps[1]!.items[1]!.error).toMatch(/"Underwater Basket Weaving" is not a course title/);
    expect(row9.steps[3]!.items[0]!.error).toMatch(
      /^Not sent: step 2 "Enrol in courses" failed for this row \(Underwater Basket Weaving\): Row 9, step 2/,
    );
    expect(row9.steps[0]!.items[0]!.captured).toEqual({
      'Member ID': String(memberId.get('hire7@onboard.test')),
    });

    // The admin fixes the titles in the file, then reruns the failed rows: from the failed step on.
    for (let i = 7; i < 200; i += 20)
      await callOk(s, 'datasets.updateCell', {
        datasetId,
        rowNumber: i + 2,
        column: 'Courses',
        value: `${titles[0]}; ${titles[5]}`,
      });
    const fixFrom = lastSeq(s);
    await callOk(s, 'jobs.retryFailed', { jobId: job.id });
    const fixed = await s.runner.whenSettled(job.id);
    expect(fixed.state).toBe('completed');
    expect(fixed.counts).toMatchObject({ failed: 0, blocked: 0, waiting: 0, pending: 0, in_doubt: 0 });
    const after = s.sandbox!.ledger.since(fixFrom);
    expect(after.filter(isCreate)).toEqual([]); // nobody created again
    const state2 = await sandboxState(s.sandbox!.url);
    const allInvites = count(s.sandbox!.ledger.since(before).flatMap((e) => inviteOf(e) ?? []));
    for (let i = 7; i < 200; i += 20) {
      const id = memberId.get(`hire${i}@onboard.test`)!;
      const enrolled = state2.coursepath.courseMembers
        .filter((cm) => cm.memberId === id)
        .map((cm) => cm.courseId)
        .sort();
      expect(enrolled).toEqual([courseId.get(titles[0]!)!, courseId.get(titles[5]!)!].sort());
      expect(
        state2.coursepath.groups
          .filter((g) => g.memberIds.includes(id))
          .map((g) => g.name)
          .sort(),
      ).toEqual([...groupsOf(i)].sort());
      expect(allInvites.get(String(id))).toBe(1);
    }
    // Only the fixed enrolment (the first course was enrolled the first time), the groups and the invitation went.
    expect(after.filter(isEnrol)).toHaveLength(broken);
    // Undo takes the steps back, the last first; the members created and the invitations sent stay.
    const undo = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(undo.steps?.map((st) => [st.name, st.inverse?.id ?? null])).toEqual([
      ['Send the invitation', null],
      ['Add to groups', 'coursepath.groups.remove'],
      ['Enrol in courses', 'coursepath.courses.unenrol'],
      ['Create member', null],
    ]);
    expect(undo.steps![3]!.counts.cannot).toBe(200);
  }, 120_000);

  it('already sent is per step: a member an earlier job onboarded gets only their new course', async () => {
    const s = await temp.open({ sandbox: { seed: 22 } });
    await syncCatalog(s);
    const titles = (await sandboxState(s.sandbox!.url)).coursepath.courses.map((c) => c.name);
    const first = seedDataset(s.db, COLUMNS, [
      ['ann@onboard.test', 'Ann', 'Lee', titles[0]!, 'Sales'],
      ['bob@onboard.test', 'Bob', 'Ray', '', ''],
    ]);
    const job1 = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId: first,
      connectionId: SANDBOX_COURSEPATH_ID,
    });
    await callOk(s, 'jobs.start', { jobId: job1.id });
    expect((await s.runner.whenSettled(job1.id)).counts.succeeded).toBe(6);
    // It said so as it started: its items to send, those waiting for an earlier step too (it said "2 rows").
    expect((await callOk(s, 'jobs.events', { jobId: job1.id }))[0]!.message).toMatch(
      /^Started: 6 items to send over 2 rows, /,
    );

    // The next file: Ann again with a second course; Bob again as he was; and Ann twice (a repeat in the file).
    const second = seedDataset(s.db, COLUMNS, [
      ['ann@onboard.test', 'Ann', 'Lee', `${titles[0]}; ${titles[1]}`, 'Sales'],
      ['BOB@onboard.test', 'Bob', 'Ray', '', ''],
      ['ann@onboard.test', 'Ann', 'Lee', titles[1]!, ''],
    ]);
    const run = { recipe: ONBOARD_LEARNERS, datasetId: second, connectionId: SANDBOX_COURSEPATH_ID };
    const plan = await callOk(s, 'recipes.preflight', run);
    expect(plan.steps[0]!.counts).toMatchObject({ items: 3, alreadySent: 3, duplicate: 0, wouldSend: 0 });
    const before = lastSeq(s);
    const job2 = await callOk(s, 'recipes.createJob', run);
    await callOk(s, 'jobs.start', { jobId: job2.id });
    const done = await s.runner.whenSettled(job2.id);
    expect(done.state).toBe('completed');
    expect(done.counts.failed + done.counts.blocked).toBe(0);
    const sent = s.sandbox!.ledger.since(before).filter((e) => e.method !== 'GET');
    // Only Ann's new course was sent: no create, no group, no second invitation.
    expect(sent.map((e) => e.path)).toEqual([expect.stringMatching(/\/coursemember$/)]);
    const rows = await callOk(s, 'recipes.rows', { jobId: job2.id, offset: 0, limit: 10 });
    const ann = rows.items[0]!;
    expect(
      ann.steps.map((st) => st.items.map((it) => `${it.status}${it.skipReason ? `:${it.skipReason}` : ''}`)),
    ).toEqual([
      ['skipped:alreadySent'],
      ['skipped:alreadySent', 'succeeded'],
      ['skipped:alreadySent'],
      ['skipped:alreadySent'],
    ]);
    // The skipped step still gave the later steps the member id its earlier send captured.
    expect(ann.steps[0]!.items[0]!.captured).toEqual(rows.items[0]!.steps[0]!.items[0]!.captured);
    // Ann again in the same file: her second course is a repeat of row 2's (sent by this job), so not sent twice.
    const annAgain = rows.items[2]!;
    expect(annAgain.steps[0]!.items[0]).toMatchObject({ status: 'skipped', skipReason: 'alreadySent' });
    expect(annAgain.steps[1]!.items[0]).toMatchObject({ status: 'skipped', skipReason: 'duplicate' });
    expect(annAgain.steps[1]!.items[0]!.captured).toBeNull(); // an enrolment captures nothing
  }, 60_000);
});
