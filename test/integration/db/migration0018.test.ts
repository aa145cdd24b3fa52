// Migration 18 (job targets): a version-17 database's jobs get the address and account their connection
// has at the migration, the safe side (a connection edited after it no longer takes their rest elsewhere
// unnoticed); a job whose connection is gone gets none. No secret is in what is kept.
import { describe, expect, it } from 'vitest';
import { upsertConnection } from '../../../src-main/db/connections';
import { getJob } from '../../../src-main/db/jobs';
import { migrate } from '../../../src-main/db/openDb';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0018-job-targets', () => {
  const temp = useTempDb();

  it("gives an older job its connection's address and account as they are now", () => {
    const db = temp.open(17);
    upsertConnection(db, {
      id: 'c',
      name: 'Acme',
      api: 'coassemble',
      baseUrl: 'https://api.coassemble.example',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '4242' },
      isSandbox: false,
      createdAt: 0,
    });
    const datasetId = seedDataset(db, ['course'], [['1']]);
    const insert = db.prepare(
      `INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
         mapping_json, options_json, state, created_at)
       VALUES (?, 'coassemble.courses.delete', 'Delete course', ?, 'Acme', ?, 'seeded.csv', '{"fields":{}}', '{}', 'paused', 0)`,
    );
    insert.run('old', 'c', datasetId);
    insert.run('orphan', 'gone', datasetId);

    migrate(db, 18);
    expect(db.pragma('user_version', { simple: true })).toBe(18);
    expect(getJob(db, 'old')!.target).toEqual({
      baseUrl: 'https://api.coassemble.example',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '4242' },
    });
    expect(getJob(db, 'orphan')!.target).toBeNull();
  });
});
