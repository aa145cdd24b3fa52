// A completed "create member" job written straight into a data folder's database with one pending row, for
// CLI tests that read jobs back (ids by their start, `jobs show`'s lines) and need no run to make them.
import { createJob, type NewJob } from '../../src-main/db/jobs';
import type { Db } from '../../src-main/db/openDb';

export function storeMemberJob(
  db: Db,
  datasetId: string,
  id: string,
  { options = {}, createdAt = 1000 }: { options?: NewJob['options']; createdAt?: number } = {},
): void {
  createJob(
    db,
    {
      id,
      templateId: 'coursepath.members.create',
      templateName: 'Coursepath: create member',
      connectionId: 'c',
      connectionName: 'C',
      datasetId,
      fileName: 'f.csv',
      mapping: { fields: {} },
      options,
      state: 'completed',
      createdAt,
      templates: null,
    },
    [{ rowNumber: 2, key: null, status: 'pending', skipReason: null, note: null, error: null }],
  );
}
