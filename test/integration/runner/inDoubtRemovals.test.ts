// A removal left in doubt (the app stopped while it was in flight) is settled by reading its effect: a read
// that finds the enrolment gone means the removal took effect — or it was gone before — so the row
// succeeded, saying the read found it gone, and is never sent again; a read that finds it still there is
// not "not created": it is a removal not done, sent again while attempts remain, failed as "not removed"
// once they are used up. Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP (its
// ledger the witness of what was sent).
import { describe, expect, it } from 'vitest';
import * as items from '../../../src-main/db/items';
import { setJobState } from '../../../src-main/db/jobs';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const SANDBOX = { seed: 12 };

/** Two enrolments of the sandbox and a course with a member not enrolled in it (the same at every start). */
async function targets(s: Services) {
  const st = await sandboxState(s.sandbox!.url);
  const [a, b] = st.coursepath.courseMembers;
  const enrolled = new Set(st.coursepath.courseMembers.map((e) => `${e.courseId}:${e.memberId}`));
  const course = st.coursepath.courses[0]!;
  const stranger = st.coursepath.members.find((m) => !enrolled.has(`${course.id}:${m.id}`))!;
  return { a: a!, b: b!, gone: { courseId: course.id, memberId: stranger.id } };
}

const MAPPING = {
  fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } },
} as const;

/** An unenrol job of these rows (course, member), made and not started. */
async function unenrolJob(s: Services, rows: string[][], maxAttempts: number) {
  return callOk(s, 'jobs.create', {
    datasetId: seedDataset(s.db, ['course', 'member'], rows),
    connectionId: SANDBOX_COURSEPATH_ID,
    templateId: 'coursepath.courses.unenrol',
    mapping: MAPPING,
    options: { undo: false, canary: 0, concurrency: 1, maxAttempts },
  });
}

/** The app killed with every item of the job in flight: the next start finds them in doubt. */
function killedInFlight(s: Services, jobId: string, method: string, urls: string[]): void {
  const ids = s.db.prepare('SELECT id FROM job_items WHERE job_id = ? ORDER BY id').pluck().all(jobId) as number[];
  ids.forEach((itemId, i) =>
    items.markSending(s.db, { itemId, method, url: urls[i]!, requestHeaders: {}, requestBody: '', startedAt: 1 }),
  );
  setJobState(s.db, jobId, 'running', 1);
}

describe('a removal left in doubt', () => {
  const temp = useTempServices();

  it('found gone → succeeded, saying so, not sent again; found still there, attempts used up → failed as not removed', async () => {
    let s = await temp.open({ sandbox: SANDBOX });
    const { a, b, gone } = await targets(s);
    const rows = [a, b, gone].map((e) => [String(e.courseId), String(e.memberId)]);
    const job = await unenrolJob(s, rows, 1);
    const url = (r: string[]) => `${s.sandbox!.url}/api/v1/courses/${r[0]}/members/${r[1]}/coursemember`;
    killedInFlight(s, job.id, 'DELETE', rows.map(url));
    s = await temp.reopen({ sandbox: SANDBOX });
    // Row 1's removal had reached the LMS before the app died (made here by another job, the restarted
    // sandbox being seeded afresh); row 3's member was never enrolled there.
    const before = await unenrolJob(s, [rows[0]!], 1);
    await callOk(s, 'jobs.start', { jobId: before.id, confirm: 'REMOVE 1 course enrolment on Sandbox · Coursepath' });
    expect((await s.runner.whenSettled(before.id)).counts.succeeded).toBe(1);
    const seen = s.sandbox!.ledger.entries().at(-1)!.seq;
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).counts.in_doubt).toBe(3);

    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'REMOVE 3 course enrolments on Sandbox · Coursepath' });
    const done = await s.runner.whenSettled(job.id);
    const [first, second, third] = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 })).items;

    for (const [item, e] of [
      [first!, a],
      [third!, gone],
    ] as const) {
      expect(item.status, `row ${item.rowNumber}`).toBe('succeeded');
      expect(item.error).toBeNull();
      expect(item.note).toBe(
        `The app lost track of this request; a read of the member's course result found member ${e.memberId} in course ` +
          `${e.courseId} has no course result any more: the removal took effect (or it was gone before), so it was not sent again.`,
      );
    }
    expect(second!.status).toBe('failed');
    expect(second!.error).toBe(
      `Not removed after 1 attempt: sent remove member ${b.memberId} in course ${b.courseId}, LMS has still enrolled (a course result).`,
    );
    expect(second!.note).toBe(
      "The app lost track of this request; a read of the member's course result found it not done " +
        `(sent remove member ${b.memberId} in course ${b.courseId}, LMS has still enrolled (a course result)).`,
    );
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 1, in_doubt: 0 });
    // Nothing was sent again: after the other job, the sandbox saw only the reads.
    expect(s.sandbox!.ledger.since(seen).filter((e) => e.method !== 'GET')).toEqual([]);
  }, 60_000);

  it('an update whose read finds other values, attempts used up → failed as not done, saying what the LMS has', async () => {
    let s = await temp.open({ sandbox: SANDBOX });
    const member = (await sandboxState(s.sandbox!.url)).coursepath.members[0]!;
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['member', 'name'], [[String(member.id), 'Renamed Lost']]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.update',
      mapping: { fields: { memberId: { kind: 'column', column: 'member' }, name: { kind: 'column', column: 'name' } } },
      options: { undo: false, canary: 0, concurrency: 1, maxAttempts: 1 },
    });
    killedInFlight(s, job.id, 'POST', [`${s.sandbox!.url}/api/v1/members/${member.id}`]);
    s = await temp.reopen({ sandbox: SANDBOX });
    const seen = s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'UPDATE 1 member on Sandbox · Coursepath' });
    await s.runner.whenSettled(job.id);
    const [item] = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 })).items;
    const lms = `sent name=Renamed Lost, LMS has name=${member.name}`;
    expect(item!.status).toBe('failed');
    expect(item!.error).toBe(`Not done after 1 attempt: ${lms}.`);
    expect(item!.note).toBe(`The app lost track of this request; a read of the member by id found it not done (${lms}).`);
    expect(s.sandbox!.ledger.since(seen).filter((e) => e.method !== 'GET')).toEqual([]);
  }, 60_000);

  it('answered 200 cut off after the status, found still there → not done: sent again (a removal is safe to repeat), not held', async () => {
    let s = await temp.open({ sandbox: SANDBOX });
    const { b } = await targets(s);
    const row = [String(b.courseId), String(b.memberId)];
    const job = await unenrolJob(s, [row], 3);
    const url = `${s.sandbox!.url}/api/v1/courses/${row[0]}/members/${row[1]}/coursemember`;
    // The DELETE left, the LMS answered 200 and the answer was cut off after the status; the app then stopped.
    const itemId = s.db.prepare('SELECT id FROM job_items WHERE job_id = ?').pluck().get(job.id) as number;
    const attemptId = items.markSending(s.db, { itemId, method: 'DELETE', url, requestHeaders: {}, requestBody: '', startedAt: 1 });
    const error = `In doubt: ${cutOffError(new URL(url).host, 200, 'ECONNRESET')}`;
    items.markAttemptInDoubt(s.db, { itemId, attemptId, at: 2, durationMs: 1, responseStatus: 200, responseBody: '', error });
    setJobState(s.db, job.id, 'running', 2);
    s = await temp.reopen({ sandbox: SANDBOX });
    const seen = s.sandbox!.ledger.entries().at(-1)?.seq ?? 0;

    await callOk(s, 'jobs.start', { jobId: job.id, confirm: 'REMOVE 1 course enrolment on Sandbox · Coursepath' });
    const done = await s.runner.whenSettled(job.id);
    const [item] = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 })).items;
    expect(item!.note).not.toMatch(/Decide: send again/);
    expect(item!.note).toMatch(/^Coursepath got this request and answered HTTP 200, but the answer was cut off after the status/);
    expect(item!.note).toMatch(/found it not done \(.*still enrolled.*\): the removal has not taken effect, so it is sent again \(removing is safe to repeat\)\.$/);
    expect(done.counts).toMatchObject({ succeeded: 1, in_doubt: 0, failed: 0 });
    // The read found the member still enrolled: the removal had not taken effect, and was sent once more.
    const deletes = s.sandbox!.ledger.since(seen).filter((e) => e.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    const events = (await callOk(s, 'jobs.events', { jobId: job.id })).map((e) => e.message).join('\n');
    expect(events).toMatch(/sent again/);
    const after = await sandboxState(s.sandbox!.url);
    expect(after.coursepath.courseMembers.some((e) => e.courseId === b.courseId && e.memberId === b.memberId)).toBe(false);
  }, 60_000);
});
