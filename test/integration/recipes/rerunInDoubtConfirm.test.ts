// "Rerun the failed items" of a destructive recipe job that also has items in doubt: the rerun starts the
// job, whose start settles the items in doubt first — a removal (safe to repeat) or an item a lookup finds
// never arrived goes again with the failed ones. The phrase counted them, but the message said only "this
// would send 2 items of its destructive steps" and the rerun's start "2 items to send", where a plain job's
// rerun names its rows in doubt apart (../runner/rerunInDoubtConfirm.test.ts). Found by review; now both
// say the items in doubt apart, as ones that may go too. Real parts: a SQLite file, the real keychain, the
// sandbox LMS over HTTP (the failures made in front of it).
import { describe, expect, it } from 'vitest';
import type { Recipe } from '../../../src-shared/recipes/types';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { setJobState } from '../../../src-main/db/jobs';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const UNENROL: Recipe = {
  version: 1,
  id: 'acme.unenrol',
  name: 'Unenrol',
  api: 'coursepath',
  steps: [
    {
      id: 'unenrol',
      name: 'Remove from course',
      template: 'coursepath.courses.unenrol',
      mapping: {
        fields: {
          courseId: { kind: 'column', column: 'course' },
          memberId: { kind: 'column', column: 'member' },
        },
      },
    },
  ],
};

describe('rerunning the failed items of a destructive recipe job with items in doubt', () => {
  const temp = useTempServices();

  it('says the items in doubt apart, in the refusal and as the rerun starts', async () => {
    let broken = true;
    let calls = 0;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (req.method !== 'DELETE' || !broken) return sendHttp(req);
      calls += 1;
      // The first item is refused; the second's connection drops after it left.
      if (calls === 1) return { status: 422, headers: {}, body: '{"message":"Locked"}', durationMs: 1 };
      throw new NetworkError(`Could not reach ${new URL(req.url).host}: ECONNRESET`, 5, false);
    };
    const s = await temp.open({ sandbox: { seed: 58 }, send });
    const rows = (await sandboxState(s.sandbox!.url)).coursepath.courseMembers
      .slice(0, 2)
      .map((e) => [String(e.courseId), String(e.memberId)]);
    const job = await callOk(s, 'recipes.createJob', {
      recipe: UNENROL,
      datasetId: seedDataset(s.db, ['course', 'member'], rows),
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { undo: false, canary: 0, concurrency: 1, maxAttempts: 1 },
    });
    await callOk(s, 'jobs.start', {
      jobId: job.id,
      confirm: 'REMOVE 2 course enrolments on Sandbox · Coursepath',
    });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ failed: 2 });
    // As Bulk Desk killed with the second item's request in flight leaves it: in doubt; then closed.
    s.db
      .prepare(`UPDATE job_items SET status = 'in_doubt', error = NULL WHERE job_id = ? AND row_number = 3`)
      .run(job.id);
    setJobState(s.db, job.id, 'interrupted', Date.now(), { kind: 'closed', message: 'Bulk Desk was closed.' });
    broken = false;

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
        /this would send 1 item of its destructive steps \(failed, or blocked by a failed step\), and 1 item in doubt that may go too \(sent again when a lookup finds the LMS never got it, or when the call is safe to repeat\), to "Sandbox · Coursepath"/,
      );
    }
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).counts).toMatchObject({ failed: 1, in_doubt: 1 });

    await callOk(s, 'jobs.retryFailed', {
      jobId: job.id,
      confirm: 'REMOVE 2 course enrolments on Sandbox · Coursepath',
    });
    await s.runner.whenSettled(job.id);
    const started = (await callOk(s, 'jobs.events', { jobId: job.id }))
      .filter((e) => e.kind === 'started')
      .at(-1)!;
    expect(started.message).toMatch(
      /^Rerun of the failed items: 1 item to send, and 1 item in doubt that may go too \(sent again when a lookup finds the LMS never got it, or when the call is safe to repeat\), over 2 rows, /,
    );
  }, 60_000);
});
