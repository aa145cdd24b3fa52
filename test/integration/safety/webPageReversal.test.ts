// A test send of a removal answered 200 by a web page (a single sign-on's sign-in page in front of the LMS)
// removed nothing: it does not count as taking back an earlier enrolment, so the enrolment stays "already
// sent" and the same file is not sent again. Real parts: the sandbox LMS, a SQLite file, the keychain;
// the sign-in page is played in the send path for the removal only.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { answeringSend } from '../../helpers/refusingSend';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const SIGN_IN = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in</body></html>';
const col = (column: string) => ({ kind: 'column' as const, column });

describe('a removal answered by a sign-in page', () => {
  const temp = useTempServices();

  it('does not take back an earlier enrolment: the same file stays already sent', async () => {
    const { send } = answeringSend((req) => req.method === 'DELETE', {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: SIGN_IN,
    });
    const s = await temp.open({ sandbox: { seed: 41 }, send });
    const state = await sandboxState(s.sandbox!.url);
    const course = state.coursepath.courses[0]!;
    const member = state.coursepath.members.find(
      (m) => !state.coursepath.courseMembers.some((r) => r.courseId === course.id && r.memberId === m.id),
    )!;
    const datasetId = seedDataset(s.db, ['course', 'member'], [[String(course.id), String(member.id)]]);
    const enrol = {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping: { fields: { courseId: col('course'), memberId: col('member') } },
    };
    const job = await callOk(s, 'jobs.create', enrol);
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(1);

    const unenrol = { ...enrol, templateId: 'coursepath.courses.unenrol' };
    const test = await callOk(s, 'requests.testSend', {
      ...unenrol,
      rowNumber: 2,
      confirm: 'REMOVE 1 course enrolment on Sandbox · Coursepath',
    });
    expect(test.status).toBe(200);
    const pre = await callOk(s, 'jobs.preflight', enrol);
    expect(pre.counts).toMatchObject({ wouldSend: 0, alreadySent: 1 });
  }, 60_000);
});
