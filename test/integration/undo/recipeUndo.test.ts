// Undo of a recipe job against the real sandbox LMS, through dispatch (the entry point both transports
// and the CLI use), with the real keychain and a real SQLite file:
//  - a recipe that adds members to groups and enrols them (fanned out over listed values) reads each
//    step's target before writing it; its undo takes every step back in reverse order (a row's enrolments
//    before its groups), and the course and group member lists are as they were before the job;
//  - the built-in onboarding recipe: the member created and the invitation are listed per step as not
//    undone (Coursepath has no member delete; an invitation cannot be unsent), the enrolments and groups
//    are undone;
//  - a recipe job run before its steps were read (an older version) is refused, naming the job.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { datasetCellsAfter, getDataset } from '../../../src-main/db/datasets';
import type { LedgerEntry } from '../../../src-main/sandbox/index';
import type { SandboxState } from '../../../src-main/sandbox/state/types';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { csvLine } from '../../../src-shared/export/csv';
import { VALUE_COLUMN, type Recipe } from '../../../src-shared/recipes/types';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

/** Groups, then courses: the undo must unenrol a row before it takes it out of its groups. */
const GROUP_AND_ENROL: Recipe = {
  version: 1,
  id: 'test.groupAndEnrol',
  name: 'Group and enrol',
  api: 'coursepath',
  steps: [
    {
      id: 'groups',
      name: 'Add to groups',
      template: 'coursepath.groups.add',
      forEach: { column: 'Groups', separator: ';' },
      mapping: { fields: { memberId: col('Member'), name: col(VALUE_COLUMN) } },
    },
    {
      id: 'courses',
      name: 'Enrol in courses',
      template: 'coursepath.courses.enrol',
      forEach: { column: 'Courses', separator: ';' },
      mapping: { fields: { courseId: col(VALUE_COLUMN), memberId: col('Member') } },
    },
  ],
};

/** Every course's and group's members in the sandbox, as sorted `course:member` / `group:member` pairs. */
async function memberships(s: Services): Promise<{ courses: string[]; groups: string[] }> {
  const st = await sandboxState(s.sandbox!.url);
  return {
    courses: st.coursepath.courseMembers.map((m) => `${m.courseId}:${m.memberId}`).sort(),
    groups: st.coursepath.groups.flatMap((g) => g.memberIds.map((m) => `${g.name}:${m}`)).sort(),
  };
}

const lastSeq = (s: Services) => s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;
const isUnenrol = (e: LedgerEntry) => e.method === 'DELETE' && /\/coursemember$/.test(e.path);
const isUngroup = (e: LedgerEntry) =>
  e.method === 'DELETE' && /^\/api\/v1\/members\/\d+\/groups/.test(e.path);
const memberOf = (e: LedgerEntry) => /\/members\/(\d+)\//.exec(e.path)?.[1];

describe('undo of a recipe job against the sandbox', () => {
  const temp = useTempServices();

  it('groups and enrolments are undone in reverse step order; the LMS is as it was before the job', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const st = await sandboxState(s.sandbox!.url);
    const [c1, c2] = st.coursepath.courses;
    const inCourse = (c: { id: number }) =>
      new Set(st.coursepath.courseMembers.filter((m) => m.courseId === c.id).map((m) => m.memberId));
    const [in1, in2] = [inCourse(c1!), inCourse(c2!)];
    const learners = st.coursepath.members.filter((m) => m.role === 'learner');
    const fresh = learners.filter((m) => !in1.has(m.id) && !in2.has(m.id)).slice(0, 5);
    const already = learners.find((m) => in1.has(m.id))!;
    expect(fresh).toHaveLength(5);
    const before = await memberships(s);

    const rows = [
      ...fresh.map((m, i) => [
        String(m.id),
        i % 2 ? 'Recipe A' : 'Recipe A; Recipe B',
        i === 4 ? '' : `${c1!.id}; ${c2!.id}`,
      ]),
      [String(already.id), '', String(c1!.id)], // enrolled before the job: nothing to undo
    ];
    const datasetId = seedDataset(s.db, ['Member', 'Groups', 'Courses'], rows);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: GROUP_AND_ENROL,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { concurrency: 4 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).state).toBe('completed');
    expect((await memberships(s)).courses.length).toBe(before.courses.length + 8);

    // Each step's item read its own target before its write: the member's groups, the course membership.
    const items = await callOk(s, 'recipes.rows', { jobId: job.id, offset: 0, limit: 10, filter: 'all' });
    const row2 = items.items[0]!;
    const enrolItem = row2.steps[1]!.items[0]!;
    const attempts = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: enrolItem.id });
    expect(attempts.map((a) => a.kind)).toEqual(['prior', 'send']);
    expect(attempts[0]!.url).toContain(`/api/v1/courses/${c1!.id}/members/${fresh[0]!.id}/coursemember`);
    const groupAttempts = await callOk(s, 'jobs.attempts', {
      jobId: job.id,
      itemId: row2.steps[0]!.items[0]!.id,
    });
    expect(groupAttempts.map((a) => a.kind)).toEqual(['prior', 'send']);
    expect(groupAttempts[0]!.url).toContain(`/api/v1/members/${fresh[0]!.id}/groups`);

    // The plan, per step in the order the undo runs them: the enrolments first, then the groups.
    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(plan.steps?.map((st) => [st.step, st.name, st.inverse?.id])).toEqual([
      [1, 'Enrol in courses', 'coursepath.courses.unenrol'],
      [0, 'Add to groups', 'coursepath.groups.remove'],
    ]);
    expect(plan.steps![0]!.counts).toMatchObject({ undo: 8, unchanged: 1, cannot: 0 });
    expect(plan.steps![1]!.counts).toMatchObject({ undo: 8, unchanged: 0, cannot: 0 });
    expect(plan.counts).toMatchObject({ undo: 16, unchanged: 1, cannot: 0 });
    expect(plan.unchanged).toEqual([
      {
        rowNumber: 7,
        step: 1,
        key: expect.any(String),
        reason: 'the member was already enrolled before this job',
      },
    ]);
    expect(plan.confirmation).toMatch(/^REMOVE 8 course enrolments and REMOVE 8 group memberships on /);

    const since = lastSeq(s);
    const { job: undo } = await callOk(s, 'jobs.undo', {
      jobId: job.id,
      start: true,
      confirm: plan.confirmation!,
    });
    expect(undo?.undoOf).toBe(job.id);
    expect(undo?.recipe?.steps.map((st) => st.name)).toEqual([
      'Undo: Enrol in courses',
      'Undo: Add to groups',
    ]);
    expect(undo?.options.resend).toBe(true);
    const undone = await s.runner.whenSettled(undo!.id);
    expect(undone.state).toBe('completed');
    expect(undone.counts.succeeded).toBe(16);
    expect(await memberships(s)).toEqual(before);

    // Per member, every unenrolment left before the first removal from a group.
    const ledger = s.sandbox!.ledger.since(since);
    for (const m of fresh) {
      const id = String(m.id);
      const lastUnenrol = Math.max(
        ...ledger.filter((e) => isUnenrol(e) && memberOf(e) === id).map((e) => e.seq),
        0,
      );
      const firstUngroup = Math.min(
        ...ledger.filter((e) => isUngroup(e) && memberOf(e) === id).map((e) => e.seq),
      );
      expect(lastUnenrol, `member ${id}`).toBeLessThan(firstUngroup);
    }
    // The undo keeps the original rows' numbers.
    const undoRows = await callOk(s, 'recipes.rows', {
      jobId: undo!.id,
      offset: 0,
      limit: 10,
      filter: 'all',
    });
    expect(undoRows.items.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6]);
    // Row 6 enrolled in no course: its undo's step says so in the admin's words, not the derived column's.
    expect(undoRows.items[4]!.steps[0]!.items).toEqual([
      expect.objectContaining({
        status: 'skipped',
        note: `Nothing to undo for this row at "Enrol in courses" of job ${job.id.slice(0, 8)}: it was not sent (Nothing to do: "Courses" lists no values).`,
      }),
    ]);

    // Undone once: listed as already undone, nothing left to send.
    const again = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(again.counts.undo).toBe(0);
    expect(again.unchanged[0]!.reason).toBe(`already undone by job ${undo!.id.slice(0, 8)}`);
    // The undo job read its own targets before writing: it can be undone in turn.
    const redo = await callOk(s, 'jobs.undoPlan', { jobId: undo!.id });
    expect(redo.counts).toMatchObject({ undo: 16, cannot: 0 });
    // What was undone is no longer "already sent": the same recipe on the same file sends it again.
    const rerun = await callOk(s, 'recipes.preflight', {
      recipe: GROUP_AND_ENROL,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
    });
    expect(rerun.steps.map((st) => [st.counts.wouldSend, st.counts.alreadySent])).toEqual([
      [8, 0],
      [8, 1],
    ]);

    // The undo undone, its 16 items are in the LMS again: the original's undo names the job that put them
    // back instead of calling them "already undone".
    const { job: back } = await callOk(s, 'jobs.undo', { jobId: undo!.id, start: true });
    expect((await s.runner.whenSettled(back!.id)).counts.succeeded).toBe(16);
    const [u8, b8] = [undo!.id.slice(0, 8), back!.id.slice(0, 8)];
    const redone = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(redone.counts).toMatchObject({ undo: 0, cannot: 16 });
    expect(new Set(redone.cannot.map((c) => c.reason))).toEqual(
      new Set([
        `undone by job ${u8}, then put back by job ${b8} (the undo of that undo): it is in the LMS again; to take it back, undo job ${b8}`,
      ]),
    );
  }, 60_000);

  it('onboarding: the created member and the invitation are listed as not undone; enrolments and groups are', async () => {
    const s = await temp.open({ sandbox: { seed: 21 } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const titles = (await sandboxState(s.sandbox!.url)).coursepath.courses.map((c) => c.name);
    const before = await memberships(s);
    const rows = Array.from({ length: 4 }, (_, i) => [
      `undo${i}@onboard.test`,
      `Undo${i}`,
      'Lee',
      i === 3 ? '' : `${titles[i]}; ${titles[i + 1]}`,
      i % 2 ? 'Sales' : '',
    ]);
    const datasetId = seedDataset(s.db, ['Email', 'First name', 'Last name', 'Courses', 'Groups'], rows);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: ONBOARD_LEARNERS,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: {},
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.failed).toBe(0);

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    // Every step, last first; those that cannot be undone say why.
    expect(
      plan.steps?.map((st) => [st.name, st.inverse?.id ?? null, st.counts.undo, st.counts.cannot]),
    ).toEqual([
      ['Send the invitation', null, 0, 4],
      ['Add to groups', 'coursepath.groups.remove', 2, 0],
      ['Enrol in courses', 'coursepath.courses.unenrol', 6, 0],
      ['Create member', null, 0, 4],
    ]);
    expect(plan.steps![0]!.irreversible).toBe('An invitation cannot be unsent: the email has gone.');
    expect(plan.steps![3]!.irreversible).toBe(
      'Coursepath has no member delete: a member, once created, stays in the academy.',
    );
    expect(plan.cannot.filter((r) => r.step === 0).map((r) => r.rowNumber)).toEqual([2, 3, 4, 5]);

    const { job: undo } = await callOk(s, 'jobs.undo', {
      jobId: job.id,
      start: true,
      confirm: plan.confirmation!,
    });
    expect(undo?.recipe?.steps.map((st) => st.name)).toEqual([
      'Undo: Add to groups',
      'Undo: Enrol in courses',
    ]);
    expect((await s.runner.whenSettled(undo!.id)).counts).toMatchObject({ succeeded: 8, failed: 0 });
    // The members stay (no member delete); their enrolments and groups are gone.
    expect(await memberships(s)).toEqual(before);
    const members = (await sandboxState(s.sandbox!.url)).coursepath.members.map((m) => m.email);
    expect(members).toEqual(expect.arrayContaining(rows.map((r) => r[0])));
  }, 60_000);

  it('a step with nothing to undo is left out of the undo recipe and of its dataset, whose digest is of its rows', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    // Members enrolled before the job: the enrolment step has nothing to undo, the group step has.
    const enrolled = st.coursepath.courseMembers
      .filter((m) => m.courseId === course.id)
      .slice(0, 3)
      .map((m) => String(m.memberId));
    expect(enrolled).toHaveLength(3);
    const datasetId = seedDataset(
      s.db,
      ['Member', 'Groups', 'Courses'],
      enrolled.map((m, i) => [m, i === 1 ? 'Recipe A; Recipe B' : 'Recipe A', String(course.id)]),
    );
    const job = await callOk(s, 'recipes.createJob', {
      recipe: GROUP_AND_ENROL,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: {},
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.failed).toBe(0);

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(plan.steps?.map((st) => [st.name, st.counts.undo, st.counts.unchanged])).toEqual([
      ['Enrol in courses', 0, 3],
      ['Add to groups', 4, 0],
    ]);
    const made = await callOk(s, 'jobs.undo', { jobId: job.id });
    expect(made.plan.counts).toEqual(plan.counts);
    const undo = made.job!;
    expect(undo.recipe?.steps.map((st) => st.name)).toEqual(['Undo: Add to groups']);
    const ds = getDataset(s.db, undo.datasetId)!;
    expect(ds.columns).toEqual(['groups: memberId', 'groups: name']);
    const rows = datasetCellsAfter(s.db, undo.datasetId, 0, 100);
    expect(rows.map((r) => [r.rowNumber, ...r.cells])).toEqual([
      [2, enrolled[0], 'Recipe A'],
      [3, enrolled[1], 'Recipe A; Recipe B'],
      [4, enrolled[2], 'Recipe A'],
    ]);
    const csv = [
      csvLine(['Row', ...ds.columns]),
      ...rows.map((r) => csvLine([r.rowNumber, ...r.cells])),
    ].join('');
    expect(ds.sha256).toBe(createHash('sha256').update(csv, 'utf8').digest('hex'));
    expect(ds.sizeBytes).toBe(Buffer.byteLength(csv, 'utf8'));
    // Each undo item names the original item it takes back.
    const taken = s.db
      .prepare('SELECT undoes_item FROM job_items WHERE job_id = ? ORDER BY id')
      .pluck()
      .all(undo.id) as number[];
    const groupItems = s.db
      .prepare('SELECT id FROM job_items WHERE job_id = ? AND step = 0 ORDER BY id')
      .pluck()
      .all(job.id) as number[];
    expect(taken).toEqual(groupItems);
  }, 60_000);

  it('a recipe job run before its steps were read is refused, naming the job', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const st = await sandboxState(s.sandbox!.url);
    const member = st.coursepath.members.find((m) => m.role === 'learner')!;
    const datasetId = seedDataset(s.db, ['Member', 'Groups', 'Courses'], [[String(member.id), 'Old', '']]);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: GROUP_AND_ENROL,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: {},
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);
    // As an older version left it: no step read before its write.
    s.db.prepare('UPDATE jobs SET reads_per_step = 0 WHERE id = ?').run(job.id);
    s.db.prepare(`DELETE FROM attempts WHERE kind = 'prior'`).run();

    for (const method of ['jobs.undoPlan', 'jobs.undo'] as const) {
      const r = await s.dispatch(method, { jobId: job.id });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('CONFLICT');
        expect(r.error.message).toBe(
          `Job ${job.id} ("Group and enrol") cannot be undone: it ran on a version of Bulk Desk that did not read each step's target before writing it, ` +
            'so what to put back is not known and is not guessed. Undo its steps with jobs of their opposite calls (e.g. "Coursepath: remove from group" for step 1 "Add to groups").',
        );
      }
    }
    expect((await callOk(s, 'jobs.list', {})).length).toBe(1); // nothing made
  }, 60_000);

  it('a membership removed since the job: its undo finds it gone and goes on to the row\'s earlier steps', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    const enrolled = new Set(st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId));
    const member = st.coursepath.members.find((m) => m.role === 'learner' && !enrolled.has(m.id))!;
    const before = await memberships(s);
    // Enrol, then group: the undo takes the group back first, then the enrolment.
    const recipe: Recipe = { ...GROUP_AND_ENROL, id: 'test.enrolAndGroup', steps: [...GROUP_AND_ENROL.steps].reverse() };
    const datasetId = seedDataset(s.db, ['Member', 'Groups', 'Courses'], [[String(member.id), 'Recipe A', String(course.id)]]);
    const job = await callOk(s, 'recipes.createJob', { recipe, datasetId, connectionId: SANDBOX_COURSEPATH_ID, options: {} });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(2);

    // Someone takes the member out of the group since (here another job).
    const removal = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['member', 'group'], [[String(member.id), 'Recipe A']]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.groups.remove',
      mapping: { fields: { memberId: col('member'), name: col('group') } },
      options: {},
    });
    await callOk(s, 'jobs.start', { jobId: removal.id, confirm: 'REMOVE 1 group membership on Sandbox · Coursepath' });
    expect((await s.runner.whenSettled(removal.id)).counts.succeeded).toBe(1);

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(undo!.id);
    // The group's removal found it gone (the state before the job): not a failure that blocks the enrolment's undo.
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 0 });
    expect((await memberships(s)).courses).toEqual(before.courses);
    const rows = await callOk(s, 'recipes.rows', { jobId: undo!.id, offset: 0, limit: 10, filter: 'all' });
    const groupItem = rows.items[0]!.steps[0]!.items[0]!;
    expect(groupItem.note).toMatch(/^Nothing left to take back: the LMS answered "HTTP 404: .*", and the read just before this undo found .* already gone \(removed since the job it undoes\)\.$/);
  });

  it("an enrolment the learner has results in since is not removed, and the row's earlier step stays with it", async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    const enrolled = new Set(st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId));
    const [a, b] = st.coursepath.members.filter((m) => m.role === 'learner' && !enrolled.has(m.id));
    const datasetId = seedDataset(
      s.db,
      ['Member', 'Groups', 'Courses'],
      [a!, b!].map((m) => [String(m.id), 'Recipe A', String(course.id)]),
    );
    const job = await callOk(s, 'recipes.createJob', { recipe: GROUP_AND_ENROL, datasetId, connectionId: SANDBOX_COURSEPATH_ID, options: {} });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(4);

    // Learner b works through part of the course (no admin call does that: the sandbox's state is moved
    // as the learner's player would move it).
    const state = (s.sandbox as unknown as { state: SandboxState }).state;
    state.coursepath.courseMembers.get(`${course.id}:${b!.id}`)!.progress = 25;

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    const { job: undo } = await callOk(s, 'jobs.undo', { jobId: job.id, start: true, confirm: plan.confirmation! });
    await s.runner.whenSettled(undo!.id);
    const after = await sandboxState(s.sandbox!.url);
    const inCourse = (id: number) => after.coursepath.courseMembers.some((m) => m.courseId === course.id && m.memberId === id);
    const inGroup = (id: number) => after.coursepath.groups.some((g) => g.name === 'Recipe A' && g.memberIds.includes(id));
    expect([inCourse(a!.id), inGroup(a!.id)]).toEqual([false, false]); // a: both steps undone
    expect([inCourse(b!.id), inGroup(b!.id)]).toEqual([true, true]); // b: left as the learner has it
    const rows = await callOk(s, 'recipes.rows', { jobId: undo!.id, offset: 0, limit: 10, filter: 'all' });
    const rowB = rows.items.find((r) => r.rowNumber === 3)!;
    const [courseStep, groupStep] = rowB.steps.map((st) => st.items[0]!);
    expect(courseStep!.status).toBe('failed');
    expect(courseStep!.error).toMatch(/^Not undone: the member has learning results in the course since this job enrolled them \(.*progress 25\)/);
    expect(groupStep!.status).toBe('blocked');
  });
});
