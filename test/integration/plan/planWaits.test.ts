// A plan's live reads told to wait (Retry-After of 10 s or more, under 15 minutes): its progress said only
// what it was reading, so a wait of a minute looked like a stuck plan. It now says until when it waits.
// Real sandbox LMS with a one-request-a-minute limit, real SQLite file, real keychain.
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const MAPPING: Mapping = { fields: { email: { kind: 'column', column: 'email' } } };

describe('a plan told to wait', () => {
  const temp = useTempServices();

  it('says until when it waits in its progress', async () => {
    const s = await temp.open({ sandbox: { seed: 4, coursepathLimit: { requests: 1, windowMs: 60_000 } } });
    expect((await callOk(s, 'connections.test', { id: SANDBOX_COURSEPATH_ID })).ok).toBe(true); // the minute's one request
    const labels: string[] = [];
    const waiting = new Promise<void>((resolve) =>
      s.events.subscribe((m) => {
        if (m.event !== 'plan:progress') return;
        labels.push(m.payload.label);
        if (/^Waiting until /.test(m.payload.label)) resolve();
      }),
    );
    const started = await callOk(s, 'plans.create', {
      datasetId: seedDataset(s.db, ['email'], [['plan-wait@example.com']]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.members.create',
      mapping: MAPPING,
    });
    await Promise.race([waiting, new Promise((r) => setTimeout(r, 15_000))]);
    expect(labels.find((l) => l.startsWith('Waiting until'))).toMatch(
      /^Waiting until \d{1,2} \w{3} \d{4}, \d\d:\d\d(:\d\d)?, as the LMS asked \(Retry-After\)$/,
    );
    await s.plans.close(); // stopped: resumable, nothing more to wait for here
    expect((await callOk(s, 'plans.get', { planId: started.id })).state).not.toBe('ready');
  }, 30_000);
});
