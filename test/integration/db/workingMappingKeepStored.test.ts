// A template chosen on Map as the page goes, before its mapping for the file was read, is saved as the
// choice only (`keepStored`): the file's own working mapping for that template stays as the admin left it
// (not replaced by the auto-match the screen showed for a moment) and becomes the one the file opens with;
// with none stored, the mapping sent is stored.
import { describe, expect, it } from 'vitest';
import { findWorkingMapping, saveWorkingMapping } from '../../../src-main/db/workingState';
import { validateInput } from '../../../src-shared/contract/validate';
import { useTempDb } from '../../helpers/tempDb';

describe('a working mapping saved with keepStored', () => {
  const temp = useTempDb();
  const own = { fields: { email: { kind: 'column' as const, column: 'Mail', transforms: [{ kind: 'trim' as const }] } } };
  const auto = { fields: { email: { kind: 'column' as const, column: 'email' } } };
  const base = { datasetId: 'd1', connectionId: null };

  it("keeps the file's own mapping for the template and makes it the one the file opens with", () => {
    const db = temp.open(28);
    db.exec(`INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, state, imported_at)
               VALUES ('d1', 'd1', 'a.csv', '["email","Mail"]', ',', 'utf-8', 'ready', 1)`);
    saveWorkingMapping(db, { ...base, templateId: 'coursepath.members.update', mapping: own, updatedAt: 1 });
    saveWorkingMapping(db, { ...base, templateId: 'coursepath.members.create', mapping: auto, updatedAt: 2 });
    expect(findWorkingMapping(db, { datasetId: 'd1' })?.templateId).toBe('coursepath.members.create');

    const input = { ...base, templateId: 'coursepath.members.update', mapping: auto, keepStored: true };
    expect(validateInput('mappings.saveWorking', input)).toMatchObject({ ok: true, value: { keepStored: true } });
    saveWorkingMapping(db, { ...input, connectionId: null, updatedAt: 3 });
    expect(findWorkingMapping(db, { datasetId: 'd1' })).toMatchObject({
      templateId: 'coursepath.members.update',
      mapping: own,
      updatedAt: 3,
    });

    // None stored for this template: the mapping sent is.
    saveWorkingMapping(db, { ...base, templateId: 'coursepath.members.upsert', mapping: auto, updatedAt: 4, keepStored: true });
    expect(findWorkingMapping(db, { datasetId: 'd1' })).toMatchObject({ templateId: 'coursepath.members.upsert', mapping: auto });
  });
});
