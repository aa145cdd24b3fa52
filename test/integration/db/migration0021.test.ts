// Migration 21 (undo links): job items gain `undoes_item`, empty for every item made before (an undo of a
// one-template job still undoes the original's row of the same number), and indexed for the items set.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0021-undo-links', () => {
  const temp = useTempDb();

  it('adds undoes_item, empty for the items there, with its index', () => {
    const db = temp.open(20);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at, seq)
        VALUES ('d', 'd', 'd.csv', '["email"]', ',', 'utf-8', 'ready', 0, 1);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j', 'coursepath.courses.enrol', 'enrol', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1);
      INSERT INTO job_items (id, job_id, row_number, status, updated_at) VALUES (7, 'j', 2, 'succeeded', 1);
    `);
    migrate(db, 21);
    expect(db.pragma('user_version', { simple: true })).toBe(21);
    expect(db.prepare('SELECT undoes_item FROM job_items WHERE id = 7').pluck().get()).toBeNull();
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM job_items WHERE undoes_item = 7`).all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('job_items_undoes');
  });
});
