// The choice of connection and template, and how each template field gets its value. The mapping being
// worked on is kept in SQLite per dataset and template as it is edited (`mappings.saveWorking`), so a
// restart — or the CLI — finds it with its transforms and lookups; opening a file restores the mapping
// last edited for it. A template never mapped for this file is auto-matched, preferring what the admin
// chose for that template on the last file. Row checks reuse `requests.preview`, the same code the runner
// sends with, so "builds a valid request" here means exactly that; duplicates and rows already sent are
// the preflight's to say (preflightStore.ts).
import { create } from 'zustand';
import type {
  Input,
  RequestPreview,
  RequestSpec,
  SavedMappingDto,
  WorkingMappingDto,
} from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { Template } from '../../src-shared/connectors/types';
import { getTemplate, templatesFor } from '../../src-shared/connectors/catalog';
import {
  MANUAL_TEMPLATE_ID,
  manualTemplate,
  type ManualConfig,
} from '../../src-shared/connectors/customTemplate';
import { sourceOf } from '../../src-shared/mapping/applyMapping';
import { autoMatch } from '../../src-shared/mapping/autoMatch';
import { mappingPatch } from '../../src-shared/mapping/mappingPatch';
import type { FieldSource, Mapping, MappingIssue } from '../../src-shared/mapping/types';
import { call, callAsPageLeaves, fitsPageLeave } from '../api/client';
import { whenPageLeaves } from '../api/pageLeave';
import { useConnectionsStore } from './connectionsStore';
import { datasetsSelectors, useDatasetsStore } from './datasetsStore';

/** Rows checked automatically after each edit; "Check every row" goes through the whole file. */
const AUTO_CHECK_ROWS = 5_000;
const CHECK_CHUNK = 1_000;
/** Problem rows kept for display; beyond this only the count grows. */
const MAX_PROBLEMS_KEPT = 500;
/** An edit is saved this long after the last keystroke. */
const SAVE_DELAY_MS = 300;

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
  savedAt: null,
  unsaved: false,
  saveError: null,
};
export const useMappingStore = create<MappingState>(() => initialMappingState);
const set = useMappingStore.setState;
const get = useMappingStore.getState;

const columnsNow = () => datasetsSelectors.columns(useDatasetsStore.getState());
const datasetNow = () => useDatasetsStore.getState().currentId;

// ---------- named presets (SQLite); presets saved by earlier versions in localStorage are moved once ----------

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

/** Keeps only sources whose columns exist in this file (and the manual configuration). */
function usableFor(mapping: Mapping, columns: readonly string[]): Mapping {
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

// ---------- the working mapping, in SQLite ----------

let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** Bumped by every edit: an answer that arrives after an edit does not overwrite it. */
let editSeq = 0;
/** Bumped whenever the state on screen stops matching SQLite: a save answers for the state it sent. */
let changeSeq = 0;

/** The mapping on screen is no longer what SQLite holds (its save is scheduled, or follows a read). */
function markUnsaved(): void {
  changeSeq++;
  if (!get().unsaved) set({ unsaved: true });
}

function scheduleSave(): void {
  markUnsaved();
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveWorking(), SAVE_DELAY_MS);
}

/**
 * Stores the mapping on screen now. `leaving`: the page is going (a reload, the window closing), so the
 * save goes by `callAsPageLeaves`, which outlives the page.
 */
export async function saveWorking(leaving = false, datasetId = datasetNow()): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const { templateId, connectionId, mapping } = get();
  if (!datasetId || !templateId) return set({ unsaved: false });
  await send({ datasetId, templateId, connectionId, mapping, ...versionOf(datasetId, templateId) }, leaving);
}

type WorkingInput = Input<'mappings.saveWorking'>;
/** The save sent and not answered yet: the page's own request may be dropped with it, so it is sent again. */
let inFlight: WorkingInput | null = null;
/** The mapping SQLite holds for a file and template, as last read or saved whole and answered, and its version. */
let stored: (Pick<WorkingInput, 'datasetId' | 'templateId' | 'mapping'> & { updatedAt: number }) | null = null;

/** This page's id in the saves it makes: its own count orders them, on no clock (workingVersion.ts). */
const PAGE_ID = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
let madeSeq = 0;

/**
 * What a save names so that the newer of two wins whichever lands last (main refuses one older than what
 * is stored: src-shared/mapping/workingVersion.ts): the version it started from, and which save of this
 * page it is.
 */
function versionOf(datasetId: string, templateId: string): Pick<WorkingInput, 'base' | 'madeBy'> {
  const known = stored && stored.datasetId === datasetId && stored.templateId === templateId;
  return { base: known ? stored!.updatedAt : null, madeBy: { page: PAGE_ID, seq: ++madeSeq } };
}

/**
 * The whole mappings sent since `stored` and not answered: main may hold any of them (stored, the answer
 * on its way) as well as `stored`'s, so a change sent as the page goes is measured from them all.
 */
let unanswered: { n: number; input: WorkingInput }[] = [];

/** Every save sent is numbered; an answer to one sent before the last answered is not read. */
let sendSeq = 0;
let answeredSeq = 0;

async function send(input: WorkingInput, leaving: boolean): Promise<void> {
  const sent = changeSeq;
  const n = ++sendSeq;
  inFlight = input;
  const sending = leaving ? asPageLeaves(input) : input;
  if (!input.keepStored) unanswered.push({ n, input });
  const r = await (leaving ? callAsPageLeaves : call)('mappings.saveWorking', sending);
  if (inFlight === input) inFlight = null;
  // Answered: main holds this one, or one made after it (then refused, it holds none of the earlier).
  unanswered = unanswered.filter((u) => (r.ok ? u.n > n : u.n !== n));
  // An earlier save of this page answering after a later one (or refused as older than it, with the later
  // one still on its way) says nothing about what is stored now.
  if (n < answeredSeq || (!r.ok && r.error.code === 'CONFLICT' && n < sendSeq)) return;
  answeredSeq = n;
  if (r.ok && !input.keepStored)
    stored = { datasetId: input.datasetId, templateId: input.templateId, mapping: input.mapping, updatedAt: r.value.updatedAt };
  else if (r.ok) stored = null;
  set(
    r.ok
      ? { savedAt: r.value.updatedAt, saveError: null, unsaved: sent !== changeSeq }
      : { saveError: r.error },
  );
}

/**
 * A save as the page goes: whole where it fits what outlives the page (fitsPageLeave); else, a mapping
 * over the browser's keepalive allowance (large value maps), the change since the mapping stored, which a
 * field or two edited keeps small. A change itself over it (a large map pasted just then), or one with no
 * stored mapping known to change, goes whole as a plain request, which the browser may drop with the page.
 */
function asPageLeaves(input: WorkingInput): WorkingInput {
  if (fitsPageLeave('mappings.saveWorking', input) || input.keepStored) return input;
  const same = (w: Pick<WorkingInput, 'datasetId' | 'templateId'>) =>
    w.datasetId === input.datasetId && w.templateId === input.templateId;
  if (!stored || !same(stored)) return input;
  // Measured from every version main may hold: a field set back since a whole save it holds is sent too.
  const bases = [stored.mapping, ...unanswered.filter((u) => same(u.input)).map((u) => u.input.mapping)];
  const { mapping, removed, unset } = mappingPatch(bases, input.mapping);
  return { ...input, mapping, patch: { removed, unset } };
}

/** A template chosen whose mapping for this file is still being read from SQLite (no save scheduled yet). */
let templateRead = false;

// An edit made less than SAVE_DELAY_MS before the page goes is sent then, not lost with the page. A
// template chosen while its mapping is read goes as the choice only (`keepStored`): what the file has for
// it in SQLite is not overwritten by the auto-match on screen. Only as the page goes: a page merely hidden
// lives on, and its reads answer and schedule the save.
whenPageLeaves((leaving) => {
  if (saveTimer) void saveWorking(leaving);
  else if (leaving && inFlight) void send(inFlight, true);
  else if (leaving && templateRead) {
    const datasetId = datasetNow();
    const { templateId, connectionId, mapping } = get();
    if (datasetId && templateId)
      void send({ datasetId, templateId, connectionId, mapping, keepStored: true, ...versionOf(datasetId, templateId) }, true);
  }
});

/** Opens a working mapping found in SQLite. */
function restore(w: WorkingMappingDto): void {
  pinned = true;
  stored = w;
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
  templateRead = true;
  const [own, last] = await Promise.all([
    datasetId ? call('mappings.working', { datasetId, templateId }) : null,
    call('mappings.working', { templateId }),
  ]);
  if (seq === templateSeq) templateRead = false;
  // Another file became current meanwhile: its own opening chooses what it shows (and saves).
  if (seq !== templateSeq || edits !== editSeq || get().templateId !== templateId || datasetNow() !== datasetId)
    return;
  if (own?.ok && own.value) {
    stored = own.value;
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

export function applyPreset(name: string): void {
  const next = presetResult(name);
  if (next) edited(next, []);
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

// Another file: its own working mapping (or a fresh match).
useDatasetsStore.subscribe((s, prev) => {
  const key = (x: typeof s) => `${x.currentId}\u0000${datasetsSelectors.columns(x).join('\u0000')}`;
  if (key(s) === key(prev)) {
    // Same file and columns, but its import just finished: check its rows now.
    const state = (x: typeof s) => datasetsSelectors.current(x)?.state;
    if (state(s) === 'ready' && state(prev) === 'importing') scheduleCheck();
    return;
  }
  if (s.currentId !== prev.currentId && saveTimer) {
    // The save waiting is of the mapping made for the file before: it goes to that file now (or nowhere,
    // with no file before), never to this one — whose own working mapping is being read.
    if (prev.currentId) void saveWorking(false, prev.currentId);
    else {
      clearTimeout(saveTimer);
      saveTimer = null;
    }
  }
  if (s.currentId && s.currentId !== prev.currentId) void openDataset(s.currentId);
  else if (pinned) {
    const t = get().templateId;
    if (t) void applyTemplate(t);
  } else ensureDefaults();
});

// ---------- selectors ----------

/** What preview, test-send and job creation are built from, or null while something is missing. */
export function currentSpec(): RequestSpec | null {
  const datasetId = datasetNow();
  const { connectionId, templateId, mapping } = get();
  if (!datasetId || !connectionId || !templateId) return null;
  return { datasetId, connectionId, templateId, mapping };
}

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
