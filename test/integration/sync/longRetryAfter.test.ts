// A sync the LMS asks to wait longer than Bulk Desk waits by itself (15 minutes: a daily quota, a
// maintenance window). A sync has no pause: it used to sit silent for as long as Retry-After said — a day
// for `Retry-After: 86400`, a nightly script hanging with no word. It now stops at its last saved page,
// failed with what the LMS asked and until when, and the next sync goes on from there.
// Real sandbox LMS (a one-request-a-day limit), real SQLite file, real keychain.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('a sync told to wait a day', () => {
  const temp = useTempServices();

  it('stops at once, saying what the LMS asked and until when, instead of waiting a day', async () => {
    const s = await temp.open({ sandbox: { seed: 6, coassembleLimit: { requests: 1, windowMs: 86_400_000 } } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    const state = await Promise.race([
      s.sync.whenDone(SANDBOX_COASSEMBLE_ID),
      new Promise<string>((r) => setTimeout(() => r('still waiting after 20 s'), 20_000)),
    ]);
    expect(state).toBe('failed');
    const status = (await callOk(s, 'sync.status', {})).find((x) => x.connectionId === SANDBOX_COASSEMBLE_ID);
    expect(status!.lastRun?.error).toMatch(
      /^The LMS asked to wait 24 h 0 min \(Retry-After: 86400\), until .*: longer than Bulk Desk waits by itself \(15 min.*\)\. The sync stopped at its last saved page; run it again after that time and it goes on from there\.$/,
    );
  }, 30_000);
});
