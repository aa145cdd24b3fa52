// "Rerun the failed rows" of a job whose only rows left unsent are in doubt. The rerun starts the job, and
// a start settles its rows in doubt first (reconcileJob.ts): nothing may go twice without the admin
// choosing it — a row in doubt stays in doubt, or is settled by a lookup that can tell. Found by review:
// a row whose answer was cut off after HTTP 201 that a lookup did not find went again with the rerun,
// though the 201 said the LMS had done it. Real parts: a SQLite file, the real keychain, the sandbox LMS
// over HTTP (the failures made in front of it).
import { describe, expect, it } from 'vitest';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import { setJobState } from '../../../src-main/db/jobs';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const EMAILS = ['fail@example.com', 'cut@example.com', 'lost@example.com', 'lag@example.com'];

describe('rerunning the failed rows of a job whose only unsent rows are in doubt', () => {
  const temp = useTempServices();

  it('sends the failed row; the rows in doubt are settled by lookups that can tell, and none goes twice', async () => {
    let broken = true;
    const posts: string[] = [];
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const host = new URL(req.url).host;
      if (req.method === 'GET') {
        // The first run's lookups cannot tell: the rows stay in doubt.
        if (broken) return { status: 500, headers: {}, body: '{"message":"Internal error"}', durationMs: 1 };
        return sendHttp(req);
      }
      const email = new URLSearchParams(req.body ?? '').get('email') ?? '';
      posts.push(email);
      if (!broken) return sendHttp(req);
      if (email === 'fail@example.com')
        return { status: 422, headers: {}, body: '{"message":"Locked"}', durationMs: 1 };
      if (email === 'cut@example.com') {
        // Done in the LMS; its 201 cut off after the status.
        await sendHttp(req);
        throw new NetworkError(cutOffError(host, 201, 'ECONNRESET'), 5, false, false, 201);
      }
      // Never reached the LMS, though the connection broke after it was sent.
      if (email === 'lost@example.com') throw new NetworkError(`Could not reach ${host}: ECONNRESET`, 5, false);
      // 'lag': answered 201, cut off, and not found by the lookup (an LMS whose list lags its writes).
      throw new NetworkError(cutOffError(host, 201, 'ECONNRESET'), 5, false, false, 201);
    };
    const s = await temp.open({ sandbox: { seed: 56 }, send });
    const datasetId = seedDataset(s.db, ['email'], EMAILS.map((e) => [e]));
    const job = await callOk(s, 'jobs.create', { ...memberJobSpec(datasetId), options: { canary: 0, concurrency: 1 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const first = await s.runner.whenSettled(job.id);
    expect(first.counts).toMatchObject({ failed: 1, in_doubt: 3, pending: 0, retry_wait: 0 });
    // Bulk Desk closed right then: the job is interrupted, with no row it never sent (so the rerun is allowed).
    setJobState(s.db, job.id, 'interrupted', Date.now(), { kind: 'closed', message: 'Bulk Desk was closed.' });

    broken = false;
    posts.length = 0;
    await callOk(s, 'jobs.retryFailed', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 3, in_doubt: 1, failed: 0 });
    const items = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 })).items;
    const status = Object.fromEntries(items.map((it, i) => [EMAILS[i]!, it.status]));
    // Sent again: the failed row (chosen), and the one its lookup found had never reached the LMS (its
    // first send did nothing there: this is its only one). Found by its lookup: the cut-off one, not sent
    // again. The 201 its lookup did not find stays in doubt, not sent again (it was, before the fix).
    expect([...posts].sort()).toEqual(['fail@example.com', 'lost@example.com']);
    expect(status).toEqual({
      'fail@example.com': 'succeeded',
      'cut@example.com': 'succeeded',
      'lost@example.com': 'succeeded',
      'lag@example.com': 'in_doubt',
    });
    const lost = items[2]!;
    expect(lost.note).toMatch(/a lookup found it had not reached Coursepath, so it is sent again/);
    // The job's story says how its rows in doubt were settled without the admin: it went from "in doubt"
    // to "Completed" with nothing between.
    const said = (await callOk(s, 'jobs.events', { jobId: job.id })).map((e) => e.message);
    expect(said).toContain('Row 3 was in doubt: a read of the LMS found it had arrived, so it was not sent again.');
    expect(said).toContain('Row 4 was in doubt: a read of the LMS found it had not arrived, so it is sent again.');
  }, 60_000);
});
