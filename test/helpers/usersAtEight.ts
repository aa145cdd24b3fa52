// A job the runner tests about refusals, pauses and writers share: `count` users upserted to the
// sandbox's Coassemble (rows u-1…u-N), 8 in flight, no canary, no rate limit, confirmed.
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../src-main/services';
import { callOk } from './callOk';
import { seedDataset } from './seedDataset';

/** The job, created (not started); `prefix` names its rows' ids, `concurrency` its requests in flight. */
export async function usersJob(
  s: Services,
  count: number,
  opts: { undo?: boolean; prefix?: string; concurrency?: number } = {},
) {
  const prefix = opts.prefix ?? 'u';
  const rows = Array.from({ length: count }, (_, i) => [`${prefix}-${i + 1}`, `User ${i + 1}`]);
  return callOk(s, 'jobs.create', {
    datasetId: seedDataset(s.db, ['id', 'name'], rows),
    connectionId: SANDBOX_COASSEMBLE_ID,
    templateId: 'coassemble.users.upsert',
    mapping: {
      fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
    },
    options: {
      canary: 0,
      ...(opts.undo !== undefined ? { undo: opts.undo } : {}),
      rateLimit: null,
      ratePerSecond: 1000,
      concurrency: opts.concurrency ?? 8,
      confirm: `OVERWRITE ${count} users on Sandbox · Coassemble`,
    },
  });
}

/** The job, started; not awaited. */
export async function startUsersAtEight(s: Services, count: number, undo: boolean) {
  const job = await usersJob(s, count, { undo });
  await callOk(s, 'jobs.start', { jobId: job.id });
  return job;
}
