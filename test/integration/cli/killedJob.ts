// A data folder as Bulk Desk leaves it when killed mid-send: a 3-row Coursepath job `running`, its first
// row marked `sending` (whether its request left is not known), to an address nothing answers. For the
// CLI's in-doubt and stored-hint tests, which then look at it with a fresh process.
import * as items from '../../../src-main/db/items';
import { setJobState } from '../../../src-main/db/jobs';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';

/** Leaves such a job in `dataDir` (services opened and closed here); its id. */
export async function killedWhileSending(dataDir: string, secret: string): Promise<string> {
  const s = await createServices({ dataDir, sandbox: false });
  try {
    const connection = await callOk(s, 'connections.save', {
      name: 'Acme Academy',
      baseUrl: 'http://127.0.0.1:9',
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret,
    });
    const job = await callOk(s, 'jobs.create', {
      ...memberJobSpec(seedDataset(s.db, ['email', 'first', 'last'], userRows(3)), connection.id),
      options: { canary: 0 },
    });
    const first = s.db
      .prepare('SELECT id FROM job_items WHERE job_id = ? ORDER BY id')
      .pluck()
      .get(job.id) as number;
    items.markSending(s.db, {
      itemId: first,
      method: 'POST',
      url: 'http://127.0.0.1:9/api/v1/members',
      requestHeaders: {},
      requestBody: 'x',
      startedAt: 1,
    });
    setJobState(s.db, job.id, 'running', 1);
    return job.id;
  } finally {
    await s.close();
  }
}
