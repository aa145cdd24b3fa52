// "Rerun the failed rows" of a job that also has rows in doubt: the rerun starts the job, whose start settles
// the rows in doubt first — a removal (safe to repeat) or a row a lookup finds never arrived goes again with
// the failed ones. Found by review: the destructive template's phrase counted only the failed rows ("REMOVE 1
// course enrolment"), so the admin confirmed one removal and two went; nothing said the rows in doubt would
// go too. Now the phrase counts them, and what is said before the rerun names them. Real parts: a SQLite
// file, the real keychain, the sandbox LMS over HTTP (the failures made in front of it).
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { setJobState } from '../../../src-main/db/jobs';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const unenrol: Mapping = {
  fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } },
};

describe('rerunning the failed rows of a destructive job with rows in doubt', () => {
  const temp = useTempServices();

  it('asks for a phrase counting the rows in doubt too, and says they may go', async () => {
    let broken = true;
    const deletes: string[] = [];
    let calls = 0;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (req.method !== 'DELETE') return sendHttp(req);
      deletes.push(req.url);
      if (!broken) return sendHttp(req);
      calls += 1;
      // The first row is refused; the second's connection drops after it left.
      if (calls === 1) return { status: 422, headers: {}, body: '{"message":"Locked"}', durationMs: 1 };
      throw new NetworkError(`Could not reach ${new URL(req.url).host}: ECONNRESET`, 5, false);
    };
    const s = await temp.open({ sandbox: { seed: 58 }, send });
    const rows = (await sandboxState(s.sandbox!.url)).coursepath.courseMembers
      .slice(0, 2)
      .map((e) => [String(e.courseId), String(e.memberId)]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course', 'member'], rows),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.unenrol',
      mapping: unenrol,
      options: { undo: false, canary: 0, concurrency: 1, maxAttempts: 1 },
    });
    await callOk(s, 'jobs.start', {
      jobId: job.id,
      confirm: 'REMOVE 2 course enrolments on Sandbox · Coursepath',
    });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ failed: 2 });
    // As Bulk Desk killed with the second row's request in flight leaves it (stopInFlight.ts): in doubt.
    s.db
      .prepare(`UPDATE job_items SET status = 'in_doubt', error = NULL WHERE job_id = ? AND row_number = 3`)
      .run(job.id);
    // Bulk Desk closed right then: interrupted, with no row it never sent (so a rerun is allowed).
    setJobState(s.db, job.id, 'interrupted', Date.now(), {
      kind: 'closed',
      message: 'Bulk Desk was closed.',
    });
    broken = false;
    deletes.length = 0;

    // The phrase for the failed row alone no longer starts it: the row in doubt may go too.
    const refused = await s.dispatch('jobs.retryFailed', {
      jobId: job.id,
      confirm: 'REMOVE 1 course enrolment on Sandbox · Coursepath',
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.details).toMatchObject({
        phrase: 'REMOVE 2 course enrolments on Sandbox · Coursepath',
      });
      expect(refused.error.message).toMatch(
        /this would send 1 failed row, and 1 row in doubt that may go too \(sent again when a lookup finds the LMS never got it, or when the call is safe to repeat\), to "Sandbox · Coursepath"/,
      );
    }
    expect(deletes).toEqual([]);
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).counts).toMatchObject({ failed: 1, in_doubt: 1 });

    await callOk(s, 'jobs.retryFailed', {
      jobId: job.id,
      confirm: 'REMOVE 2 course enrolments on Sandbox · Coursepath',
    });
    const done = await s.runner.whenSettled(job.id);
    // The failed row went. The row in doubt was settled first: its read found the enrolment still there (the
    // LMS never got the removal), but with its one attempt spent it fails rather than go — "may go too".
    expect(done.counts).toMatchObject({ succeeded: 1, failed: 1, in_doubt: 0 });
    expect(deletes).toHaveLength(1);
    // Its start says the row in doubt apart from the failed one.
    const started = (await callOk(s, 'jobs.events', { jobId: job.id }))
      .filter((e) => e.kind === 'started')
      .at(-1)!;
    expect(started.message).toMatch(
      /^Rerun of the failed rows: 1 row to send, and 1 row in doubt that may go too \(sent again when a lookup finds the LMS never got it, or when the call is safe to repeat\), /,
    );
  }, 60_000);
});
