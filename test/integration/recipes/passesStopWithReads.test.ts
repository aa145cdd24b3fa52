// A recipe job's run goes round again while items wait on a read of what an earlier step of their row
// captured (a step skipped as already sent elsewhere, whose answer is not known here), and stops going round
// after a pass that leaves as many waiting as the pass before (src-shared/runner/sendPasses.ts). Found by
// review: the job was then written "completed" with those items `waiting` — neither sent nor decided — since
// its end only asked about items in doubt. It ends paused by Bulk Desk, saying what waits on what and that a
// resume reads it; the resume does, and the job completes with nothing sent twice. Real parts: a SQLite
// file, the real keychain, the sandbox LMS over HTTP, the real sendHttp (a test send made by "another admin"
// and a lost request made in front of it, as reachedCaptures.test.ts does).
import { describe, expect, it } from 'vitest';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { cutOffError } from '../../../src-shared/runner/cutOffAnswer';
import type { Recipe } from '../../../src-shared/recipes/types';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { SANDBOX_COURSEPATH_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const CREATE_AND_INVITE: Recipe = {
  ...ONBOARD_LEARNERS,
  steps: [ONBOARD_LEARNERS.steps[0]!, ONBOARD_LEARNERS.steps[3]!],
};

/** The email a create sends (Coursepath's bodies are form-encoded). */
const emailOf = (req: HttpRequest) => (req.body === null ? null : new URLSearchParams(req.body).get('email'));

/**
 * The LMS in front of the sandbox, as another admin's test sends meet it: a test send's create goes through
 * but its answer is cut off after the 201. The job's first create of each row is lost on the way (in doubt).
 * Reading cat@ fails until ann@'s capture has been read. While the job reads each (not there), another admin
 * test-sends that row — so the job's resend finds it already sent, by a send whose answer is not known, and
 * its invitation waits for a read: ann@'s in the second pass, cat@'s in the third (the last it has, with one
 * waiting before and after it).
 */
function lms(services: () => { s: Services; datasetId: string }) {
  const posts = new Map<string, number>();
  const lookups = new Map<string, number>();
  let testSending = false;
  const testSend = async (rowNumber: number) => {
    testSending = true;
    try {
      return await callOk(services().s, 'requests.testSend', {
        datasetId: services().datasetId,
        connectionId: SANDBOX_COURSEPATH_ID,
        templateId: CREATE_AND_INVITE.steps[0]!.template,
        mapping: CREATE_AND_INVITE.steps[0]!.mapping,
        rowNumber,
      });
    } finally {
      testSending = false;
    }
  };
  const bump = (m: Map<string, number>, k: string) => {
    const n = m.get(k) ?? 0;
    m.set(k, n + 1);
    return n;
  };
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(req.url);
    if (req.method === 'POST' && /\/members$/.test(url.pathname)) {
      if (testSending) {
        await sendHttp(req);
        throw new NetworkError(cutOffError(url.host, 201, 'ECONNRESET'), 5, false, false, 201);
      }
      if (bump(posts, emailOf(req) ?? '') === 0)
        throw new NetworkError(`Could not reach ${url.host}: ECONNRESET`, 5, false);
    }
    const email = req.method === 'GET' ? url.searchParams.get('email') : null;
    if (email === 'cat@passes.test' && (lookups.get('ann@passes.test') ?? 0) < 2)
      throw new NetworkError(`Could not reach ${url.host}: ECONNRESET`, 5, false);
    if ((email === 'ann@passes.test' || email === 'cat@passes.test') && bump(lookups, email) === 0) {
      const absent = await sendHttp(req);
      await testSend(email === 'ann@passes.test' ? 2 : 3);
      return absent;
    }
    return sendHttp(req);
  };
  return { send, testSend };
}

const creates = (s: Services) =>
  s
    .sandbox!.ledger.entries()
    .filter((e) => e.method === 'POST' && e.path === '/api/v1/members' && e.status < 300);
const invites = (s: Services) =>
  s
    .sandbox!.ledger.entries()
    .filter((e) => e.method === 'POST' && e.path.endsWith('/invite') && e.status < 300);

describe('a recipe job whose passes stop with items waiting on a read of a capture', () => {
  const temp = useTempServices();

  it('is paused saying what waits and that a resume reads it, not completed; the resume completes it', async () => {
    let ctx: { s: Services; datasetId: string } | null = null;
    const front = lms(() => ctx!);
    const s = await temp.open({ sandbox: { seed: 91 }, send: front.send });
    const datasetId = seedDataset(
      s.db,
      ['Email', 'First name', 'Last name'],
      [
        ['ann@passes.test', 'Ann', 'Lee'],
        ['cat@passes.test', 'Cat', 'Lee'],
        ['dan@passes.test', 'Dan', 'Lee'],
      ],
    );
    ctx = { s, datasetId };
    // dan@'s row test-sent before: this run looks for sends elsewhere as it sends (it checks once whether
    // there can be any), and reads dan@'s member id first.
    await front.testSend(4);
    // Two attempts: three passes, then more only while fewer items wait on a read each time.
    const job = await callOk(s, 'recipes.createJob', {
      recipe: CREATE_AND_INVITE,
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      options: { canary: 0, maxAttempts: 2 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const ended = await s.runner.whenSettled(job.id);
    // The shape the review found: cat@'s invitation waiting on the read the passes stopped before.
    expect(ended.counts).toMatchObject({ waiting: 1, in_doubt: 0, pending: 0, failed: 0 });
    expect(ended.state).toBe('paused');
    expect(ended.finishedAt).toBeNull();
    expect(ended.stopReason?.kind).toBe('awaitingRead');
    expect(ended.pausedReason).toMatch(
      /^1 later item \(step 2 "Send the invitation"\) waits on a read of what step 1 "Create member" captured, whose answer is not known here, and the job stopped before that read: nothing more is sent for it until then\. Resume the job to read it and send it \(History, or bulk-desk jobs resume [0-9a-f-]+\)\.$/,
    );
    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    expect(events.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^Paused by Bulk Desk: 1 later item/),
    );
    expect(creates(s)).toHaveLength(3); // the three test sends; the job's lost ones never arrived

    // The resume reads it: the invitation goes, and nothing was created twice.
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ waiting: 0, succeeded: 3, skipped: 3, failed: 0 });
    expect(creates(s)).toHaveLength(3);
    expect(invites(s)).toHaveLength(3);
  }, 90_000);
});
