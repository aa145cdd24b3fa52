// Rows that repeat the same email, each found already sent by a send whose answer is not known here (a
// test send cut off after its 201, made before the job): each row's member id is read from the LMS before
// its later steps go (src-main/recipes/unknownCaptures.ts). The read is of one key — the same request for
// every repeat — yet each repeat read the LMS again after the first row's read failed (found by review,
// counted here in front of the sandbox): a file with one email on 300 rows made 300 reads where one tells.
// One read per key per pass: the repeats take the first row's outcome, and their later steps fail saying
// why as the first row's do. Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP, the
// real sendHttp.
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import type { Recipe } from '../../../src-shared/recipes/types';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE: Recipe = {
  ...ONBOARD_LEARNERS,
  steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!],
};
const EMAIL = 'same@repeat.test';

describe('rows repeating a key already sent elsewhere, whose read fails', () => {
  const temp = useTempServices();

  it('read the LMS once for the key, and every repeat fails its later step saying why', async () => {
    // The test send's answer is cut off after its 201; reads of the member answer 400 (not tried again).
    const reads: string[] = [];
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const url = new URL(req.url);
      if (req.method === 'POST' && url.pathname === '/api/v1/members') {
        await sendHttp(req);
        throw new NetworkError(cutOffError(url.host, 201, 'ECONNRESET'), 5, false, false, 201);
      }
      if (req.method === 'GET' && url.searchParams.get('email') === EMAIL) {
        reads.push(url.pathname);
        return { status: 400, headers: {}, body: '{"message":"Lookups are off for now"}', durationMs: 1 };
      }
      return sendHttp(req);
    };
    const s = await temp.open({ sandbox: { seed: 81 }, send });
    const datasetId = seedDataset(
      s.db,
      ['Email', 'First name', 'Last name'],
      [
        [EMAIL, 'Sam', 'Lee'],
        [EMAIL, 'Sam', 'Lee'],
        [EMAIL, 'Sam', 'Lee'],
      ],
    );
    await callOk(s, 'requests.testSend', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: CREATE_AND_INVITE.steps[0]!.template,
      mapping: CREATE_AND_INVITE.steps[0]!.mapping,
      rowNumber: 2,
    });
    const job = await callOk(s, 'recipes.createJob', {
      recipe: CREATE_AND_INVITE,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);

    expect(reads).toHaveLength(1);
    expect(done.counts).toMatchObject({ skipped: 3, failed: 3, waiting: 0 });
    const errors = s.db
      .prepare(`SELECT error FROM job_items WHERE job_id = ? AND step = 1 ORDER BY row_number`)
      .pluck()
      .all(job.id) as string[];
    expect(errors).toHaveLength(3);
    for (const e of errors)
      expect(e).toMatch(
        /^Not sent: step 1 "Create member" was already sent by a test send on .+, so its Member ID is not known, and reading it from Coursepath failed \(.*HTTP 400.*\): rerun the failed rows to read it again\.$/,
      );
    // Nothing was sent by the job: no create, no invitation on a guess.
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(1);
  }, 60_000);
});
