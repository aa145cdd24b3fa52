// Migration 5 (safety): from a version-4 database with a job, items, attempts and a test call, every row
// survives with its id (attempts are rebuilt to widen their CHECK), the new columns start empty, the new
// attempt kinds are accepted and an unknown one is still refused.
import { describe, expect, it } from 'vitest';
import { getJob } from '../../../src-main/db/jobs';
import { migrate } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0005-safety', () => {
  const temp = useTempDb();

  it('keeps jobs, items, attempts and test calls, and widens attempt kinds', () => {
    const db = temp.open(4);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d', 'd', 'd.csv', '["email"]', ',', 'utf-8', 'ready', 0);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j', 'coursepath.members.create', 'create', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1);
      INSERT INTO job_items (id, job_id, row_number, status, updated_at) VALUES (7, 'j', 2, 'succeeded', 1);
      INSERT INTO attempts (id, item_id, attempt, started_at, request_headers_json, kind, url)
        VALUES (41, 7, 1, 1, '{}', 'send', 'http://x'), (42, 7, 2, 2, '{}', 'lookup', 'http://y');
      INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
                              duration_ms, sent_at)
        VALUES ('c', 't', 'd', 2, 'POST', 'http://x', '{}', 5, 3);
    `);
    migrate(db, 5);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT id, kind, url FROM attempts ORDER BY id').all()).toEqual([
      { id: 41, kind: 'send', url: 'http://x' },
      { id: 42, kind: 'lookup', url: 'http://y' },
    ]);
    expect(db.prepare('SELECT row_key, skip_reason FROM job_items').get()).toEqual({ row_key: null, skip_reason: null });
    expect(db.prepare('SELECT row_key FROM test_calls').get()).toEqual({ row_key: null });
    expect(getJob(db, 'j')?.stopReason).toBeNull();

    const add = db.prepare(`INSERT INTO attempts (item_id, attempt, started_at, request_headers_json, kind) VALUES (7, ?, 3, '{}', ?)`);
    add.run(3, 'readback');
    add.run(4, 'prior');
    expect(() => add.run(5, 'guess')).toThrow(/CHECK/);
    // Attempts still go with their item.
    db.prepare('DELETE FROM job_items WHERE id = 7').run();
    expect(db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
