// The phrase a hint tells the admin to paste (`jobs resume <id> --confirm "…"`, startConfirmation.ts
// resumePhrase) counts the rows that resume will send — after the start skips rows sent elsewhere since
// the job was made and puts back rows whose earlier send was taken back — or the pasted hint is refused.
// Real sandbox LMS, real SQLite file, real keychain, through dispatch.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { getJob } from '../../../src-main/db/jobs';
import { resumePhrase } from '../../../src-main/runner/startConfirmation';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const col = (column: string) => ({ kind: 'column' as const, column });

async function removalJob(s: Services, courseId: number, memberIds: number[]) {
  const ds = seedDataset(
    s.db,
    ['course', 'member'],
    memberIds.map((m) => [String(courseId), String(m)]),
  );
  return callOk(s, 'jobs.create', {
    datasetId: ds,
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId: 'coursepath.courses.unenrol',
    mapping: { fields: { courseId: col('course'), memberId: col('member') } },
    options: { rateLimit: null },
  });
}

/** Starts a destructive job with the phrase its first start asks for. */
async function runConfirmed(s: Services, jobId: string) {
  const asked = await s.dispatch('jobs.start', { jobId });
  if (asked.ok) throw new Error('a removal started without its phrase');
  await callOk(s, 'jobs.start', { jobId, confirm: String(asked.error.details?.phrase) });
  return (await s.runner.whenSettled(jobId)).counts;
}

describe('the resume phrase counts the rows the resume will send', () => {
  const temp = useTempServices();

  it('a cancelled removal of 3 enrolments, one removed by another job since: the phrase says 2, and works pasted', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    const members = st.coursepath.courseMembers.filter((m) => m.courseId === course.id).slice(0, 3);
    expect(members).toHaveLength(3);
    const ids = members.map((m) => m.memberId);

    const job = await removalJob(s, course.id, ids);
    await callOk(s, 'jobs.cancel', { jobId: job.id });
    // Since: another job removes the first member. Resuming the cancelled job skips that row.
    const other = await removalJob(s, course.id, [ids[0]!]);
    expect((await runConfirmed(s, other.id)).succeeded).toBe(1);

    const phrase = resumePhrase(s.db, getJob(s.db, job.id)!);
    expect(phrase).toMatch(/^REMOVE 2 course enrolments on /);
    await callOk(s, 'jobs.resume', { jobId: job.id, confirm: phrase! });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ succeeded: 2, skipped: 1 });
  });
});
