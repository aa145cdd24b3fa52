// The LMS asks to slow down three times in a row, the third time for a day: the job lowers its pace and
// pauses. Its events say it in that order — the ask, the pace lowered, the pause — and nothing about the
// pace after "paused". Found by review: the pause was said as the long wait was read, before the pace
// lowered by that same answer, so "the pace is lowered" followed the job saying it had paused. Real parts:
// a SQLite file, the real keychain, the sandbox LMS over HTTP (the three 429s answered in front of it).
import { describe, expect, it } from 'vitest';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

/** The 3rd, 4th and 5th writes are answered 429: Retry-After 1, 1, then a day. The rest reach the sandbox. */
function askingToWait() {
  let writes = 0;
  return async (req: HttpRequest): Promise<HttpResponse> => {
    if (req.method === 'GET') return sendHttp(req);
    writes += 1;
    if (writes < 3 || writes > 5) return sendHttp(req);
    const retryAfter = writes === 5 ? '86400' : '1';
    return {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': retryAfter },
      body: '{"message":"Too many requests"}',
      durationMs: 5,
    };
  };
}

describe('a long wait that ends three asks to slow down', () => {
  const temp = useTempServices();

  it('says the pace lowered before it says the job paused, and nothing about the pace after', async () => {
    const s = await temp.open({ sandbox: { seed: 53 }, send: askingToWait() });
    const job = await createMemberJob(s, 6, { canary: 0, concurrency: 1 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'throttled' } });

    const kinds = (await callOk(s, 'jobs.events', { jobId: job.id })).map((e) => e.kind);
    expect(kinds).toContain('slowed');
    const paused = kinds.indexOf('paused');
    expect(paused).toBeGreaterThan(-1);
    expect(kinds.slice(paused + 1)).not.toContain('slowed');
    expect(kinds.lastIndexOf('slowed')).toBeLessThan(paused);
  }, 30_000);
});
