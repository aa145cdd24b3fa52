// An answer cut off after a 2xx status: the LMS got the request, did the work and said so, and only the
// rest of its answer was lost. Found by review: the status was kept only in the row's error text, not with
// the attempt, so the rules that ask "did this reach the LMS?" took the row for one nothing answered — a
// later job on the same file sent it again, and a lookup that did not find it sent it again by itself.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP (its `cut` fault: status,
// headers and half the body, then the socket closed), and the real sendHttp.
import { describe, expect, it } from 'vitest';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import { callOk } from '../../helpers/callOk';
import { createMemberJob, memberJobSpec } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

describe('an answer cut off after a 2xx status reached the LMS', () => {
  const temp = useTempServices();

  it('keeps the status with the attempt, and a later job on the same file does not send the row again', async () => {
    const s = await temp.open({ sandbox: { seed: 52, faults: 'cut:1' } });
    const job = await createMemberJob(s, 1, { canary: 0 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ in_doubt: 1 });

    const sends = s.db
      .prepare(`SELECT a.response_status AS status, a.error FROM attempts a JOIN job_items i ON i.id = a.item_id
                 WHERE i.job_id = ? AND a.kind = 'send'`)
      .all(job.id) as { status: number | null; error: string }[];
    expect(sends).toEqual([{ status: 201, error: expect.stringMatching(/answered HTTP 201, but the answer was cut off/) }]);

    // The same file again: the row reached the LMS, which answered 201 — already sent, saying why.
    const again = await callOk(s, 'jobs.create', { ...memberJobSpec(job.datasetId), options: { canary: 0 } });
    expect(again.skipReasons.alreadySent).toBe(1);
    const [row] = (await callOk(s, 'jobs.items', { jobId: again.id, offset: 0, limit: 10 })).items;
    expect(row!.note).toMatch(new RegExp(`^Not sent: .* was already sent by job ${job.id.slice(0, 8)}`));
    expect(row!.note).toMatch(/in doubt there, but the LMS answered it HTTP 201: it reached the LMS/);
    const posts = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(posts).toHaveLength(1);
  });

  it('a test send cut off after 201 holds its row as sent, saying it reached the LMS', async () => {
    const s = await temp.open({ sandbox: { seed: 57, faults: 'cut:1' } });
    const job = await createMemberJob(s, 2, { canary: 0 });
    const test = await callOk(s, 'requests.testSend', { ...memberJobSpec(job.datasetId), rowNumber: 2 });
    expect(test.error).toMatch(/answered HTTP 201, but the answer was cut off after the status/);

    const plan = await callOk(s, 'jobs.preflight', memberJobSpec(job.datasetId));
    expect(plan.counts).toMatchObject({ alreadySent: 1 });
    expect(plan.alreadySent).toEqual([expect.objectContaining({ jobId: null, rows: 1, reached: 201 })]);
    const again = await callOk(s, 'jobs.create', { ...memberJobSpec(job.datasetId), options: { canary: 0 } });
    const [row] = (await callOk(s, 'jobs.items', { jobId: again.id, offset: 0, limit: 10 })).items;
    expect(row!.note).toMatch(/by a test send on .+ that the LMS answered HTTP 201, its answer cut off after the status: it reached the LMS/);
  });

  it('stays in doubt when a lookup does not find it: the 201 says it arrived, so it is not sent again by itself', async () => {
    // The answer to the create is cut off after 201 (the test's LMS then forgets it, as an LMS whose list
    // lags its writes would): the lookup finds nothing, which the 201 contradicts.
    let cut = false;
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (req.method === 'POST' && !cut) {
        cut = true;
        const host = new URL(req.url).host;
        throw new NetworkError(cutOffError(host, 201, 'ECONNRESET'), 5, false, false, 201);
      }
      return sendHttp(req);
    };
    const s = await temp.open({ sandbox: { seed: 53 }, send });
    const job = await createMemberJob(s, 1, { canary: 0 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);

    expect(done.counts).toMatchObject({ in_doubt: 1, succeeded: 0 });
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(0);
    const [row] = (await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 })).items;
    expect(row!.note).toMatch(/^Coursepath got this request and answered HTTP 201, but the answer was cut off after the status/);
    expect(row!.note).toMatch(/a lookup did not find it/);
  });
});
