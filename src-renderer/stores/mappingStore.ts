// The choice of connection and template, and how each template field gets its value. Auto-match fills
// the mapping when the file or the template changes; the admin's edits are remembered per template so
// the next file with the same headers maps itself. Row checks reuse `requests.preview`, the same code
// the runner sends with, so "builds a valid request" here means exactly that; duplicates and rows already
// sent are the preflight's to say (preflightStore.ts).
import { create } from 'zustand';
import type { RequestPreview, RequestSpec, SavedMappingDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { Template } from '../../src-shared/connectors/types';
import { getTemplate, templatesFor } from '../../src-shared/connectors/catalog';
import { autoMatch } from '../../src-shared/mapping/autoMatch';
import type { FieldSource, Mapping } from '../../src-shared/mapping/types';
import { call } from '../api/client';
import { useConnectionsStore } from './connectionsStore';
import { datasetsSelectors, useDatasetsStore } from './datasetsStore';

/** Rows checked automatically after each edit; "Check every row" goes through the whole file. */
const AUTO_CHECK_ROWS = 5_000;
const CHECK_CHUNK = 1_000;
/** Problem rows kept for display; beyond this only the count grows. */
const MAX_PROBLEMS_KEPT = 500;

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
}

const emptyCheck: RowCheck = {
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
};
export const useMappingStore = create<MappingState>(() => initialMappingState);
const set = useMappingStore.setState;
const get = useMappingStore.getState;

// ---------- persistence: the per-template memory stays in this profile's localStorage (a convenience);
// named presets live in SQLite (`mappings.*`) ----------

const REMEMBER_KEY = (templateId: string) => `bulk-desk.mapping.${templateId}`;
const PRESETS_KEY = 'bulk-desk.presets';

function readJson<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: remembering is a convenience */
  }
}
/** Presets saved by earlier versions in this profile's localStorage: moved into SQLite once. */
async function adoptLocalPresets(): Promise<void> {
  if (typeof localStorage === 'undefined') return;
  const v = readJson<{ name: string; templateId: string; mapping: Mapping }[]>(PRESETS_KEY);
  if (!Array.isArray(v) || v.length === 0) return;
  for (const p of v) {
    const r = await call('mappings.save', { name: p.name, templateId: p.templateId, mapping: p.mapping });
    if (!r.ok) return; // keep them for the next attempt
  }
  localStorage.removeItem(PRESETS_KEY);
}

/** Keeps only sources whose columns exist in this file. */
function usableFor(mapping: Mapping, columns: readonly string[]): Mapping {
  const has = (c: string) => columns.includes(c);
  const fields: Record<string, FieldSource> = {};
  for (const [key, src] of Object.entries(mapping.fields ?? {})) {
    if (src.kind === 'column' && !has(src.column)) continue;
    if (src.kind === 'keyValue' && !src.entries.every((e) => has(e.column))) continue;
    fields[key] = src;
  }
  return { fields };
}

// ---------- actions ----------

function matchFor(template: Template, columns: string[]): Pick<MappingState, 'mapping' | 'autoKeys'> {
  // What the admin chose last time for this template, limited to columns this file has.
  const saved = readJson<Mapping>(REMEMBER_KEY(template.id));
  const last = saved ? usableFor(saved, columns) : { fields: {} };
  const headerToKey: Record<string, string> = {};
  for (const [key, src] of Object.entries(last.fields))
    if (src.kind === 'column') headerToKey[src.column] = key;
  const matched = autoMatch(template, columns, headerToKey);
  const fields = { ...matched.fields };
  for (const [key, src] of Object.entries(last.fields)) {
    const now = fields[key];
    // Keep remembered transforms on the same column, and remembered constants/templates where nothing matched.
    if (
      src.kind === 'column'
        ? now?.kind === 'column' && now.column === src.column
        : (now?.kind ?? 'none') === 'none'
    )
      fields[key] = src;
  }
  const autoKeys = Object.entries(fields)
    .filter(([, s]) => s.kind !== 'none')
    .map(([k]) => k);
  return { mapping: { fields }, autoKeys };
}

/** True once the admin picked a connection or template; until then the defaults follow the file. */
let pinned = false;

export function selectConnection(connectionId: string): void {
  pinned = true;
  applyConnection(connectionId);
}

export function selectTemplate(templateId: string): void {
  pinned = true;
  applyTemplate(templateId);
}

function applyConnection(connectionId: string, templateId?: string): void {
  const conn = useConnectionsStore.getState().items.find((c) => c.id === connectionId);
  if (!conn) return;
  const current = get().templateId ? getTemplate(get().templateId as string) : undefined;
  set({ connectionId });
  if (templateId) applyTemplate(templateId);
  else if (!current || current.api !== conn.api) {
    const best = bestTemplate(templatesFor(conn.api));
    if (best) applyTemplate(best.template.id);
    else set({ templateId: null, mapping: { fields: {} }, autoKeys: [], check: emptyCheck });
  }
}

function applyTemplate(templateId: string): void {
  const template = getTemplate(templateId);
  if (!template) return;
  const columns = datasetsSelectors.columns(useDatasetsStore.getState());
  set({ templateId, ...matchFor(template, columns), check: emptyCheck });
  scheduleCheck();
}

/**
 * The template this file most likely is for: every required field auto-matched first, then safe
 * before destructive, then the most fields matched; ties keep catalog order.
 */
function bestTemplate(templates: readonly Template[]): { template: Template; score: number } | undefined {
  const columns = datasetsSelectors.columns(useDatasetsStore.getState());
  let best: { template: Template; score: number } | undefined;
  for (const t of templates) {
    const m = autoMatch(t, columns).fields;
    const mapped = (k: string) => (m[k]?.kind ?? 'none') !== 'none';
    const required = t.fields.filter((f) => f.required);
    const score =
      (required.every((f) => mapped(f.key)) ? 10_000 : 0) +
      (t.danger === 'safe' ? 1_000 : 0) +
      required.filter((f) => mapped(f.key)).length * 20 +
      t.fields.filter((f) => mapped(f.key)).length;
    if (!best || score > best.score) best = { template: t, score };
  }
  return best;
}

/** Runs auto-match again over every field, discarding manual choices. */
export function rematch(): void {
  const t = mappingSelectors.template(get());
  if (t) applyTemplate(t.id);
}

export function setFieldSource(key: string, source: FieldSource): void {
  const { mapping, templateId, autoKeys } = get();
  const next: Mapping = { fields: { ...mapping.fields, [key]: source } };
  set({ mapping: next, autoKeys: autoKeys.filter((k) => k !== key) });
  if (templateId) writeJson(REMEMBER_KEY(templateId), next);
  scheduleCheck();
}

export function setOnlyProblems(onlyProblems: boolean): void {
  set({ onlyProblems });
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

export function applyPreset(name: string): void {
  const { templateId, presets } = get();
  const p = presets.find((x) => x.name === name && x.templateId === templateId);
  if (!p) return;
  const columns = datasetsSelectors.columns(useDatasetsStore.getState());
  set({ mapping: usableFor(p.mapping, columns), autoKeys: [] });
  scheduleCheck();
}

export async function deletePreset(name: string): Promise<void> {
  const { templateId } = get();
  const p = get().presets.find((x) => x.name === name && x.templateId === templateId);
  if (!p) return;
  const r = await call('mappings.delete', { id: p.id });
  if (!r.ok) return set({ presetError: r.error });
  set({ presets: get().presets.filter((x) => x.id !== p.id), presetError: null });
}

/**
 * Until the admin chooses, picks the connection and template that fit the current file best (a users
 * file lands on "create member"); keeps a valid choice the admin made.
 */
export function ensureDefaults(): void {
  const conns = useConnectionsStore.getState().items;
  const { connectionId } = get();
  if (conns.length === 0) return;
  const valid = !!connectionId && conns.some((c) => c.id === connectionId);
  if (pinned && valid) return;
  let choice: { connectionId: string; templateId: string; score: number } | undefined;
  for (const c of conns) {
    const best = bestTemplate(templatesFor(c.api));
    if (best && (!choice || best.score > choice.score))
      choice = { connectionId: c.id, templateId: best.template.id, score: best.score };
  }
  if (choice) applyConnection(choice.connectionId, choice.templateId);
  else applyConnection(conns[0]!.id);
}

// ---------- row checks ----------

let checkSeq = 0;
let checkTimer: ReturnType<typeof setTimeout> | null = null;

export function scheduleCheck(): void {
  if (checkTimer) clearTimeout(checkTimer);
  checkTimer = setTimeout(() => void checkRows(AUTO_CHECK_ROWS), 350);
}

/** Builds the requests for up to `maxRows` rows and counts those with problems. */
export async function checkRows(maxRows = Number.POSITIVE_INFINITY): Promise<void> {
  const spec = currentSpec();
  const ds = datasetsSelectors.current(useDatasetsStore.getState());
  const seq = ++checkSeq;
  // A file still streaming in is checked once it is whole (the subscription below re-runs the check).
  if (!spec || !ds || ds.state !== 'ready') return set({ check: emptyCheck });
  const total = Math.min(ds.rowCount, maxRows);
  let acc: RowCheck = { ...emptyCheck, running: true };
  set({ check: acc });
  for (let offset = 0; offset < total; offset += CHECK_CHUNK) {
    const r = await call('requests.preview', {
      ...spec,
      offset,
      limit: Math.min(CHECK_CHUNK, total - offset),
    });
    if (seq !== checkSeq) return;
    if (!r.ok) return set({ check: { ...acc, running: false, error: r.error } });
    let errorRows = acc.errorRows;
    let warningRows = acc.warningRows;
    const problems = [...acc.problems];
    for (const p of r.value) {
      const hasError = p.issues.some((i) => i.level === 'error');
      if (hasError) errorRows++;
      else if (p.issues.length > 0) warningRows++;
      if (p.issues.length > 0 && problems.length < MAX_PROBLEMS_KEPT) problems.push(p);
    }
    acc = { ...acc, checked: acc.checked + r.value.length, errorRows, warningRows, problems };
    set({ check: acc });
    if (r.value.length === 0) break;
  }
  set({ check: { ...acc, running: false } });
}

// Re-match whenever another file becomes current.
useDatasetsStore.subscribe((s, prev) => {
  const key = (x: typeof s) => `${x.currentId}\u0000${datasetsSelectors.columns(x).join('\u0000')}`;
  if (key(s) === key(prev)) {
    // Same file and columns, but its import just finished: check its rows now.
    const state = (x: typeof s) => datasetsSelectors.current(x)?.state;
    if (state(s) === 'ready' && state(prev) === 'importing') scheduleCheck();
    return;
  }
  if (pinned) rematch();
  else ensureDefaults();
});

// ---------- selectors ----------

/** What preview, test-send and job creation are built from, or null while something is missing. */
export function currentSpec(): RequestSpec | null {
  const datasetId = useDatasetsStore.getState().currentId;
  const { connectionId, templateId, mapping } = get();
  if (!datasetId || !connectionId || !templateId) return null;
  return { datasetId, connectionId, templateId, mapping };
}

export const mappingSelectors = {
  template: (s: MappingState): Template | null => (s.templateId ? (getTemplate(s.templateId) ?? null) : null),
  source:
    (key: string) =>
    (s: MappingState): FieldSource =>
      s.mapping.fields[key] ?? NONE,
  /** Required fields with no source: nothing can be sent until these are mapped. */
  missingRequired: (s: MappingState): string[] => {
    const t = mappingSelectors.template(s);
    if (!t) return [];
    return t.fields
      .filter((f) => f.required && (s.mapping.fields[f.key]?.kind ?? 'none') === 'none')
      .map((f) => f.label);
  },
  presetsForTemplate: (s: MappingState) =>
    s.presets.filter((p) => p.templateId === s.templateId).sort((a, b) => a.name.localeCompare(b.name)),
};
const NONE: FieldSource = { kind: 'none' };
