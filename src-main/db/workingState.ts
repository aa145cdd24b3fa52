// The working mapping per dataset and template, and where the admin was (desk_state, with Run's options,
// the recipe being edited and not saved yet, the choices on Reports and the other screens' choices). Mappings are stored
// as JSON, read and written whole. Bound lookup tables (`resolved`) are never stored: they are the catalog
// as synced, filled in again on every use (src-main/sync/lookups.ts).
import type {
  DeskScreen,
  DeskStateDto,
  RecipeDraft,
  ReportChoice,
  RunOptionsForm,
  ScreenChoicesPatch,
  WorkingMappingDto,
} from '../../src-shared/contract/api';
import { mergeScreenChoices, readScreenChoices } from '../../src-shared/desk/screenChoices';
import type { FieldSource, Mapping } from '../../src-shared/mapping/types';
import type { Db } from './openDb';

interface WorkingRow {
  dataset_id: string;
  template_id: string;
  connection_id: string | null;
  mapping_json: string;
  updated_at: number;
}

const toDto = (r: WorkingRow): WorkingMappingDto => ({
  datasetId: r.dataset_id,
  templateId: r.template_id,
  connectionId: r.connection_id,
  mapping: JSON.parse(r.mapping_json) as Mapping,
  updatedAt: r.updated_at,
});

/** The mapping without any bound lookup table: what the admin chose, not what the catalog said then. */
export function unbound(mapping: Mapping): Mapping {
  const strip = (s: FieldSource): FieldSource =>
    (s.kind === 'column' || s.kind === 'template') &&
    s.transforms?.some((t) => t.kind === 'lookup' && t.resolved)
      ? {
          ...s,
          transforms: s.transforms.map((t) => {
            if (t.kind !== 'lookup' || !t.resolved) return t;
            const { resolved: _resolved, ...rest } = t;
            return rest;
          }),
        }
      : s;
  return {
    ...mapping,
    fields: Object.fromEntries(Object.entries(mapping.fields).map(([k, s]) => [k, strip(s)])),
  };
}

/**
 * Stores the working mapping of a file for a template. `keepStored`: only the template was chosen (the
 * mapping is what the screen showed before reading this one): a mapping the file has for it stays as it
 * is, made the last edited with this connection; `mapping` is stored only when there is none.
 */
export function saveWorkingMapping(
  db: Db,
  w: WorkingMappingDto & { keepStored?: boolean },
): WorkingMappingDto {
  const row = db
    .prepare(
      `INSERT INTO working_mappings (dataset_id, template_id, connection_id, mapping_json, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (dataset_id, template_id) DO UPDATE SET connection_id = excluded.connection_id,
         ${w.keepStored ? '' : 'mapping_json = excluded.mapping_json, '}updated_at = excluded.updated_at
       RETURNING *`,
    )
    .get(
      w.datasetId,
      w.templateId,
      w.connectionId,
      JSON.stringify(unbound(w.mapping)),
      w.updatedAt,
    ) as WorkingRow;
  return toDto(row);
}

/** The latest working mapping of a dataset and/or template (at least one given). */
export function findWorkingMapping(
  db: Db,
  q: { datasetId?: string; templateId?: string },
): WorkingMappingDto | null {
  const row = db
    .prepare(
      `SELECT * FROM working_mappings WHERE (? IS NULL OR dataset_id = ?) AND (? IS NULL OR template_id = ?)
       ORDER BY updated_at DESC LIMIT 1`,
    )
    .get(q.datasetId ?? null, q.datasetId ?? null, q.templateId ?? null, q.templateId ?? null) as
    WorkingRow | undefined;
  return row ? toDto(row) : null;
}

interface DeskRow {
  dataset_id: string | null;
  screen: string | null;
  run_options_json: string | null;
  /** Absent before migration 25. */
  recipe_draft_json?: string | null;
  /** Absent before migration 27. */
  report_choice_json?: string | null;
  /** Absent before migration 28. */
  screen_choices_json?: string | null;
  updated_at: number;
}

export function getDeskState(db: Db): DeskStateDto {
  const r = db.prepare(`SELECT * FROM desk_state WHERE id = 1`).get() as DeskRow | undefined;
  // Each section as this version reads it: one it cannot read (an older shape, a hand edit) is dropped.
  const screenChoices = readScreenChoices(r?.screen_choices_json);
  return r
    ? {
        datasetId: r.dataset_id,
        screen: (r.screen as DeskScreen | null) ?? null,
        runOptions: r.run_options_json === null ? null : (JSON.parse(r.run_options_json) as RunOptionsForm),
        ...(r.recipe_draft_json ? { recipeDraft: JSON.parse(r.recipe_draft_json) as RecipeDraft } : {}),
        ...(r.report_choice_json ? { reportChoice: JSON.parse(r.report_choice_json) as ReportChoice } : {}),
        ...(Object.keys(screenChoices).length ? { screenChoices } : {}),
        updatedAt: r.updated_at,
      }
    : { datasetId: null, screen: null, runOptions: null, updatedAt: null };
}

/** Changes only what is given; a dataset that no longer exists is stored as none. */
export function saveDeskState(
  db: Db,
  patch: {
    datasetId?: string | null;
    screen?: DeskScreen;
    runOptions?: RunOptionsForm;
    recipeDraft?: RecipeDraft | null;
    reportChoice?: ReportChoice;
    screenChoices?: ScreenChoicesPatch;
  },
  now: number,
): DeskStateDto {
  return db.transaction(() => {
    const cur = getDeskState(db);
    let datasetId = patch.datasetId === undefined ? cur.datasetId : patch.datasetId;
    if (datasetId !== null && !db.prepare(`SELECT 1 FROM datasets WHERE id = ?`).get(datasetId))
      datasetId = null;
    const screen = patch.screen ?? cur.screen;
    const runOptions = patch.runOptions ?? cur.runOptions ?? null;
    db.prepare(
      `INSERT INTO desk_state (id, dataset_id, screen, run_options_json, updated_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET dataset_id = excluded.dataset_id, screen = excluded.screen,
                                      run_options_json = excluded.run_options_json, updated_at = excluded.updated_at`,
    ).run(datasetId, screen, runOptions === null ? null : JSON.stringify(runOptions), now);
    if (patch.recipeDraft !== undefined)
      db.prepare(`UPDATE desk_state SET recipe_draft_json = ? WHERE id = 1`).run(
        patch.recipeDraft === null ? null : JSON.stringify(patch.recipeDraft),
      );
    if (patch.reportChoice !== undefined)
      db.prepare(`UPDATE desk_state SET report_choice_json = ? WHERE id = 1`).run(JSON.stringify(patch.reportChoice));
    if (patch.screenChoices !== undefined) {
      const next = mergeScreenChoices(cur.screenChoices ?? {}, patch.screenChoices);
      db.prepare(`UPDATE desk_state SET screen_choices_json = ? WHERE id = 1`).run(
        Object.keys(next).length ? JSON.stringify(next) : null,
      );
    }
    return getDeskState(db);
  })();
}
