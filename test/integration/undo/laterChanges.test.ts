// Undo does not overwrite what changed after the job it undoes. A job sets a member's company; later
// someone (here: a second job) sets it again; undoing the first job used to write the company from before
// it, silently throwing the later change away. Now the undo job compares its read just before each write
// with what the job wrote there, and leaves a moved target as it is, saying what moved. The same for an
// enrolment the learner has since made progress in: removing it would delete their results.
// Real sandbox LMS, real SQLite file, real keychain, through dispatch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import type { SandboxState } from '../../../src-main/sandbox/state/types';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

async function importCsv(s: Services, dir: string, name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return callOk(s, 'datasets.import', { source: { kind: 'path', path } });
}

async function runToEnd(s: Services, jobId: string, confirm?: string) {
  await callOk(s, 'jobs.start', { jobId, ...(confirm ? { confirm } : {}) });
  return s.runner.whenSettled(jobId);
}

async function itemsOf(s: Services, jobId: string) {
  return (await callOk(s, 'jobs.items', { jobId, offset: 0, limit: 100 })).items;
}

/**
 * A job setting members' companies, run to the end. `resend`: a member's row key is their id, so a
 * second update of them counts as "already sent" without it.
 */
async function updateCompanies(
  s: Services,
  dir: string,
  file: string,
  rows: [number, string][],
  resend = false,
) {
  const ds = await importCsv(s, dir, file, `member,company\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  const job = await callOk(s, 'jobs.create', {
    datasetId: ds.id,
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId: 'coursepath.members.update',
    mapping: { fields: { memberId: col('member'), company: col('company') } },
    options: { resend },
  });
  const n = rows.length;
  const phrase = `OVERWRITE ${n} member profile${n === 1 ? '' : 's'} on Sandbox · Coursepath`;
  expect((await runToEnd(s, job.id, phrase)).counts.succeeded).toBe(n);
  return job.id;
}

describe('undo leaves a later change as it is', () => {
  const temp = useTempServices();

  it('a company changed after the job is not put back; the other rows are', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const members = (await sandboxState(s.sandbox!.url)).coursepath.members
      .filter((m) => m.role === 'learner')
      .slice(0, 3);
    const companyOf = async (id: number) =>
      (await sandboxState(s.sandbox!.url)).coursepath.members.find((m) => m.id === id)!.company;
    const before = await Promise.all(members.map((m) => companyOf(m.id)));
    const first = await updateCompanies(
      s,
      temp.dir,
      'first.csv',
      members.map((m) => [m.id, 'Job Co']),
    );
    // Later, the second member's company is set again (by another job here; by hand, in the LMS, alike).
    await updateCompanies(s, temp.dir, 'later.csv', [[members[1]!.id, 'Later Co']], true);

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: first });
    expect(plan.counts.undo).toBe(3);
    const { job: undo } = await callOk(s, 'jobs.undo', {
      jobId: first,
      start: true,
      confirm: plan.confirmation!,
    });
    const done = await s.runner.whenSettled(undo!.id);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 1 });
    expect(await companyOf(members[0]!.id)).toBe(before[0]);
    expect(await companyOf(members[1]!.id)).toBe('Later Co'); // not thrown away
    expect(await companyOf(members[2]!.id)).toBe(before[2]);

    const failed = (await itemsOf(s, undo!.id)).filter((i) => i.status === 'failed');
    expect(failed.map((i) => i.rowNumber)).toEqual([3]);
    expect(failed[0]!.error).toBe(
      `Not undone: the member's company is "Later Co" in the LMS now; this job wrote "Job Co". ` +
        'Undoing this row would overwrite that change, so it was left as it is. ' +
        `To undo it anyway, export this job's failed rows and send them with "Coursepath: update member".`,
    );
  });

  it('many rows changed since do not trip the failure breaker: leaving them as they are is the undo working', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const members = (await sandboxState(s.sandbox!.url)).coursepath.members
      .filter((m) => m.role === 'learner')
      .slice(0, 24);
    expect(members).toHaveLength(24);
    const first = await updateCompanies(
      s,
      temp.dir,
      'first.csv',
      members.map((m) => [m.id, 'Job Co']),
    );
    await updateCompanies(
      s,
      temp.dir,
      'later.csv',
      members.slice(2).map((m) => [m.id, 'Later Co']),
      true,
    );

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: first });
    const { job: undo } = await callOk(s, 'jobs.undo', {
      jobId: first,
      start: true,
      confirm: plan.confirmation!,
    });
    const done = await s.runner.whenSettled(undo!.id);
    expect(done.state).toBe('completed'); // not paused by "more than 20 of the last 50 rows failed"
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 22 });
  });

  it('an enrolment the learner has made progress in since is not removed; the untouched ones are', async () => {
    const s = await temp.open({ sandbox: { seed: 7, coassembleLimit: null } });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    const enrolled = new Set(
      st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId),
    );
    const fresh = st.coursepath.members
      .filter((m) => m.role === 'learner' && !enrolled.has(m.id))
      .slice(0, 3);
    const ds = await importCsv(
      s,
      temp.dir,
      'enrol.csv',
      `course,member\n${fresh.map((m) => `${course.id},${m.id}`).join('\n')}\n`,
    );
    const job = await callOk(s, 'jobs.create', {
      datasetId: ds.id,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping: { fields: { courseId: col('course'), memberId: col('member') } },
    });
    expect((await runToEnd(s, job.id)).counts.succeeded).toBe(3);

    // The second learner opens the course and gets through part of it. No admin call does that: the
    // test moves the sandbox's state as the learner's player would.
    const state = (s.sandbox as unknown as { state: SandboxState }).state;
    const result = state.coursepath.courseMembers.get(`${course.id}:${fresh[1]!.id}`)!;
    result.started = new Date().toISOString();
    result.progress = 40;

    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    const { job: undo } = await callOk(s, 'jobs.undo', {
      jobId: job.id,
      start: true,
      confirm: plan.confirmation!,
    });
    const done = await s.runner.whenSettled(undo!.id);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 1 });
    const after = (await sandboxState(s.sandbox!.url)).coursepath.courseMembers.filter(
      (m) => m.courseId === course.id,
    );
    expect(
      after.filter((m) => fresh.some((f) => f.id === m.memberId)).map((m) => [m.memberId, m.progress]),
    ).toEqual([[fresh[1]!.id, 40]]);
    const failed = (await itemsOf(s, undo!.id)).filter((i) => i.status === 'failed');
    expect(failed.map((i) => i.rowNumber)).toEqual([3]);
    expect(failed[0]!.error).toMatch(
      /^Not undone: the member has learning results in the course since this job enrolled them \(status [a-z_]+, progress 40\)\. Undoing this row would delete those results/,
    );
  });
});
