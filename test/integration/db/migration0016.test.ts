// Migration 16 (legacy row keys): a version-15 database holding a job sent before row keys existed gets
// them at the next open — the dataset row rebuilt with the job's mapping, as jobs.create keys a row; a test
// send's read from its request — once, and fast: a 100,000-row legacy job is keyed in seconds.
import { describe, expect, it } from 'vitest';
import { upsertConnection } from '../../../src-main/db/connections';
import { migrate } from '../../../src-main/db/openDb';
import { uncheckedSends } from '../../../src-main/db/unkeyedItems';
import { backfillLegacyRowKeys } from '../../../src-main/safety/legacyRowKeys';
import { cpuTimed } from '../../helpers/cpuTime';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempDb } from '../../helpers/tempDb';

const ROWS = 100_000;

describe('migration 0016-legacy-row-keys', () => {
  const temp = useTempDb();

  it('keys the succeeded rows of an old job once, from its dataset and mapping, in seconds', async () => {
    const db = temp.open(15);
    upsertConnection(db, {
      id: 'c',
      name: 'Acme',
      api: 'coursepath',
      baseUrl: 'https://acme.example',
      identity: { api: 'coursepath', email: 'admin@acme.example' },
      isSandbox: false,
      createdAt: 0,
    });
    const datasetId = seedDataset(
      db,
      ['email', 'name'],
      Array.from({ length: ROWS }, (_, i) => [`Learner${i}@Example.COM`, `Learner ${i}`]),
    );
    const mapping = {
      fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
    };
    db.prepare(
      `INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
         mapping_json, options_json, state, created_at)
       VALUES ('old', 'coursepath.members.create', 'Create member', 'c', 'Acme', ?, 'seeded.csv', ?, '{}', 'completed', 0)`,
    ).run(datasetId, JSON.stringify(mapping));
    // Every row succeeded but the last, which failed: a failed row is not "sent" and stays without a key.
    db.prepare(
      `WITH RECURSIVE n(r) AS (SELECT 2 UNION ALL SELECT r + 1 FROM n WHERE r < ?)
       INSERT INTO job_items (job_id, row_number, status, updated_at)
         SELECT 'old', r, CASE WHEN r = ? THEN 'failed' ELSE 'succeeded' END, 1 FROM n`,
    ).run(ROWS + 1, ROWS + 1);
    // Test sends of that time: one read back from its request, one of a manual configuration (whose
    // template lived in a mapping that test sends do not keep).
    db.prepare(
      `INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
         request_body, response_status, duration_ms, sent_at)
       VALUES ('c', ?, ?, 2, 'POST', ?, '{}', ?, 201, 1, 1)`,
    ).run(
      'coursepath.members.create',
      datasetId,
      'https://acme.example/api/v1/members',
      'email=Tess%40Example.com&name=T',
    );
    db.prepare(
      `INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
         request_body, response_status, duration_ms, sent_at)
       VALUES ('c', 'coassemble.manual', ?, 2, 'POST', 'https://acme.example/anything', '{}', '{}', 200, 1, 1)`,
    ).run(datasetId);

    migrate(db, 16);
    expect(db.pragma('user_version', { simple: true })).toBe(16);
    // Seconds of CPU, not of the wall clock: at load 20 the wall clock said 30 s for 1.8 s of work
    // (test/helpers/cpuTime.ts). A backfill that read or wrote row by row would take far more of either.
    const { value: done, cpuMs, wallMs } = await cpuTimed(() => backfillLegacyRowKeys(db, 5, () => {}));
    console.log(`backfill of ${ROWS} rows: ${cpuMs.toFixed(0)} ms of CPU, ${wallMs.toFixed(0)} ms of wall time`);
    expect(done).toEqual({ keyed: ROWS, unkeyed: 1 });
    expect(cpuMs).toBeLessThan(15_000);

    const key = db.prepare('SELECT row_key, status FROM job_items WHERE job_id = ? AND row_number = ?');
    expect(key.get('old', 2)).toEqual({ row_key: 'email=learner0@example.com', status: 'succeeded' });
    expect(key.get('old', ROWS)).toEqual({
      row_key: `email=learner${ROWS - 2}@example.com`,
      status: 'succeeded',
    });
    expect(key.get('old', ROWS + 1)).toEqual({ row_key: null, status: 'failed' });
    expect(db.prepare('SELECT row_key FROM test_calls ORDER BY id').pluck().all()).toEqual([
      'email=tess@example.com',
      null,
    ]);
    // Counted as the app counts them, on today's schema (where each job keeps its target: migration 18).
    migrate(db);
    expect(uncheckedSends(db, 'c', 'coursepath.members.create')).toBe(0);
    expect(uncheckedSends(db, 'c', 'coassemble.manual')).toBe(1);

    // Once: the next open does not look again.
    db.prepare(`UPDATE job_items SET row_key = NULL WHERE job_id = 'old' AND row_number = 2`).run();
    expect(backfillLegacyRowKeys(db, 6, () => {})).toBeNull();
    expect(uncheckedSends(db, 'c', 'coursepath.members.create')).toBe(1);
  });

  it('a fresh database has nothing to key, and its backfill is done at the first open', () => {
    const db = temp.open(16);
    expect(db.pragma('user_version', { simple: true })).toBe(16);
    expect(backfillLegacyRowKeys(db, 1, () => {})).toEqual({ keyed: 0, unkeyed: 0 });
    expect(backfillLegacyRowKeys(db, 2, () => {})).toBeNull();
  });
});
