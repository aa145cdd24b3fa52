// Migration 20 (recipe step reads): a version-19 database's recipe jobs never read their steps' targets
// before writing them, so they are marked as not read (their undo is refused, naming them); a recipe job
// made afterwards is marked as read per step.
import { describe, expect, it } from 'vitest';
import { createJob, getJob } from '../../../src-main/db/jobs';
import { migrate } from '../../../src-main/db/openDb';
import { ONBOARD_LEARNERS } from '../../../src-shared/recipes/builtins';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0020-recipe-step-reads', () => {
  const temp = useTempDb();

  it('marks older recipe jobs as not read per step, and new ones as read', () => {
    const db = temp.open(19);
    const datasetId = seedDataset(db, ['Email'], [['a@x.test']]);
    db.prepare(
      `INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
         mapping_json, options_json, state, created_at, recipe_json)
       VALUES ('old', 'recipe:coursepath.onboard', 'Onboard learners', 'c', 'Acme', ?, 'seeded.csv', '{"fields":{}}', '{}', 'completed', 0, ?)`,
    ).run(datasetId, JSON.stringify(ONBOARD_LEARNERS));

    migrate(db, 20);
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(getJob(db, 'old')!.readsPerStep).toBe(false);
    migrate(db); // jobs are made in today's schema
    const made = {
      templateName: 'Onboard learners',
      connectionId: 'c',
      connectionName: 'Acme',
      datasetId,
      fileName: 'seeded.csv',
      mapping: { fields: {} },
      options: {},
      createdAt: 1,
      templates: null,
    };
    createJob(
      db,
      { ...made, id: 'new', templateId: 'recipe:coursepath.onboard', recipe: ONBOARD_LEARNERS },
      [],
    );
    createJob(db, { ...made, id: 'plain', templateId: 'coursepath.members.create' }, []);
    expect(getJob(db, 'new')!.readsPerStep).toBe(true);
    expect(getJob(db, 'plain')!.readsPerStep).toBe(false);
  });
});
