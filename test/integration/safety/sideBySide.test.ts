// Found by a probe: "already sent" knows what succeeded, not what another job is sending. Two jobs of the
// same rows to one LMS started side by side (the admin made a second job on the file while the first ran)
// both sent every row: 100 member creations for 50 rows, two invitations per learner. A start is refused
// while a running job holds rows with the same keys for the same call to the same LMS.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('two jobs of the same rows', () => {
  const temp = useTempServices();

  it('the second is refused while the first sends them, and skips them as already sent once it has', async () => {
    const s = await temp.open({ sandbox: { seed: 21, faults: 'latency:5-15' } });
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(50));
    const spec = memberJobSpec(datasetId, SANDBOX_COURSEPATH_ID);
    const first = await callOk(s, 'jobs.create', { ...spec, options: { concurrency: 2 } });
    const second = await callOk(s, 'jobs.create', { ...spec, options: { concurrency: 2 } });
    await callOk(s, 'jobs.start', { jobId: first.id });
    const refused = await s.dispatch('jobs.start', { jobId: second.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT');
      expect(refused.error.message).toMatch(
        new RegExp(
          `^Job ${first.id} \\(seeded\\.csv\\) is sending \\d+ of this job's rows to this LMS now \\(the first: row 2, ` +
            'email=learner1@example\\.com\\): started side by side, both would send them\\. Wait for it to finish — ' +
            'what it sends is then skipped here as already sent — or pause or cancel it first\\. Nothing was sent\\.$',
        ),
      );
    }
    expect((await callOk(s, 'jobs.get', { jobId: second.id })).state).toBe('ready');
    expect((await s.runner.whenSettled(first.id)).counts.succeeded).toBe(50);

    await callOk(s, 'jobs.start', { jobId: second.id });
    const done = await s.runner.whenSettled(second.id);
    expect(done.counts).toMatchObject({ succeeded: 0, skipped: 50 });
    const creates = s
      .sandbox!.ledger.entries()
      .filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(creates).toHaveLength(50);
  });
});
