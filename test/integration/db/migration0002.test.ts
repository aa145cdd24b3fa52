// Migration 2 (runner notes) on a database written by version 1: rows survive, attempts become kind
// 'send', and the new columns are there for the runner.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0002-runner-notes', () => {
  const temp = useTempDb();

  it('keeps version-1 rows and adds attempts.kind/url and job_items.note', () => {
    const db = temp.open(1);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, imported_at) VALUES ('d', 'd', 'd.csv', '[]', ',', 'utf-8', 0);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name, mapping_json, options_json, state, created_at)
        VALUES ('j', 't', 't', 'c', 'c', 'd', 'd.csv', '{}', '{}', 'completed', 0);
      INSERT INTO job_items (id, job_id, row_number, status, updated_at) VALUES (1, 'j', 2, 'succeeded', 0);
      INSERT INTO attempts (item_id, attempt, started_at, request_headers_json) VALUES (1, 1, 0, '{}');
    `);
    migrate(db, 2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT kind, url FROM attempts').get()).toEqual({ kind: 'send', url: null });
    expect(db.prepare('SELECT status, note FROM job_items').get()).toEqual({
      status: 'succeeded',
      note: null,
    });
    expect(() => db.prepare(`UPDATE attempts SET kind = 'other'`).run()).toThrow(/CHECK/);
  });
});
