// A list the LMS (or a single sign-on in front of it) redirects elsewhere: the sync never follows it (the key
// would go with it), and says where it points and what to do, as a job's row and Test do — it said only
// "HTTP 302". Against the real sandbox, its course list redirected by the sync's `send`.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const SCALED = { requests: 100, windowMs: 1000 };

describe('a sync whose list is redirected', () => {
  const temp = useTempServices();

  it('fails saying where the redirect points and what to do', async () => {
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      if (new URL(req.url).pathname === '/api/v1/headless/courses')
        return { status: 302, headers: { location: 'https://sso.example.com/login?next=courses' }, body: '', durationMs: 0 };
      return sendHttp(req);
    };
    const s = await temp.open({ sandbox: { seed: 3, coassembleLimit: SCALED }, send, sync: { rateLimit: SCALED } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    await s.sync.whenDone(SANDBOX_COASSEMBLE_ID);
    const run = (await callOk(s, 'sync.status', {})).find((x) => x.connectionId === SANDBOX_COASSEMBLE_ID)!.lastRun!;
    expect(run.state).toBe('failed');
    expect(run.error).toContain('the LMS sends this request on to https://sso.example.com/login?next=courses');
    expect(run.error).toContain('Bulk Desk does not follow redirects');
  });
});
