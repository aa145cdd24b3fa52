// Migration 23 (Run's options with the desk): from a version-22 database where the admin was on Run with
// a file open, the desk keeps its file and screen, has no Run options yet (the screen's defaults), and
// keeps those set afterwards.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { getDeskState, saveDeskState } from '../../../src-main/db/workingState';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0023-desk-run-options', () => {
  const temp = useTempDb();

  it('keeps the desk as it was and adds Run options, none until set', () => {
    const db = temp.open(22);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d1', 'd1', 'hires.csv', '["Email"]', ',', 'utf-8', 'ready', 1);
      INSERT INTO desk_state (id, dataset_id, screen, updated_at) VALUES (1, 'd1', 'run', 5);
    `);
    migrate(db, 23);
    expect(db.pragma('user_version', { simple: true })).toBe(23);
    expect(getDeskState(db)).toEqual({ datasetId: 'd1', screen: 'run', runOptions: null, updatedAt: 5 });

    const runOptions = {
      ratePerSecond: '2',
      concurrency: null,
      maxAttempts: 3,
      dryRun: true,
      breaker: { failures: 10, window: 50, off: true },
      canary: '',
      readBack: 'off' as const,
    };
    saveDeskState(db, { runOptions }, 6);
    // Another patch leaves them as they are.
    expect(saveDeskState(db, { screen: 'history' }, 7)).toEqual({
      datasetId: 'd1',
      screen: 'history',
      runOptions,
      updatedAt: 7,
    });
  });
});
