// Named mappings ("presets") in SQLite, per template; presets saved by earlier versions in localStorage
// are moved there once.
import type { Mapping } from '../../src-shared/mapping/types';
import { call } from '../api/client';
import { columnsNow, get, set, usableFor } from './mappingState';

const PRESETS_KEY = 'bulk-desk.presets';

async function adoptLocalPresets(): Promise<void> {
  if (typeof localStorage === 'undefined') return;
  let v: unknown;
  try {
    v = JSON.parse(localStorage.getItem(PRESETS_KEY) ?? 'null');
  } catch {
    return;
  }
  if (!Array.isArray(v) || v.length === 0) return;
  for (const p of v as { name: string; templateId: string; mapping: Mapping }[]) {
    const r = await call('mappings.save', { name: p.name, templateId: p.templateId, mapping: p.mapping });
    if (!r.ok) return; // keep them for the next attempt
  }
  localStorage.removeItem(PRESETS_KEY);
}

export async function loadPresets(): Promise<void> {
  await adoptLocalPresets();
  const r = await call('mappings.list', {});
  set(r.ok ? { presets: r.value, presetError: null } : { presetError: r.error });
}

export async function savePreset(name: string): Promise<void> {
  const { templateId, mapping } = get();
  if (!templateId || !name.trim()) return;
  const r = await call('mappings.save', { name: name.trim(), templateId, mapping });
  if (!r.ok) return set({ presetError: r.error });
  set({ presets: [...get().presets.filter((p) => p.id !== r.value.id), r.value], presetError: null });
}

/** The mapping a saved one would set on this file (its columns only), or null when there is none by that name. */
export function presetResult(name: string): Mapping | null {
  const { templateId, presets } = get();
  const p = presets.find((x) => x.name === name && x.templateId === templateId);
  return p ? usableFor(p.mapping, columnsNow()) : null;
}

export async function deletePreset(name: string): Promise<void> {
  const { templateId } = get();
  const p = get().presets.find((x) => x.name === name && x.templateId === templateId);
  if (!p) return;
  const r = await call('mappings.delete', { id: p.id });
  if (!r.ok) return set({ presetError: r.error });
  set({ presets: get().presets.filter((x) => x.id !== p.id), presetError: null });
}
