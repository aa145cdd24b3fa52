// Migration 27 (the choices on Reports, kept with the desk): from a version-26 database the desk keeps its
// file, screen, Run options and recipe draft and has no report chosen; a choice saved is read back whole,
// kept through other patches, replaced by the next one. The contract refuses a choice of the wrong shape.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { getDeskState, saveDeskState } from '../../../src-main/db/workingState';
import { validateInput } from '../../../src-shared/contract/validate';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0027-desk-report-choice', () => {
  const temp = useTempDb();
  const reportChoice = {
    report: 'compliance' as const,
    cohortBy: 'course' as const,
    complianceKeys: ['sandbox-coursepath:c1', 'sandbox-coassemble:42'],
    complianceBy: 'company' as const,
    fromRunId: null,
    toRunId: 4,
  };

  it('keeps the desk as it was, with no report chosen; a choice is kept until the next one', () => {
    const db = temp.open(26);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at)
        VALUES ('d1', 'd1', 'hires.csv', '["Email"]', ',', 'utf-8', 'ready', 1);
      INSERT INTO desk_state (id, dataset_id, screen, updated_at) VALUES (1, 'd1', 'reports', 5);
    `);
    migrate(db, 27);
    expect(db.pragma('user_version', { simple: true })).toBe(27);
    expect(getDeskState(db)).toStrictEqual({ datasetId: 'd1', screen: 'reports', runOptions: null, updatedAt: 5 });

    expect(validateInput('desk.save', { reportChoice }).ok).toBe(true);
    saveDeskState(db, { reportChoice }, 6);
    expect(saveDeskState(db, { screen: 'map' }, 7)).toStrictEqual({
      datasetId: 'd1',
      screen: 'map',
      runOptions: null,
      reportChoice,
      updatedAt: 7,
    });
    const next = { ...reportChoice, report: 'progressOverTime' as const, fromRunId: 2 };
    expect(saveDeskState(db, { reportChoice: next }, 8).reportChoice).toStrictEqual(next);
    expect(getDeskState(db).reportChoice).toStrictEqual(next);
  });

  it('refuses a choice that is not one the screen makes', () => {
    expect(validateInput('desk.save', { reportChoice: { ...reportChoice, report: 'salaries' } }).ok).toBe(false);
    expect(validateInput('desk.save', { reportChoice: { ...reportChoice, complianceBy: 'team' } }).ok).toBe(false);
    expect(validateInput('desk.save', { reportChoice: { ...reportChoice, fromRunId: 'x' } }).ok).toBe(false);
    expect(validateInput('desk.save', { reportChoice: { ...reportChoice, complianceKeys: [''] } }).ok).toBe(false);
    expect(validateInput('desk.save', { reportChoice: { ...reportChoice, extra: 1 } }).ok).toBe(false);
    const { toRunId: _, ...missing } = reportChoice;
    expect(validateInput('desk.save', { reportChoice: missing }).ok).toBe(false);
    expect(validateInput('desk.save', { reportChoice: { ...reportChoice, names: { 'run:4': 7 } } }).ok).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 503 }, (_, i) => [`c:${i}`, 'x']));
    expect(validateInput('desk.save', { reportChoice: { ...reportChoice, names: many } }).ok).toBe(false);
  });

  it('keeps the names of what was chosen with the choice, to say them by should a sync remove them', () => {
    const db = temp.open(27);
    const named = {
      ...reportChoice,
      names: { 'sandbox-coassemble:42': '“Fire safety” (Sandbox · Coassemble)', 'run:4': '5 Dec 2026, 05:02 · Sandbox · Coassemble' },
    };
    expect(validateInput('desk.save', { reportChoice: named }).ok).toBe(true);
    saveDeskState(db, { reportChoice: named }, 6);
    expect(getDeskState(db).reportChoice).toStrictEqual(named);
  });
});
