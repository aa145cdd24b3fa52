// A row of a call safe to repeat whose every answer was cut off after a 2xx status ends failed — no whole
// answer came — yet the LMS did the work each time (it said so with the status, kept with the attempt and
// the row: attempts.response_status, job_items.response_status). Undo counts such a write as done in the LMS
// (undoRows.ts judgeRow: a failed row whose last send was answered 2xx), as it counts one failed only by
// a read-back after a 2xx: the enrolment is there, so undoing the job takes it back. Pinned here: a row
// that failed this way must not be left out of its undo as "not sent". Real parts: a SQLite file, the real
// keychain, the sandbox LMS over HTTP (the answers cut off in front of it, after the sandbox did the work).
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const enrol: Mapping = {
  fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } },
};

describe('an enrolment whose every answer was cut off after its 2xx status', () => {
  const temp = useTempServices();

  it('ends failed with the status kept, and its undo takes the enrolment back', async () => {
    let cutting = true;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const res = await sendHttp(req);
      if (!cutting || req.method !== 'POST') return res;
      // The LMS did the work and answered; the answer stopped halfway.
      throw new NetworkError(
        cutOffError(new URL(req.url).host, res.status, 'ECONNRESET'),
        5,
        false,
        false,
        res.status,
      );
    };
    const s = await temp.open({ sandbox: { seed: 59 }, send });
    const st = await sandboxState(s.sandbox!.url);
    const course = st.coursepath.courses[0]!;
    const enrolled = new Set(
      st.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId),
    );
    const member = st.coursepath.members.find((m) => m.role === 'learner' && !enrolled.has(m.id))!;
    const isEnrolled = async () =>
      (await sandboxState(s.sandbox!.url)).coursepath.courseMembers.some(
        (m) => m.courseId === course.id && m.memberId === member.id,
      );

    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course', 'member'], [[String(course.id), String(member.id)]]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping: enrol,
      options: { canary: 0, maxAttempts: 2 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({
      failed: 1,
      succeeded: 0,
      in_doubt: 0,
    });
    const [row] = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 })).items;
    // Its first answer was 201 (enrolled), its retry's 200 (already there): both cut off, both kept.
    const sends = (await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: row!.id })).filter(
      (a) => a.kind === 'send',
    );
    expect(sends.map((a) => a.responseStatus)).toEqual([201, 200]);
    expect(row!.responseStatus).toBe(200);
    expect(row!.error).toMatch(
      /answered HTTP 200, but the answer was cut off after the status .*gave up after 2 attempts/,
    );
    expect(await isEnrolled()).toBe(true); // the LMS did it

    // Undo offers to take it back: a write the LMS answered 2xx counts, whole answer or not.
    const plan = await callOk(s, 'jobs.undoPlan', { jobId: job.id });
    expect(plan.template?.id).toBe('coursepath.courses.unenrol');
    expect(plan.counts).toMatchObject({ rows: 1, undo: 1, notSent: 0, cannot: 0 });
    cutting = false;
    const { job: undo } = await callOk(s, 'jobs.undo', {
      jobId: job.id,
      start: true,
      confirm: plan.confirmation!,
    });
    expect((await s.runner.whenSettled(undo!.id)).counts).toMatchObject({ succeeded: 1 });
    expect(await isEnrolled()).toBe(false);
  }, 60_000);
});
