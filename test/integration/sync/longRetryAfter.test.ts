// A sync the LMS asks to wait longer than Bulk Desk waits by itself (15 minutes: a daily quota, a
// maintenance window). A sync has no pause: it used to sit silent for as long as Retry-After said — a day
// for `Retry-After: 86400`, a nightly script hanging with no word. It now stops at its last saved page,
// failed with what the LMS asked and until when, and the next sync goes on from there — promised only when
// that time falls within the day a stopped run is resumed; a wait past it says a sync then starts over. A
// plan reads with the same reader: its stop names the plan, whose resume goes on from its saved reads.
// Real sandbox LMS (a one-request-a-day limit), real SQLite file, real keychain.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
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
    // A day from now is past the day within which a stopped sync is resumed (RESUME_WITHIN_MS): run after
    // that time it reads everything again, and it says so rather than promising to go on from its last page.
    expect(status!.lastRun?.error).toMatch(
      /^The LMS asked to wait 24 h 0 min \(Retry-After: 86400\), until .*: longer than Bulk Desk waits by itself \(15 min.*\)\. The sync stopped; a stopped sync goes on from its last saved page only until .* \(a day from its start\), so run after that time it reads everything again\.$/,
    );
  }, 30_000);

  it('told to wait an hour: it goes on from its last saved page when run again after that time', async () => {
    const s = await temp.open({ sandbox: { seed: 6, coassembleLimit: { requests: 1, windowMs: 3_600_000 } } });
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COASSEMBLE_ID] });
    expect(await s.sync.whenDone(SANDBOX_COASSEMBLE_ID)).toBe('failed');
    const status = (await callOk(s, 'sync.status', {})).find((x) => x.connectionId === SANDBOX_COASSEMBLE_ID);
    expect(status!.lastRun?.error).toMatch(
      /^The LMS asked to wait 1 h 0 min \(Retry-After: 3600\), until .*\. The sync stopped at its last saved page; run it again after that time and it goes on from there\.$/,
    );
  }, 30_000);
});

describe('a plan told to wait a day', () => {
  const temp = useTempServices();

  // A plan reads the LMS with the sync's reader: its long wait said "The sync stopped…", of a plan.
  it('stops reading, saying the plan (not a sync) stopped and that a resume goes on from its reads', async () => {
    const s = await temp.open({ sandbox: { seed: 4, coursepathLimit: { requests: 1, windowMs: 86_400_000 } } });
    const datasetId = seedDataset(s.db, ['email', 'name'], [['a.plan@example.com', 'A Plan']]);
    await callOk(s, 'connections.test', { id: SANDBOX_COURSEPATH_ID }); // the day's one request
    const started = await callOk(s, 'plans.create', {
      datasetId,
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } } },
    });
    const plan = await s.plans.whenDone(started.id);
    expect(plan.state).toBe('failed');
    expect(plan.error).toMatch(
      /^The LMS asked to wait 24 h 0 min \(Retry-After: 86400\), until .*\. The plan stopped reading; its reads so far are kept, and resumed after that time it goes on from them\.$/,
    );
  }, 30_000);
});
