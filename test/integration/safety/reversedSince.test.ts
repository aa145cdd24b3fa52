// "Already sent" is about the LMS as the row left it: a member enrolled by one job and removed from the
// course by a later one is not enrolled, so enrolling them again (a re-hire onboarded again after being
// offboarded) is sent, not skipped as "already sent". Where the removal was itself undone, the enrolment
// stands again and stays "already sent". The same for a recipe's steps. Real sandbox LMS, real SQLite
// file, real keychain, through dispatch.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import type { Recipe } from '../../../src-shared/recipes/types';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });
const mapping = { fields: { courseId: col('course'), memberId: col('member') } };

async function setUp(s: Services) {
  const st = await sandboxState(s.sandbox!.url);
  const course = st.coursepath.courses[0]!;
  const enrolled = new Set(
    st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId),
  );
  const member = st.coursepath.members.find((m) => m.role === 'learner' && !enrolled.has(m.id))!;
  const datasetId = seedDataset(s.db, ['course', 'member'], [[String(course.id), String(member.id)]]);
  const isEnrolled = async () =>
    (await sandboxState(s.sandbox!.url)).coursepath.courseMembers.some(
      (m) => m.courseId === course.id && m.memberId === member.id,
    );
  return { datasetId, isEnrolled };
}

async function run(s: Services, datasetId: string, templateId: string, confirm?: string) {
  const job = await callOk(s, 'jobs.create', {
    datasetId,
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId,
    mapping,
    options: {},
  });
  await callOk(s, 'jobs.start', { jobId: job.id, ...(confirm ? { confirm } : {}) });
  const done = await s.runner.whenSettled(job.id);
  return { id: job.id, counts: done.counts };
}

describe('already sent, then reversed', () => {
  const temp = useTempServices();

  it('an enrolment removed since by another job is sent again; once that removal is undone, it is already sent again', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const { datasetId, isEnrolled } = await setUp(s);
    const enrol = {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping,
      options: {},
    };
    expect((await run(s, datasetId, 'coursepath.courses.enrol')).counts.succeeded).toBe(1);
    expect((await callOk(s, 'jobs.preflight', enrol)).counts).toMatchObject({ wouldSend: 0, alreadySent: 1 });

    const removal = await run(
      s,
      datasetId,
      'coursepath.courses.unenrol',
      'REMOVE 1 course enrolment on Sandbox · Coursepath',
    );
    expect(removal.counts.succeeded).toBe(1);
    expect(await isEnrolled()).toBe(false);
    // Onboarded again: the enrolment the first job made is gone, so it is sent.
    expect((await callOk(s, 'jobs.preflight', enrol)).counts).toMatchObject({ wouldSend: 1, alreadySent: 0 });

    // The removal undone: enrolled again by that undo, so the enrolment is "already sent" once more.
    const plan = await callOk(s, 'jobs.undoPlan', { jobId: removal.id });
    const { job: undo } = await callOk(s, 'jobs.undo', {
      jobId: removal.id,
      start: true,
      confirm: plan.confirmation ?? undefined,
    });
    expect((await s.runner.whenSettled(undo!.id)).counts.succeeded).toBe(1);
    expect(await isEnrolled()).toBe(true);
    expect((await callOk(s, 'jobs.preflight', enrol)).counts).toMatchObject({ wouldSend: 0, alreadySent: 1 });
  });

  it("a recipe's enrolment step removed since is sent again by the same recipe", async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const { datasetId, isEnrolled } = await setUp(s);
    const recipe: Recipe = {
      version: 1,
      id: 'test.enrol',
      name: 'Enrol',
      api: 'coursepath',
      steps: [{ id: 'enrol', name: 'Enrol', template: 'coursepath.courses.enrol', mapping }],
    };
    const runRecipe = async () => {
      const job = await callOk(s, 'recipes.createJob', {
        recipe,
        datasetId,
        connectionId: SANDBOX_COURSEPATH_ID,
        options: {},
      });
      await callOk(s, 'jobs.start', { jobId: job.id });
      return (await s.runner.whenSettled(job.id)).counts;
    };
    expect(await runRecipe()).toMatchObject({ succeeded: 1, skipped: 0 });
    expect(await runRecipe()).toMatchObject({ succeeded: 0, skipped: 1 }); // already sent
    await run(
      s,
      datasetId,
      'coursepath.courses.unenrol',
      'REMOVE 1 course enrolment on Sandbox · Coursepath',
    );
    expect(await isEnrolled()).toBe(false);
    expect(await runRecipe()).toMatchObject({ succeeded: 1, skipped: 0 });
    expect(await isEnrolled()).toBe(true);
  });

  it('a job made while the enrolment stood, started after it was removed: the row is sent', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const { datasetId, isEnrolled } = await setUp(s);
    expect((await run(s, datasetId, 'coursepath.courses.enrol')).counts.succeeded).toBe(1);
    // Made now, its row is "already sent" by the first job.
    const later = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping,
      options: {},
    });
    expect(later.counts).toMatchObject({ pending: 0, skipped: 1 });
    // Offboarded before it starts: the enrolment it was skipped for is gone.
    await run(s, datasetId, 'coursepath.courses.unenrol', 'REMOVE 1 course enrolment on Sandbox · Coursepath');
    expect(await isEnrolled()).toBe(false);
    await callOk(s, 'jobs.start', { jobId: later.id });
    const done = await s.runner.whenSettled(later.id);
    expect(done.counts).toMatchObject({ succeeded: 1, skipped: 0 });
    expect(await isEnrolled()).toBe(true);
  });
});
