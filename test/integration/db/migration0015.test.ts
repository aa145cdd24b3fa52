// Migration 15 (recipes): from a version-9 database with jobs, items and attempts, every item keeps its
// id and columns (attempts still point at them and still go with them), a row may now have many items
// (one per step and listed value) but never two for the same step and value, the old indexes are back,
// and jobs and the recipes table have their new columns.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0015-recipes', () => {
  const temp = useTempDb();

  it('rebuilds job_items with the same rows and ids, allows many items per row, keeps attempts and indexes', () => {
    const db = temp.open(9);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at, seq)
        VALUES ('d', 'd', 'd.csv', '["email"]', ',', 'utf-8', 'ready', 0, 1);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j', 'coursepath.members.create', 'create', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1);
      INSERT INTO job_items (id, job_id, row_number, status, updated_at, row_key, skip_reason, note, captured_json)
        VALUES (7, 'j', 2, 'succeeded', 1, 'email=a@x.test', NULL, 'a note', '{"Member ID":"12"}'),
               (9, 'j', 3, 'skipped', 1, 'email=a@x.test', 'duplicate', NULL, NULL);
      INSERT INTO attempts (id, item_id, attempt, started_at, request_headers_json, kind, url)
        VALUES (41, 7, 1, 1, '{}', 'send', 'http://x'), (42, 7, 2, 2, '{}', 'readback', 'http://y');
    `);
    expect(() =>
      db
        .prepare(
          `INSERT INTO job_items (job_id, row_number, status, updated_at) VALUES ('j', 2, 'pending', 1)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);

    migrate(db, 15);
    expect(db.pragma('user_version', { simple: true })).toBe(15);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1); // switched back on
    expect(
      db
        .prepare(
          'SELECT id, row_number, status, row_key, skip_reason, note, captured_json, step, fan_index, fan_value, template_id, after_item FROM job_items ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        id: 7,
        row_number: 2,
        status: 'succeeded',
        row_key: 'email=a@x.test',
        skip_reason: null,
        note: 'a note',
        captured_json: '{"Member ID":"12"}',
        step: 0,
        fan_index: 0,
        fan_value: null,
        template_id: null,
        after_item: null,
      },
      {
        id: 9,
        row_number: 3,
        status: 'skipped',
        row_key: 'email=a@x.test',
        skip_reason: 'duplicate',
        note: null,
        captured_json: null,
        step: 0,
        fan_index: 0,
        fan_value: null,
        template_id: null,
        after_item: null,
      },
    ]);
    expect(db.prepare('SELECT id, item_id, kind FROM attempts ORDER BY id').all()).toEqual([
      { id: 41, item_id: 7, kind: 'send' },
      { id: 42, item_id: 7, kind: 'readback' },
    ]);

    // A row may have several items now: one per step and listed value, never two of the same.
    const add = db.prepare(
      `INSERT INTO job_items (job_id, row_number, status, updated_at, step, fan_index, fan_value) VALUES ('j', 2, 'waiting', 1, ?, ?, ?)`,
    );
    add.run(1, 0, 'Fire Safety');
    add.run(1, 1, 'Code of Conduct');
    expect(() => add.run(1, 1, 'again')).toThrow(/UNIQUE/);

    const indexes = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'job_items' AND sql IS NOT NULL ORDER BY name`,
      )
      .pluck()
      .all() as string[];
    expect(indexes).toEqual([
      'job_items_by_job_key',
      'job_items_by_row',
      'job_items_by_status',
      'job_items_followers',
      'job_items_succeeded_by_key',
    ]);
    expect(db.prepare(`SELECT recipe_json FROM jobs WHERE id = 'j'`).pluck().get()).toBeNull();
    db.prepare(
      `INSERT INTO recipes (id, name, api, recipe_json, saved_at) VALUES ('mine', 'Mine', 'coursepath', '{}', 1)`,
    ).run();

    // Attempts still go with their item, and items with their job.
    db.prepare('DELETE FROM job_items WHERE id = 7').run();
    expect(db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(0);
    db.prepare(`DELETE FROM jobs WHERE id = 'j'`).run();
    expect(db.prepare('SELECT COUNT(*) FROM job_items').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('a fresh database has the new schema', () => {
    const db = temp.open(15);
    expect(db.pragma('user_version', { simple: true })).toBe(15);
    const cols = (db.prepare('PRAGMA table_info(job_items)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(
      expect.arrayContaining(['step', 'fan_index', 'fan_value', 'template_id', 'after_item']),
    );
  });
});
