// Migration 4 (saved mappings): from a version-3 database with a job in it, the saved_mappings table
// appears, existing rows are untouched, and one name per template is enforced.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/db/openDb';
import { listSavedMappings, saveMapping } from '../../../src-main/db/savedMappings';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0004-saved-mappings', () => {
  const temp = useTempDb();

  it('adds saved_mappings to a version-3 database without touching its data', () => {
    const db = temp.open(3);
    db.exec(`INSERT INTO datasets (id, name, file_name, columns_json, delimiter, encoding, imported_at) VALUES ('d', 'd', 'd.csv', '["email"]', ',', 'utf-8', 0)`);
    migrate(db, 4);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect((db.prepare('SELECT file_name FROM datasets').get() as { file_name: string }).file_name).toBe('d.csv');

    const mapping = { fields: { email: { kind: 'column' as const, column: 'email' } } };
    const a = saveMapping(db, { name: 'HR export', templateId: 't1', mapping, savedAt: 1 });
    const again = saveMapping(db, { name: 'HR export', templateId: 't1', mapping: { fields: {} }, savedAt: 2 });
    expect(again.id).toBe(a.id); // same name, same template: replaced
    expect(again).toMatchObject({ mapping: { fields: {} }, savedAt: 2 });
    saveMapping(db, { name: 'HR export', templateId: 't2', mapping, savedAt: 3 }); // another template: its own
    expect(listSavedMappings(db).map((m) => [m.templateId, m.name])).toEqual([
      ['t1', 'HR export'],
      ['t2', 'HR export'],
    ]);
    expect(() => db.prepare(`INSERT INTO saved_mappings (name, template_id, mapping_json, saved_at) VALUES ('  ', 't', '{}', 0)`).run()).toThrow(/CHECK/);
  });
});
