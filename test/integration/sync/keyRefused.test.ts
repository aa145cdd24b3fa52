// A key the LMS refuses (401: a typo, a key revoked): the sync fails, and Reports showed only
// "failed: Courses: HTTP 401: Invalid API key · The next sync resumes where it stopped" — not which secret
// was refused nor where the right one is found, as the connection's Test says (a walk-through). The run's
// error now says it in the Test's words.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { answeringSend } from '../../helpers/refusingSend';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const SCALED = { requests: 100, windowMs: 1000 };
const REFUSED = {
  status: 401,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Invalid API key"}',
};

describe('a sync whose key the LMS refuses', () => {
  const temp = useTempServices();

  it.each([
    [
      'Coassemble',
      SANDBOX_COASSEMBLE_ID,
      /^Courses: 401: Coassemble did not accept the workspace API key: check the key \(Developer → API keys; .*The LMS said: “Invalid API key”\.$/,
    ],
    [
      'Coursepath',
      SANDBOX_COURSEPATH_ID,
      /^Courses: 401: the academy did not accept the JWT: check you pasted the JWT SSO secret \(Setup → JWT SSO\).*The LMS said: “Invalid API key”\.$/,
    ],
  ])('%s: fails naming the secret refused and where the right one is', async (_, id, said) => {
    const { send } = answeringSend(() => true, REFUSED);
    const s = await temp.open({
      sandbox: { seed: 3, coassembleLimit: SCALED },
      send,
      sync: { rateLimit: SCALED },
    });
    await callOk(s, 'sync.start', { connectionIds: [id] });
    expect(await s.sync.whenDone(id)).toBe('failed');
    const run = (await callOk(s, 'sync.status', {})).find((x) => x.connectionId === id)!.lastRun!;
    expect(run.error).toMatch(said);
  });
});
