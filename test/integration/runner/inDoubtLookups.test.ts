// Rows left in doubt mid-run by a broken connection, settled by a lookup against the real sandbox:
// "create member in course" is not idempotent, so a reset after the request left could mean the member
// was created and enrolled, or nothing happened. The runner reads the course's members by email: found
// → succeeded without sending again; absent → sent again. The sandbox ledger witnesses each create.
// The `send` wrapper is the real HTTP exchange (sendHttp) with a connection that breaks on given rows,
// either after the request reached the LMS (the answer is lost) or before it left.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import type { Mapping } from '../../../src-shared/mapping/types';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { sandboxState } from '../../helpers/sandboxState';

const createInCourse: Mapping = {
  fields: {
    courseId: { kind: 'column', column: 'course' },
    email: { kind: 'column', column: 'email' },
    name: { kind: 'column', column: 'name' },
  },
};

describe('in-doubt rows settled by a lookup', () => {
  const temp = useTempServices();

  it('create member in course: found in the course → not sent again; absent → sent again; each enrolled once', async () => {
    const lostAnswer = new Set(['lost.answer@example.com']); // reached the LMS, the answer did not come back
    const neverLeft = new Set(['never.left@example.com']); // reset before it reached the LMS
    const broken = new Set<string>();
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const email = req.method === 'POST' ? new URLSearchParams(req.body ?? '').get('email') : null;
      if (email && !broken.has(email) && (lostAnswer.has(email) || neverLeft.has(email))) {
        broken.add(email); // once per row: the next attempt goes through
        if (lostAnswer.has(email)) await sendHttp(req);
        throw new NetworkError('Could not reach host: ECONNRESET', 5, false);
      }
      return sendHttp(req);
    };
    const s = await temp.open({ sandbox: { seed: 23, duplicateMember: 'conflict' }, send });
    const courseId = String((await sandboxState(s.sandbox!.url)).coursepath.courses[0]!.id);
    const emails = [
      'first@example.com',
      ...lostAnswer,
      'middle@example.com',
      ...neverLeft,
      'last@example.com',
    ];
    const datasetId = seedDataset(
      s.db,
      ['course', 'email', 'name'],
      emails.map((e) => [courseId, e, e.split('@')[0]!]),
    );
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.createMember',
      mapping: createInCourse,
      options: { concurrency: 1 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 5, in_doubt: 0, failed: 0 });

    const items = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 })).items;
    const byEmail = new Map(items.map((it, i) => [emails[i]!, it]));
    expect(byEmail.get('lost.answer@example.com')!.note).toMatch(
      /reached Coursepath, so it was not sent again/,
    );
    expect(byEmail.get('never.left@example.com')!.note).toMatch(
      /had not reached Coursepath, so it is sent again/,
    );

    // The ledger: one successful create per email, and one lookup per in-doubt row, of the course's members.
    const ledger = s.sandbox!.ledger.entries();
    const creates = ledger.filter(
      (e) => e.method === 'POST' && e.path === `/api/v1/courses/${courseId}/members`,
    );
    const created = creates
      .filter((e) => e.status >= 200 && e.status < 300)
      .map((e) => (e.body as { email: string }).email);
    expect(created.sort()).toEqual([...emails].sort());
    expect(creates).toHaveLength(5); // the lost answer's request is not repeated; the one that never left is
    const lookups = ledger.filter(
      (e) => e.method === 'GET' && e.path === `/api/v1/courses/${courseId}/members`,
    );
    expect(lookups).toHaveLength(2);

    // And the course really lists each of them once.
    const listed = await sandboxState(s.sandbox!.url);
    const ids = new Map(listed.coursepath.members.map((m) => [m.email, m.id]));
    for (const e of emails) {
      const n = listed.coursepath.courseMembers.filter(
        (cm) => String(cm.courseId) === courseId && cm.memberId === ids.get(e),
      ).length;
      expect(n, e).toBe(1);
    }
  });
});
