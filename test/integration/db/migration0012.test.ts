// Migration 12 (undo and audit): from a version-6 database with a dataset and a job, both survive as
// they were; the new columns start empty (a file imported before has no digest, a job no audit record
// and no undo); an undo job can name the job it undoes, and is found by it.
import { describe, expect, it } from 'vitest';
import { datasetAudit, planOfJob, readAuditJson, undoneByJobs } from '../../../src-main/db/audit';
import { getDataset } from '../../../src-main/db/datasets';
import { getJob } from '../../../src-main/db/jobs';
import { migrate } from '../../../src-main/db/openDb';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0012-undo-audit', () => {
  const temp = useTempDb();

  it('adds the digest, source, undo and audit columns without touching existing rows', () => {
    const db = temp.open(6);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, row_count, delimiter, encoding, state, imported_at)
        VALUES ('d', 'd', 'd.csv', '["email"]', 1, ',', 'utf-8', 'ready', 5);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at)
        VALUES ('j', 'coursepath.courses.enrol', 'enrol', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 1);
    `);
    migrate(db, 12);
    expect(db.pragma('user_version', { simple: true })).toBe(12);
    expect(getDataset(db, 'd')).toMatchObject({ fileName: 'd.csv', rowCount: 1, sha256: null, sizeBytes: null });
    expect(datasetAudit(db, 'd')).toEqual({ fileName: 'd.csv', sha256: null, sizeBytes: null, rows: 1, importedAt: 5, source: null });
    expect(getJob(db, 'j')).toMatchObject({ state: 'completed', undoOf: null });
    expect(readAuditJson(db, 'j')).toBeNull();

    db.exec(`
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
                        mapping_json, options_json, state, created_at, undo_of, audit_json)
        VALUES ('u', 'coursepath.courses.unenrol', 'unenrol', 'c', 'Acme', 'd', 'd.csv', '{"fields":{}}', '{}', 'ready', 2, 'j', '{"runs":[]}');
    `);
    expect(getJob(db, 'u')?.undoOf).toBe('j');
    expect(undoneByJobs(db, 'j')).toEqual(['u']);
    expect(readAuditJson(db, 'u')).toEqual({ runs: [] });
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE undo_of = 'j'`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/jobs_by_undo_of/);
  });

  it('names the plan a job was made from (issue 17 part 1, migration 11)', () => {
    const db = temp.open(12);
    expect(planOfJob(db, 'j')).toBeNull(); // no plan made this job
    db.exec(`
      INSERT INTO datasets (id, seq, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d', 1, 'd', 'd.csv', '["email"]', ',', 'utf-8', 'ready', 0);
      INSERT INTO plans (id, dataset_id, file_name, connection_id, connection_name, template_id, template_name,
                         run_template_id, mapping_json, options_json, source, synced_at, state, counts_json, calls,
                         created_at, finished_at, job_id)
        VALUES ('p1', 'd', 'd.csv', 'c', 'Acme', 'coursepath.members.create', 'create', 'coursepath.members.upsert',
                '{"fields":{}}', '{}', 'live', NULL, 'ready', '{"create":2,"update":1}', 3, 10, 11, 'j');
    `);
    expect(planOfJob(db, 'j')).toEqual({
      id: 'p1',
      templateId: 'coursepath.members.create',
      runTemplateId: 'coursepath.members.upsert',
      source: 'live',
      syncedAt: null,
      counts: { create: 2, update: 1 },
      calls: 3,
      createdAt: 10,
      finishedAt: 11,
    });
    expect(planOfJob(db, 'other')).toBeNull();
  });
});
