// The Map screen's state — connection, template, the mapping being worked on, its row check and save
// status — and the small readers every part of it shares. The actions are in mappingStore.ts; the working
// mapping's saves in mappingWorkingSave.ts, presets in mappingPresets.ts, row checks in mappingRowChecks.ts.
import { create } from 'zustand';
import type { RequestPreview, RequestSpec, SavedMappingDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { FieldSource, Mapping } from '../../src-shared/mapping/types';
import { datasetsSelectors, useDatasetsStore } from './datasetsStore';

export interface RowCheck {
  running: boolean;
  checked: number;
  /** Rows with at least one error: they will be skipped. */
  errorRows: number;
  warningRows: number;
  problems: RequestPreview[];
  error: AppErrorShape | null;
}

export interface MappingState {
  connectionId: string | null;
  templateId: string | null;
  mapping: Mapping;
  /** Fields whose source auto-match chose (and the admin has not touched since). */
  autoKeys: string[];
  check: RowCheck;
  onlyProblems: boolean;
  /** Saved mappings of every template, from SQLite (`mappings.*`). */
  presets: SavedMappingDto[];
  presetError: AppErrorShape | null;
  /** When the working mapping was last stored in SQLite; null until it is. */
  savedAt: number | null;
  /**
   * True from an edit until SQLite holds it (its save waits 300 ms for more keystrokes, then is sent):
   * "Saved" is said only when nothing the admin did is waiting, so closing then loses nothing.
   */
  unsaved: boolean;
  saveError: AppErrorShape | null;
}

export const emptyCheck: RowCheck = {
  running: false,
  checked: 0,
  errorRows: 0,
  warningRows: 0,
  problems: [],
  error: null,
};

export const initialMappingState: MappingState = {
  connectionId: null,
  templateId: null,
  mapping: { fields: {} },
  autoKeys: [],
  check: emptyCheck,
  onlyProblems: true,
  presets: [],
  presetError: null,
  savedAt: null,
  unsaved: false,
  saveError: null,
};
export const useMappingStore = create<MappingState>(() => initialMappingState);
export const set = useMappingStore.setState;
export const get = useMappingStore.getState;

export const columnsNow = () => datasetsSelectors.columns(useDatasetsStore.getState());
export const datasetNow = () => useDatasetsStore.getState().currentId;

/** Keeps only sources whose columns exist in this file (and the manual configuration). */
export function usableFor(mapping: Mapping, columns: readonly string[]): Mapping {
  const has = (c: string) => columns.includes(c);
  const fields: Record<string, FieldSource> = {};
  for (const [key, src] of Object.entries(mapping.fields ?? {})) {
    if (src.kind === 'column' && !has(src.column)) continue;
    if (src.kind === 'keyValue' && !src.entries.every((e) => has(e.column))) continue;
    fields[key] = src;
  }
  return {
    fields,
    ...(mapping.manual ? { manual: mapping.manual } : {}),
    ...(mapping.bodyEncoding ? { bodyEncoding: mapping.bodyEncoding } : {}),
  };
}

/** What preview, test-send and job creation are built from, or null while something is missing. */
export function currentSpec(): RequestSpec | null {
  const datasetId = datasetNow();
  const { connectionId, templateId, mapping } = get();
  if (!datasetId || !connectionId || !templateId) return null;
  return { datasetId, connectionId, templateId, mapping };
}
