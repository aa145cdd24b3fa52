// Migration 28 (the screens' choices, kept with the desk): from a version-27 database the desk keeps its
// file, screen and Reports' choice and has no screen choice; a section saved is read back, kept through
// other patches and through saves of other sections, replaced by its next save, forgotten by null. Read
// back, a section this version cannot read (a hand edit, an older shape) is dropped and the others stay.
// The contract refuses a section of the wrong shape, and a credential's value in Map's manual rows.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { getDeskState, saveDeskState } from '../../../src-main/db/workingState';
import type { ScreenChoices } from '../../../src-shared/contract/api';
import { validateInput } from '../../../src-shared/contract/validate';
import { useTempDb } from '../../helpers/tempDb';

const choices: Required<ScreenChoices> = {
  import: { delimiter: ';', encoding: 'windows-1252' },
  history: { jobId: 'j1', filter: 'failed', search: 'ana@' },
  recipes: { recipeId: 'coursepath.onboard', connectionId: 'c1', skipSteps: ['invite'], previewRow: 3, concurrency: 4 },
  manualRows: { datasetId: 'd1', headers: [['', 'hr-export'], ['X-Source', 'hr']], capture: [] },
};

describe('migration 0028-desk-screen-choices', () => {
  const temp = useTempDb();

  it('keeps the desk as it was with no choice; each section is kept until its next save', () => {
    const db = temp.open(27);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d1', 'd1', 'hires.csv', '["Email"]', ',', 'utf-8', 'ready', 1);
      INSERT INTO desk_state (id, dataset_id, screen, updated_at) VALUES (1, 'd1', 'history', 5);
    `);
    migrate(db, 28);
    expect(db.pragma('user_version', { simple: true })).toBe(28);
    expect(getDeskState(db)).toStrictEqual({ datasetId: 'd1', screen: 'history', runOptions: null, updatedAt: 5 });

    expect(validateInput('desk.save', { screenChoices: choices }).ok).toBe(true);
    saveDeskState(db, { screenChoices: { import: choices.import, history: choices.history } }, 6);
    saveDeskState(db, { screenChoices: { recipes: choices.recipes } }, 7);
    saveDeskState(db, { screenChoices: { manualRows: choices.manualRows } }, 8);
    expect(saveDeskState(db, { screen: 'import' }, 9)).toStrictEqual({
      datasetId: 'd1',
      screen: 'import',
      runOptions: null,
      screenChoices: choices,
      updatedAt: 9,
    });
    const history = { ...choices.history, filter: 'all' as const, search: '' };
    saveDeskState(db, { screenChoices: { history, manualRows: null } }, 10);
    const { manualRows: _, ...rest } = choices;
    expect(getDeskState(db).screenChoices).toStrictEqual({ ...rest, history });
    saveDeskState(db, { screenChoices: { import: null, history: null, recipes: null } }, 11);
    expect(getDeskState(db).screenChoices).toBeUndefined();
    expect(db.prepare('SELECT screen_choices_json FROM desk_state').pluck().get()).toBeNull();
  });

  it('drops, when read, a section this version does not read and keeps the others', () => {
    const db = temp.open(28);
    const kept = {
      ...choices,
      import: { delimiter: '#', encoding: 'utf-8' },
      history: { ...choices.history, filter: 'lost' },
      recipes: { ...choices.recipes, previewRow: 1 },
      reports: { old: true },
    };
    db.prepare(`INSERT INTO desk_state (id, screen, screen_choices_json, updated_at) VALUES (1, 'map', ?, 1)`).run(
      JSON.stringify(kept),
    );
    expect(getDeskState(db).screenChoices).toStrictEqual({ manualRows: choices.manualRows });
    db.prepare(`UPDATE desk_state SET screen_choices_json = 'not json'`).run();
    expect(getDeskState(db).screenChoices).toBeUndefined();
    // A save over what could not be read keeps only what it says.
    expect(saveDeskState(db, { screenChoices: { import: choices.import } }, 2).screenChoices).toStrictEqual({
      import: choices.import,
    });
  });

  it('refuses a section that is not one the screens make, and a credential kept with its value', () => {
    const bad = (screenChoices: unknown) => expect(validateInput('desk.save', { screenChoices }).ok).toBe(false);
    bad({ import: { delimiter: 'x', encoding: '' } });
    bad({ import: { delimiter: ',', encoding: 'klingon' } });
    bad({ history: { ...choices.history, filter: 'gone' } });
    bad({ history: { ...choices.history, search: 'x'.repeat(201) } });
    bad({ recipes: { ...choices.recipes, concurrency: 65 } });
    bad({ recipes: { ...choices.recipes, previewRow: 1 } });
    bad({ themes: {} });
    bad({ manualRows: { ...choices.manualRows, headers: [['X-Api-Key', 'sk_live_123']] } });
    bad({ manualRows: { ...choices.manualRows, headers: [['Authorization', 'Bearer abc']] } });
    // A credential's name alone (its value is never kept) is fine.
    expect(
      validateInput('desk.save', { screenChoices: { manualRows: { ...choices.manualRows, headers: [['X-Api-Key', '']] } } })
        .ok,
    ).toBe(true);
  });
});
