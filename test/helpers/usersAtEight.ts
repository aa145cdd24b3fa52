// A job the runner tests about refusals and pauses share: `count` users upserted to the sandbox's
// Coassemble (rows u-1…u-N), 8 in flight, no canary, no rate limit, confirmed. Started; not awaited.
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../src-main/services';
import { callOk } from './callOk';
import { seedDataset } from './seedDataset';

export async function startUsersAtEight(s: Services, count: number, undo: boolean) {
  const rows = Array.from({ length: count }, (_, i) => [`u-${i + 1}`, `User ${i + 1}`]);
  const job = await callOk(s, 'jobs.create', {
    datasetId: seedDataset(s.db, ['id', 'name'], rows),
    connectionId: SANDBOX_COASSEMBLE_ID,
    templateId: 'coassemble.users.upsert',
    mapping: {
      fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
    },
    options: {
      canary: 0,
      undo,
      rateLimit: null,
      ratePerSecond: 1000,
      concurrency: 8,
      confirm: `OVERWRITE ${count} users on Sandbox · Coassemble`,
    },
  });
  await callOk(s, 'jobs.start', { jobId: job.id });
  return job;
}
