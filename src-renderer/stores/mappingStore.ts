// The choice of connection and template, and how each template field gets its value. The mapping being
// worked on is kept in SQLite per dataset and template as it is edited (`mappings.saveWorking`), so a
// restart — or the CLI — finds it with its transforms and lookups; opening a file restores the mapping
// last edited for it. A template never mapped for this file is auto-matched, preferring what the admin
// chose for that template on the last file. Row checks reuse `requests.preview`, the same code the runner
// sends with, so "builds a valid request" here means exactly that; duplicates and rows already sent are
// the preflight's to say (preflightStore.ts).
// This file holds the actions (choose a connection or template, edit, auto-match, apply a preset) and the
// selectors; the state is in mappingState.ts, the saves in mappingWorkingSave.ts, presets in
// mappingPresets.ts, row checks in mappingRowChecks.ts (re-exported here: screens import this file).
import type { WorkingMappingDto } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import { getTemplate, templatesFor } from '../../src-shared/connectors/catalog';
import {
  MANUAL_TEMPLATE_ID,
  manualTemplate,
  type ManualConfig,
} from '../../src-shared/connectors/customTemplate';
import { sourceOf } from '../../src-shared/mapping/applyMapping';
import { autoMatch } from '../../src-shared/mapping/autoMatch';
import type { FieldSource, Mapping, MappingIssue } from '../../src-shared/mapping/types';
import { call } from '../api/client';
import { useConnectionsStore } from './connectionsStore';
import { datasetsSelectors, useDatasetsStore } from './datasetsStore';
import { presetResult } from './mappingPresets';
import { scheduleCheck } from './mappingRowChecks';
import { columnsNow, datasetNow, emptyCheck, get, set, usableFor, type MappingState } from './mappingState';
import {
  markUnsaved,
  rememberStored,
  saveWaitingGoesTo,
  scheduleSave,
  setTemplateRead,
} from './mappingWorkingSave';

export { currentSpec, initialMappingState, useMappingStore } from './mappingState';
export type { MappingState, RowCheck } from './mappingState';
export { saveWorking } from './mappingWorkingSave';
export { deletePreset, loadPresets, presetResult, savePreset } from './mappingPresets';
export { checkRows, scheduleCheck } from './mappingRowChecks';

// ---------- the manual configuration ----------

/** A starting point for "Configure manually": a POST under the headless API, nothing excluded, no batching. */
export function defaultManualConfig(): ManualConfig {
  return { method: 'POST', url: '/api/v1/headless/', headers: {}, exclude: [] };
}

const manualCache = new WeakMap<
  ManualConfig,
  { columns: readonly string[]; result: ReturnType<typeof manualTemplate> }
>();

/** The manual template for a configuration and the file's columns; the same object while neither changes. */
function manualFor(config: ManualConfig, columns: readonly string[]): ReturnType<typeof manualTemplate> {
  const hit = manualCache.get(config);
  if (hit && hit.columns === columns) return hit.result;
  const result = manualTemplate(config, columns);
  manualCache.set(config, { columns, result });
  return result;
}

/** The template a state means: a catalog one, or the manual configuration's (null while it is invalid). */
function templateOf(templateId: string | null, mapping: Mapping): Template | null {
  if (!templateId) return null;
  if (templateId !== MANUAL_TEMPLATE_ID) return getTemplate(templateId) ?? null;
  return mapping.manual ? manualFor(mapping.manual, columnsNow()).template : null;
}

/** Opens a working mapping found in SQLite. */
function restore(w: WorkingMappingDto): void {
  pinned = true;
  rememberStored(w);
  const known = w.connectionId && useConnectionsStore.getState().items.some((c) => c.id === w.connectionId);
  set({
    connectionId:
      known || useConnectionsStore.getState().items.length === 0 ? w.connectionId : get().connectionId,
    templateId: w.templateId,
    mapping: usableFor(w.mapping, columnsNow()),
    autoKeys: [],
    check: emptyCheck,
    savedAt: w.updatedAt,
    saveError: null,
    unsaved: false,
  });
  scheduleCheck();
}

let openSeq = 0;
/** True while the mapping of a newly opened file is being read from SQLite: defaults wait for it. */
let restoring = false;

/** A file became current: its last working mapping, else the same template on it, else the best guess. */
async function openDataset(datasetId: string): Promise<void> {
  const seq = ++openSeq;
  restoring = true;
  const r = await call('mappings.working', { datasetId });
  if (seq !== openSeq) return;
  restoring = false;
  if (r.ok && r.value && (getTemplate(r.value.templateId) || r.value.templateId === MANUAL_TEMPLATE_ID))
    return restore(r.value);
  const t = get().templateId;
  if (pinned && t) void applyTemplate(t);
  else ensureDefaults();
}

// ---------- actions ----------

function matchFor(
  template: Template,
  columns: string[],
  last: Mapping | null,
): Pick<MappingState, 'mapping' | 'autoKeys'> {
  // What the admin chose last time for this template (on another file), limited to columns this file has.
  const remembered = last ? usableFor(last, columns) : { fields: {} };
  const headerToKey: Record<string, string> = {};
  for (const [key, src] of Object.entries(remembered.fields))
    if (src.kind === 'column') headerToKey[src.column] = key;
  const matched = autoMatch(template, columns, headerToKey);
  const fields = { ...matched.fields };
  for (const [key, src] of Object.entries(remembered.fields)) {
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
  return {
    mapping: { fields, ...(last?.bodyEncoding ? { bodyEncoding: last.bodyEncoding } : {}) },
    autoKeys,
  };
}

/**
 * True once the admin picked a connection or template, or edited the mapping; until then the defaults
 * follow the file. An edit pins as a pick does: the defaults chosen again over it (Map opened again, the
 * connections read again) put the auto-match back on screen and stored it newer than the edit.
 */
let pinned = false;

export function selectConnection(connectionId: string): void {
  pinned = true;
  editSeq++;
  applyConnection(connectionId);
  scheduleSave();
}

export function selectTemplate(templateId: string): void {
  pinned = true;
  editSeq++;
  void applyTemplate(templateId);
}

function applyConnection(connectionId: string, templateId?: string): void {
  const conn = useConnectionsStore.getState().items.find((c) => c.id === connectionId);
  if (!conn) return;
  const current =
    templateOf(get().templateId, get().mapping) ??
    (get().templateId === MANUAL_TEMPLATE_ID ? { api: 'coassemble' } : undefined);
  set({ connectionId });
  if (templateId) void applyTemplate(templateId);
  else if (!current || current.api !== conn.api) {
    const best = bestTemplate(templatesFor(conn.api));
    if (best) void applyTemplate(best.template.id);
    else set({ templateId: null, mapping: { fields: {} }, autoKeys: [], check: emptyCheck });
  }
}

let templateSeq = 0;
/** Bumped by every edit: a template's reads that answer after an edit do not overwrite it. */
let editSeq = 0;

/**
 * Shows the template at once, auto-matched; then, from SQLite, this file's working mapping for it if there
 * is one, else auto-match again preferring what the admin chose for it on the last file.
 */
async function applyTemplate(templateId: string): Promise<void> {
  const manual = templateId === MANUAL_TEMPLATE_ID;
  const template = manual ? null : getTemplate(templateId);
  if (!manual && !template) return;
  const columns = columnsNow();
  const first = template
    ? matchFor(template, columns, null)
    : { mapping: { fields: {}, manual: defaultManualConfig() }, autoKeys: [] };
  set({ templateId, ...first, check: emptyCheck });
  markUnsaved(); // until this file's own mapping for it is read, or the match is saved
  scheduleCheck();
  const seq = ++templateSeq;
  const edits = editSeq;
  const datasetId = datasetNow();
  setTemplateRead(true);
  const [own, last] = await Promise.all([
    datasetId ? call('mappings.working', { datasetId, templateId }) : null,
    call('mappings.working', { templateId }),
  ]);
  if (seq === templateSeq) setTemplateRead(false);
  // Another file became current meanwhile: its own opening chooses what it shows (and saves).
  if (seq !== templateSeq || edits !== editSeq || get().templateId !== templateId || datasetNow() !== datasetId)
    return;
  if (own?.ok && own.value) {
    rememberStored(own.value);
    set({ mapping: usableFor(own.value.mapping, columns), autoKeys: [], savedAt: own.value.updatedAt });
    // Saved again (unchanged, with the connection now chosen): the template the admin chose becomes the
    // file's last edited one, which is what opening the file next restores.
    scheduleSave();
  } else if (last.ok && last.value) {
    if (template) set(matchFor(template, columns, last.value.mapping));
    else if (last.value.mapping.manual)
      set({ mapping: { fields: {}, manual: last.value.mapping.manual }, autoKeys: [] });
    scheduleSave();
  } else scheduleSave();
  scheduleCheck();
}

/**
 * The template this file most likely is for: every required field auto-matched first, then safe
 * before destructive, then the most fields matched; ties keep catalog order.
 */
function bestTemplate(templates: readonly Template[]): { template: Template; score: number } | undefined {
  const columns = columnsNow();
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

/** What "Auto-match again" would set (the screen compares it with the working mapping before asking). */
export function rematchResult(): Pick<MappingState, 'mapping' | 'autoKeys'> | null {
  const { templateId } = get();
  const template = templateId && templateId !== MANUAL_TEMPLATE_ID ? getTemplate(templateId) : undefined;
  return template ? matchFor(template, columnsNow(), null) : null;
}

/** Runs auto-match again over every field, discarding manual choices. */
export function rematch(): void {
  const next = rematchResult();
  if (!next) return;
  pinned = true;
  editSeq++;
  set({ ...next, check: emptyCheck });
  scheduleCheck();
  scheduleSave();
}

function edited(mapping: Mapping, autoKeys = get().autoKeys): void {
  pinned = true;
  editSeq++;
  set({ mapping, autoKeys });
  scheduleCheck();
  scheduleSave();
}

export function setFieldSource(key: string, source: FieldSource): void {
  const { mapping, autoKeys } = get();
  edited(
    { ...mapping, fields: { ...mapping.fields, [key]: source } },
    autoKeys.filter((k) => k !== key),
  );
}

export function setManualConfig(manual: ManualConfig): void {
  edited({ ...get().mapping, manual });
}

export function setOnlyProblems(onlyProblems: boolean): void {
  set({ onlyProblems });
}

export function applyPreset(name: string): void {
  const next = presetResult(name);
  if (next) edited(next, []);
}

/**
 * Until the admin chooses, picks the connection and template that fit the current file best (a users
 * file lands on "create member"); keeps a valid choice the admin made, or the one restored from SQLite.
 */
export function ensureDefaults(): void {
  if (restoring) return; // the file's own working mapping is on its way
  const conns = useConnectionsStore.getState().items;
  const { connectionId, templateId, mapping } = get();
  if (conns.length === 0) return;
  const valid = !!connectionId && conns.some((c) => c.id === connectionId);
  if (pinned && valid) return;
  const template = templateOf(templateId, mapping);
  if (pinned && templateId) {
    // The connection chosen with this mapping is gone: another of the same API keeps the mapping.
    const api = template?.api ?? (templateId === MANUAL_TEMPLATE_ID ? 'coassemble' : null);
    const same = conns.find((c) => c.api === api);
    if (same) return set({ connectionId: same.id });
  }
  let choice: { connectionId: string; templateId: string; score: number } | undefined;
  for (const c of conns) {
    const best = bestTemplate(templatesFor(c.api));
    if (best && (!choice || best.score > choice.score))
      choice = { connectionId: c.id, templateId: best.template.id, score: best.score };
  }
  if (choice) applyConnection(choice.connectionId, choice.templateId);
  else applyConnection(conns[0]!.id);
}

// Another file: its own working mapping (or a fresh match).
useDatasetsStore.subscribe((s, prev) => {
  const key = (x: typeof s) => `${x.currentId}\u0000${datasetsSelectors.columns(x).join('\u0000')}`;
  if (key(s) === key(prev)) {
    // Same file and columns, but its import just finished: check its rows now.
    const state = (x: typeof s) => datasetsSelectors.current(x)?.state;
    if (state(s) === 'ready' && state(prev) === 'importing') scheduleCheck();
    return;
  }
  // A save still waiting is of the mapping made for the file before: it goes to that file, not this one.
  if (s.currentId !== prev.currentId) saveWaitingGoesTo(prev.currentId);
  if (s.currentId && s.currentId !== prev.currentId) void openDataset(s.currentId);
  else if (pinned) {
    const t = get().templateId;
    if (t) void applyTemplate(t);
  } else ensureDefaults();
});

// ---------- selectors ----------

const NO_ISSUES: MappingIssue[] = [];

export const mappingSelectors = {
  /** The template: a catalog one, or the manual configuration's (null while that is invalid). */
  template: (s: MappingState): Template | null => templateOf(s.templateId, s.mapping),
  isManual: (s: MappingState): boolean => s.templateId === MANUAL_TEMPLATE_ID,
  /** What is wrong with the manual configuration (empty for catalog templates). */
  manualIssues: (s: MappingState): MappingIssue[] =>
    s.templateId === MANUAL_TEMPLATE_ID && s.mapping.manual
      ? manualFor(s.mapping.manual, columnsNow()).issues
      : NO_ISSUES,
  source:
    (key: string) =>
    (s: MappingState): FieldSource =>
      s.mapping.fields[key] ?? NONE,
  /** Required fields with no source: nothing can be sent until these are mapped. */
  missingRequired: (s: MappingState): string[] => {
    const t = mappingSelectors.template(s);
    if (!t) return [];
    return t.fields
      .filter((f) => f.required && (sourceOf(f, s.mapping)?.kind ?? 'none') === 'none')
      .map((f) => f.label);
  },
  presetsForTemplate: (s: MappingState) =>
    s.presets.filter((p) => p.templateId === s.templateId).sort((a, b) => a.name.localeCompare(b.name)),
};
const NONE: FieldSource = { kind: 'none' };
