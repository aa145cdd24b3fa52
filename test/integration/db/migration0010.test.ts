// Migration 10 (working state): from a version-6 database with a dataset and a synced course, the new
// tables appear and the old rows are untouched; a working mapping is one per dataset and template and
// goes with its dataset; the desk state forgets a dataset that is removed.
import { describe, expect, it } from 'vitest';
import { discardDataset } from '../../../src-main/db/datasets';
import { migrate } from '../../../src-main/db/openDb';
import { findWorkingMapping, getDeskState, saveDeskState, saveWorkingMapping } from '../../../src-main/db/workingState';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0010-working-state', () => {
  const temp = useTempDb();

  it('adds working mappings, the desk state and synced programs without touching the data', () => {
    const db = temp.open(6);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d1', 'd1', 'hires.csv', '["Email","Course"]', ',', 'utf-8', 'ready', 1),
               ('d2', 'd2', 'other.csv', '["email"]', ',', 'utf-8', 'ready', 2);
      INSERT INTO sync_runs (id, connection_id, state, started_at) VALUES (1, 'c', 'completed', 1);
      INSERT INTO synced_courses (connection_id, course_id, title, run_id, synced_at) VALUES ('c', '7', 'Fire Safety', 1, 1);
    `);
    migrate(db, 10);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(db.prepare(`SELECT title FROM synced_courses`).pluck().get()).toBe('Fire Safety');

    const mapping = {
      fields: {
        courseId: {
          kind: 'column' as const,
          column: 'Course',
          transforms: [
            {
              kind: 'lookup' as const,
              entity: 'coursepath.course' as const,
              from: 'title' as const,
              connectionId: '',
              resolved: { entries: { 'fire safety': '7' }, ambiguous: {}, catalog: 'x' },
            },
          ],
        },
      },
    };
    saveWorkingMapping(db, { datasetId: 'd1', templateId: 't1', connectionId: 'c', mapping, updatedAt: 10 });
    saveWorkingMapping(db, { datasetId: 'd1', templateId: 't2', connectionId: null, mapping: { fields: {} }, updatedAt: 11 });
    const again = saveWorkingMapping(db, { datasetId: 'd1', templateId: 't1', connectionId: 'c', mapping, updatedAt: 12 });
    expect(db.prepare(`SELECT COUNT(*) FROM working_mappings`).pluck().get()).toBe(2); // one per dataset and template
    // The bound catalog is never stored: what the admin chose is.
    expect(again.mapping.fields.courseId).toEqual({
      kind: 'column',
      column: 'Course',
      transforms: [{ kind: 'lookup', entity: 'coursepath.course', from: 'title', connectionId: '' }],
    });
    expect(findWorkingMapping(db, { datasetId: 'd1' })?.templateId).toBe('t1'); // the last edited
    expect(findWorkingMapping(db, { templateId: 't2' })?.datasetId).toBe('d1');
    expect(findWorkingMapping(db, { datasetId: 'd2' })).toBeNull();

    // The desk state as today's code reads it (Run's options came with migration 23).
    migrate(db, 23);
    expect(getDeskState(db)).toEqual({ datasetId: null, screen: null, runOptions: null, updatedAt: null });
    expect(saveDeskState(db, { datasetId: 'd1' }, 20)).toEqual({ datasetId: 'd1', screen: null, runOptions: null, updatedAt: 20 });
    expect(saveDeskState(db, { screen: 'map' }, 21)).toEqual({ datasetId: 'd1', screen: 'map', runOptions: null, updatedAt: 21 });
    expect(saveDeskState(db, { datasetId: 'nope' }, 22).datasetId).toBeNull(); // not an import: none

    saveDeskState(db, { datasetId: 'd1' }, 23);
    discardDataset(db, 'd1');
    expect(findWorkingMapping(db, { datasetId: 'd1' })).toBeNull(); // went with its dataset
    expect(getDeskState(db)).toMatchObject({ datasetId: null, screen: 'map' });

    db.exec(`INSERT INTO synced_programs (connection_id, program_id, title, run_id, synced_at) VALUES ('c', '700', 'Onboarding', 1, 1)`);
    expect(() =>
      db.exec(`INSERT INTO synced_programs (connection_id, program_id, title, run_id, synced_at) VALUES ('c', '700', 'Twice', 1, 1)`),
    ).toThrow(/UNIQUE|PRIMARY/);
  });
});
