// A row's lookup (the read that settles a row in doubt) told to slow down three times in a row: the job
// lowers its pace, as for a write told the same, and says so — "the pace is lowered to …" — beside each
// "asked to slow down". Found by review: a read's lowered pace was not said (lookupClient.ts), so the admin
// saw the reads slow with no reason given, where a write's was. Real parts: a SQLite file, the real
// keychain, the sandbox LMS over HTTP (the lost answer and the three 429s made in front of it).
import { describe, expect, it } from 'vitest';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

/** The first write reaches the sandbox and its answer is lost; the first three reads are answered 429. */
function lostThenAskingToWait() {
  let writes = 0;
  let reads = 0;
  return async (req: HttpRequest): Promise<HttpResponse> => {
    if (req.method !== 'GET') {
      writes += 1;
      if (writes > 1) return sendHttp(req);
      await sendHttp(req);
      throw new NetworkError('Could not reach host: ECONNRESET', 5, false);
    }
    reads += 1;
    if (reads > 3) return sendHttp(req);
    return {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
      body: '{"message":"Too many requests"}',
      durationMs: 5,
    };
  };
}

describe('a lookup told to slow down', () => {
  const temp = useTempServices();

  it('says the pace it lowered the job to, as a write does', async () => {
    const s = await temp.open({ sandbox: { seed: 54 }, send: lostThenAskingToWait() });
    const job = await createMemberJob(s, 1, { canary: 0, concurrency: 1 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    // Found by its lookup once the LMS let it read: not sent again.
    expect(done.counts).toMatchObject({ succeeded: 1, in_doubt: 0 });

    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    const kinds = events.map((e) => e.kind);
    expect(kinds).toContain('throttled');
    expect(kinds).toContain('slowed');
    expect(kinds.indexOf('slowed')).toBeGreaterThan(kinds.indexOf('throttled'));
    const slowed = events.find((e) => e.kind === 'slowed')!;
    expect(slowed.ratePerSecond).toBeGreaterThan(0);
  }, 30_000);
});
