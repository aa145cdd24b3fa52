// Saved mappings (presets), one name per template. The mapping is stored as JSON: it is read and written
// whole, never queried by its parts.
import type { SavedMappingDto } from '../../src-shared/contract/api';
import type { Mapping } from '../../src-shared/mapping/types';
import type { Db } from './openDb';

interface SavedMappingRow {
  id: number;
  name: string;
  template_id: string;
  mapping_json: string;
  saved_at: number;
}

const toDto = (r: SavedMappingRow): SavedMappingDto => ({
  id: r.id,
  name: r.name,
  templateId: r.template_id,
  mapping: JSON.parse(r.mapping_json) as Mapping,
  savedAt: r.saved_at,
});

export function listSavedMappings(db: Db, templateId?: string): SavedMappingDto[] {
  const rows = db
    .prepare('SELECT * FROM saved_mappings WHERE (? IS NULL OR template_id = ?) ORDER BY template_id, name COLLATE NOCASE')
    .all(templateId ?? null, templateId ?? null) as SavedMappingRow[];
  return rows.map(toDto);
}

/** Saves under (templateId, name), replacing a mapping saved before under the same name. */
export function saveMapping(db: Db, m: { name: string; templateId: string; mapping: Mapping; savedAt: number }): SavedMappingDto {
  const row = db
    .prepare(
      `INSERT INTO saved_mappings (name, template_id, mapping_json, saved_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (template_id, name) DO UPDATE SET mapping_json = excluded.mapping_json, saved_at = excluded.saved_at
       RETURNING *`,
    )
    .get(m.name, m.templateId, JSON.stringify(m.mapping), m.savedAt) as SavedMappingRow;
  return toDto(row);
}

export function deleteSavedMapping(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM saved_mappings WHERE id = ?').run(id).changes > 0;
}
