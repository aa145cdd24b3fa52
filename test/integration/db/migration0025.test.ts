// Migration 25 (the recipe being edited, kept with the desk): from a version-24 database the desk keeps its
// file, screen and Run options and has no recipe draft; a draft saved is read back whole (a name still
// empty while typed included), kept through other patches, and gone once cleared (saved or given up).
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { getDeskState, saveDeskState } from '../../../src-main/db/workingState';
import { validateInput } from '../../../src-shared/contract/validate';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0025-desk-recipe-draft', () => {
  const temp = useTempDb();

  it('keeps the desk as it was, with no draft; a draft is kept until cleared', () => {
    const db = temp.open(24);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d1', 'd1', 'hires.csv', '["Email"]', ',', 'utf-8', 'ready', 1);
      INSERT INTO desk_state (id, dataset_id, screen, updated_at) VALUES (1, 'd1', 'recipes', 5);
    `);
    migrate(db, 25);
    expect(db.pragma('user_version', { simple: true })).toBe(25);
    expect(getDeskState(db)).toStrictEqual({ datasetId: 'd1', screen: 'recipes', runOptions: null, updatedAt: 5 });

    const recipeDraft = {
      recipe: {
        version: 1,
        id: 'coursepath.onboard',
        name: '',
        api: 'coursepath' as const,
        steps: [
          {
            id: 'member',
            name: 'Create member',
            template: 'coursepath.members.create',
            mapping: { fields: { email: { kind: 'column' as const, column: 'Email' } } },
          },
        ],
      },
      builtIn: true,
    };
    // What the screen sends passes the contract as it is typed (an empty name included).
    expect(validateInput('desk.save', { recipeDraft }).ok).toBe(true);
    saveDeskState(db, { recipeDraft }, 6);
    expect(saveDeskState(db, { screen: 'map' }, 7)).toStrictEqual({
      datasetId: 'd1',
      screen: 'map',
      runOptions: null,
      recipeDraft,
      updatedAt: 7,
    });
    expect(saveDeskState(db, { recipeDraft: null }, 8)).not.toHaveProperty('recipeDraft');
    expect(getDeskState(db)).toMatchObject({ datasetId: 'd1', screen: 'map' });
  });

  it('refuses a draft that is not a recipe being edited', () => {
    expect(validateInput('desk.save', { recipeDraft: { recipe: { id: 'x' }, builtIn: false } }).ok).toBe(false);
    expect(validateInput('desk.save', { recipeDraft: { recipe: 'x', builtIn: false } }).ok).toBe(false);
  });
});
