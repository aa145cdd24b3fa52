// A Coassemble learner the users list does not give (a plan or filter may leave people out) is still
// known from their trackings, which carry the email and name. Such a learner must stay in the store from
// one sync to the next: the tracking that names them is seen again every time, so pruning must not take
// them as gone.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import { sendHttp, type HttpRequest, type HttpResponse } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { useTempServices } from '../../helpers/tempServices';

const SCALED = { requests: 100, windowMs: 1000 };

describe('learners known only from their trackings', () => {
  const temp = useTempServices();

  it('stay in the store after every sync, not only every other one', async () => {
    let hidden = '';
    // The real sandbox over HTTP, with one user left out of every users page (as a users list that does
    // not include everyone would); their trackings are untouched.
    const send = async (req: HttpRequest): Promise<HttpResponse> => {
      const res = await sendHttp(req);
      if (!hidden || new URL(req.url).pathname !== '/api/v1/headless/users' || res.status !== 200) return res;
      const rows = (JSON.parse(res.body) as { identifier: string }[]).filter((u) => u.identifier !== hidden);
      return { ...res, body: JSON.stringify(rows) };
    };
    const s: Services = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      send,
      sync: { rateLimit: SCALED },
    });
    const state = await sandboxState(s.sandbox!.url);
    const live = new Set(state.coassemble.courses.filter((c) => c.deleted === null).map((c) => c.id));
    hidden = state.coassemble.trackings.find((t) => live.has(t.courseId))!.identifier;
    const learner = () =>
      s.db
        .prepare(`SELECT email, name FROM synced_learners WHERE connection_id = ? AND learner_id = ?`)
        .get(SANDBOX_COASSEMBLE_ID, hidden) as { email: string; name: string } | undefined;
    const user = state.coassemble.users.find((u) => u.identifier === hidden)!;

    for (const sync of [1, 2, 3]) {
      await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
      expect(await s.sync.whenDone(SANDBOX_COASSEMBLE_ID), `sync ${sync}`).toBe('completed');
      expect(learner(), `after sync ${sync}`).toEqual({ email: user.email, name: user.name });
    }
  });
});
