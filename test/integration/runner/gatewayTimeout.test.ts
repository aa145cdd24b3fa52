// A gateway in front of the LMS (a load balancer, a proxy) answers 502 or 504 when the LMS behind it
// failed or was too slow to answer — often after the LMS did the work. A call that is not safe to repeat
// (duplicate a course) was sent again on such an answer like any 5xx, and made the course twice: the
// admin never chose that. It is now held in doubt as a lost answer is; a call safe to repeat is still
// retried. Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP with its `504` fault
// (it does the work, then answers 504 as a gateway would).
import { describe, expect, it } from 'vitest';
import type { JobOptions } from '../../../src-shared/contract/api';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const OPTIONS: JobOptions = { canary: 0, concurrency: 1, maxAttempts: 4, rateLimit: null };

describe('a gateway timeout after the LMS did the work', () => {
  const temp = useTempServices();

  it('a duplicate-course row answered 504 is held in doubt, not sent again, and says what is known', async () => {
    const s = await temp.open({ sandbox: { seed: 5, faults: '504:1', coassembleLimit: null } });
    const live = (await sandboxState(s.sandbox!.url)).coassemble.courses.filter((c) => c.deleted === null);
    const before = live.length;
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course'], [[String(live[0]!.id)]]),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.duplicate',
      mapping: { fields: { courseId: { kind: 'column', column: 'course' } } },
      options: OPTIONS,
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    const sends = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && e.path.endsWith('/duplicate'));
    expect(sends).toHaveLength(1); // sent once: the gateway's 504 is no reason to make a second course
    expect(done.counts).toMatchObject({ in_doubt: 1, succeeded: 0, failed: 0 });
    const after = (await sandboxState(s.sandbox!.url)).coassemble.courses.filter((c) => c.deleted === null);
    expect(after).toHaveLength(before + 1); // the LMS did make one
    const [row] = (await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 })).items;
    expect(row!.answer).toBe(
      "HTTP 504 from a gateway in front of the LMS: the LMS's own answer was lost, so whether it did this is not known",
    );
    expect(row!.error).toBe('In doubt: HTTP 504: 504 Gateway Time-out'); // the gateway's page by its words
  });

  it('a row safe to repeat answered 504 is sent again and, found done, succeeds', async () => {
    // Enrol is safe to repeat: the 504's enrolment is there, and the retry's 409 reads as the lost answer's.
    // Undo off: the read before each write would meet the 504s too (a read that fails fails its row).
    // strictRepeats: a repeat is answered 409, as a real LMS may (evidence.md, Unknown).
    const s = await temp.open({ sandbox: { seed: 5, faults: '504:0.5', coassembleLimit: null, strictRepeats: true } });
    const state = await sandboxState(s.sandbox!.url);
    const course = state.coursepath.courses[0]!;
    // Members not in the course before the job: "already there before this job" would be true of the others.
    const enrolled = new Set(state.coursepath.courseMembers.filter((r) => r.courseId === course.id).map((r) => r.memberId));
    const members = state.coursepath.members.filter((m) => !enrolled.has(m.id)).slice(0, 6);
    expect(members).toHaveLength(6);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course', 'member'], members.map((m) => [String(course.id), String(m.id)])),
      connectionId: 'sandbox-coursepath',
      templateId: 'coursepath.courses.enrol',
      mapping: {
        fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } },
      },
      options: { ...OPTIONS, maxAttempts: 8, undo: false },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 6, in_doubt: 0, failed: 0 });
    const { items } = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    // None is said to have been there before this job: where a 504 came first, its own send enrolled them.
    for (const it of items) expect(it.note ?? '', `row ${it.rowNumber}`).not.toMatch(/before this job/i);
    const lostFirst = items.filter((it) => /whose answer was lost/.test(it.note ?? ''));
    expect(lostFirst.length).toBeGreaterThan(0); // at this seed some rows met a 504 first
  });
});
