// Audit 13b, item 3: "already sent" was kept per connection id, so a second connection to the same LMS
// (the same address and account, saved under another name) sent a file again that the first had sent.
// What was sent counts for every connection that points where it went.
import { describe, expect, it } from 'vitest';
import { getConnection, upsertConnection } from '../../../src-main/db/connections';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('two connections to one LMS', () => {
  const temp = useTempServices();

  it('a file sent through one is already sent through the other; another account is another LMS', async () => {
    const s = await temp.open({ sandbox: { seed: 3 } });
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(3));
    const spec = (connectionId: string) => memberJobSpec(datasetId, connectionId);
    const job = await callOk(s, 'jobs.create', spec(SANDBOX_COURSEPATH_ID));
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(3);

    const original = getConnection(s.db, SANDBOX_COURSEPATH_ID)!;
    upsertConnection(s.db, {
      ...original,
      id: 'copy',
      name: 'Acme copy',
      isSandbox: false,
      createdAt: Date.now(),
    });
    const copy = await callOk(s, 'jobs.preflight', spec('copy'));
    expect(copy.counts).toMatchObject({ wouldSend: 0, alreadySent: 3 });
    expect(copy.alreadySent[0]).toMatchObject({ jobId: job.id });

    // The same host acting as another member is another account: nothing of it was sent there.
    upsertConnection(s.db, {
      ...original,
      id: 'other',
      name: 'Other admin',
      identity: { api: 'coursepath', email: 'other@sandbox-academy.test' },
      isSandbox: false,
      createdAt: Date.now(),
    });
    expect((await callOk(s, 'jobs.preflight', spec('other'))).counts).toMatchObject({
      wouldSend: 3,
      alreadySent: 0,
    });
  });
});
