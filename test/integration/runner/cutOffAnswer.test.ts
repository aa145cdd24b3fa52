// A 200 answer cut off mid-body — the LMS got the request, did the work and answered, but the connection
// closed before the whole answer came — leaves its row in doubt, and `jobs in-doubt` says what is known:
// the status came back and the answer was cut off after it. Found by review: it said "no answer", as for a
// request nothing answered. Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP with
// its `cut` fault (status, headers and half the body, then the socket closed).
import { describe, expect, it } from 'vitest';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

describe('an answer cut off after its status', () => {
  const temp = useTempServices();

  it('leaves the row in doubt, and jobs in-doubt says the status came and the answer was cut off', async () => {
    const s = await temp.open({ sandbox: { seed: 52, faults: 'cut:1' } });
    const job = await createMemberJob(s, 1, { canary: 0 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);

    expect(done.counts).toMatchObject({ in_doubt: 1 });
    // The lookups that would settle it are cut off too: it stays in doubt.
    const sent = s.sandbox!.ledger.entries().filter((e) => e.method === 'POST');
    expect(sent.map((e) => [e.status, e.outcome])).toEqual([[201, 'cut']]);
    const [row] = (await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 })).items;
    expect(row!.answer).not.toMatch(/no answer/);
    expect(row!.answer).toMatch(/^HTTP 201 came back, but the answer was cut off after the status/);
    // The lookup could not tell: its note says what is known — the LMS got it and answered — not "may or may not".
    expect(row!.note).not.toMatch(/may or may not/);
    expect(row!.note).toMatch(
      /^Coursepath got this request and answered HTTP 201, but the answer was cut off after the status \(.+\), and a lookup could not tell what it did \(.+\)\. Decide:/,
    );
  });
});
