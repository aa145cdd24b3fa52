// Migration 11 (plans): from a version-6 database with a dataset and a job, nothing is touched; a plan, its
// rows and its reads can be stored, an unknown class or state is refused, and they go with their dataset.
import { describe, expect, it } from 'vitest';
import { getJob } from '../../../src-main/db/jobs';
import { migrate } from '../../../src-main/db/openDb';
import {
  createPlan,
  getPlan,
  loadPlanReads,
  planRowsPage,
  savePlanReads,
  savePlanRows,
} from '../../../src-main/db/plans';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0011-plans', () => {
  const temp = useTempDb();

  it('adds plans, their rows and reads, cascading from the dataset', () => {
    const db = temp.open(6);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, row_count, delimiter, encoding, state, imported_at)
        VALUES ('d', 'd', 'd.csv', '["email"]', 1, ',', 'utf-8', 'ready', 0);
      INSERT INTO dataset_rows (dataset_id, row_number, cells_json) VALUES ('d', 2, '["a@example.com"]');
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j', 'coursepath.members.create', 'create', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1);
    `);
    migrate(db, 11);
    expect(db.pragma('user_version', { simple: true })).toBe(11);
    expect(getJob(db, 'j')?.state).toBe('completed');

    migrate(db); // plans are made in today's schema
    createPlan(db, {
      id: 'p',
      datasetId: 'd',
      fileName: 'd.csv',
      connectionId: 'c',
      connectionName: 'Acme',
      templateId: 'coursepath.members.create',
      templateName: 'create',
      runTemplateId: 'coursepath.members.upsert',
      mapping: { fields: {} },
      options: {},
      source: { kind: 'sync', syncedAt: 5 },
      state: 'reading',
      error: null,
      counts: { create: 0, update: 0, unchanged: 0, conflict: 0, missing: 0, invalid: 0, duplicate: 0 },
      rows: 0,
      calls: 0,
      createdAt: 10,
      finishedAt: null,
      jobId: null,
      templates: null,
    });
    savePlanReads(db, 'p', [{ reader: 'cp.memberByEmail', key: 'a@example.com', record: null }], 1);
    expect(loadPlanReads(db, 'p').get('cp.memberByEmail')?.get('a@example.com')).toBeNull();
    const counts = savePlanRows(
      db,
      'p',
      [
        {
          rowNumber: 2,
          class: 'create',
          key: 'email=a@example.com',
          diff: [{ field: 'email', old: null, new: 'a@example.com' }],
          note: null,
          call: 'POST /api/v1/members',
          resolved: null,
          fingerprint: 'f',
        },
      ],
      20,
    );
    expect(counts.create).toBe(1);
    expect(getPlan(db, 'p')).toMatchObject({
      state: 'ready',
      rows: 1,
      calls: 1,
      source: { kind: 'sync', syncedAt: 5 },
      finishedAt: 20,
    });
    expect(planRowsPage(db, 'p', 'create', 0, 10).items[0]).toMatchObject({
      rowNumber: 2,
      call: 'POST /api/v1/members',
    });

    expect(() =>
      db.prepare(`INSERT INTO plan_rows (plan_id, row_number, class) VALUES ('p', 3, 'maybe')`).run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE plans SET state = 'done' WHERE id = 'p'`).run()).toThrow(/CHECK/);

    db.prepare(`DELETE FROM jobs WHERE id = 'j'`).run();
    db.prepare(`DELETE FROM datasets WHERE id = 'd'`).run();
    expect(db.prepare('SELECT COUNT(*) FROM plans').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM plan_rows').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM plan_reads').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
