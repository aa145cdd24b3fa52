// The Recipes screen's state: the recipes (built in and saved), the one being edited (a draft, changed step
// by step), a row of the current file through every step, the per-step preflight, and the recipe job being
// run. Everything a step sends is built in main (recipes.preview), so what the screen shows is what goes.
// The recipe open, its connection, the steps switched off, the row shown and the pinned concurrency are
// kept with the desk (screenChoicesStore.ts), so a reload or a restart runs the recipe as it was set.
import { create } from 'zustand';
import type {
  JobSummary,
  RecipeDto,
  RecipePreflightDto,
  RecipePreviewDto,
} from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { ApiKind } from '../../src-shared/connectors/types';
import { templatesFor } from '../../src-shared/connectors/catalog';
import { autoMatch } from '../../src-shared/mapping/autoMatch';
import type { FieldSource } from '../../src-shared/mapping/types';
import type { Recipe, RecipeStep } from '../../src-shared/recipes/types';
import { call, callAsPageLeaves } from '../api/client';
import { whenPageLeaves } from '../api/pageLeave';
import { recipeChoiceFor } from '../../src-shared/desk/screenChoices';
import { downloadFile } from '../util/download';
import { watchJob } from './runStore';
import { keepChoice } from './screenChoicesStore';

export interface RecipeState {
  list: RecipeDto[];
  loaded: boolean;
  /**
   * The recipe being edited (a copy: it is not a saved recipe until Save). While it has changes (`dirty`)
   * it is kept with the desk in SQLite as it is edited, so a reload or a restart opens it again.
   */
  draft: Recipe | null;
  /** Whether the draft is a built-in recipe (saving it needs an id of its own). */
  draftBuiltIn: boolean;
  dirty: boolean;
  connectionId: string | null;
  /** Optional steps switched off for the next run. */
  skipSteps: string[];
  previewRow: number;
  preview: RecipePreviewDto | null;
  previewError: AppErrorShape | null;
  preflight: RecipePreflightDto | null;
  preflightLoading: boolean;
  /** The recipe job started from this screen. */
  job: JobSummary | null;
  busy: 'saving' | 'running' | 'importing' | null;
  error: AppErrorShape | null;
  /**
   * Why the per-step check could not be made. Its own field: a check made a moment after an import,
   * save or run failed would otherwise clear that failure's message before the admin had read it.
   */
  preflightError: AppErrorShape | null;
  notice: string | null;
  /** Requests in flight for the run, pinned; null: automatic (learned from the LMS's answers). */
  concurrency: number | null;
}

export const initialRecipeState: RecipeState = {
  list: [],
  loaded: false,
  draft: null,
  draftBuiltIn: false,
  dirty: false,
  connectionId: null,
  skipSteps: [],
  previewRow: 2,
  preview: null,
  previewError: null,
  preflight: null,
  preflightLoading: false,
  job: null,
  busy: null,
  error: null,
  preflightError: null,
  notice: null,
  concurrency: null,
};
export const useRecipeStore = create<RecipeState>(() => initialRecipeState);
const set = useRecipeStore.setState;
const get = useRecipeStore.getState;

let draftLooked = false;
/** True once the choices kept with the desk were restored: the screen's choices are kept from then on. */
let choiceLooked = false;

export async function loadRecipes(): Promise<void> {
  // The first time: the recipe left with changes not saved (a reload, a restart) is opened again, or the
  // recipe that was open, each with the choices made for it.
  const desk = draftLooked ? null : await call('desk.get', {});
  draftLooked = true;
  const kept = desk?.ok ? desk.value.recipeDraft : undefined;
  const choice = desk?.ok ? desk.value.screenChoices?.recipes : undefined;
  // In one change with the draft: the screen picks a connection for a draft that has none.
  if (kept && !get().draft)
    set({ draft: kept.recipe, draftBuiltIn: kept.builtIn, dirty: true, ...recipeChoiceFor(kept.recipe, choice) });
  const r = await call('recipes.list', {});
  if (!r.ok) {
    choiceLooked = true;
    return set({ loaded: true, error: r.error });
  }
  set({ list: r.value, loaded: true });
  if (!get().draft) {
    const open = r.value.find((x) => x.recipe.id === choice?.recipeId) ?? r.value[0];
    if (open) {
      pickRecipe(open.recipe.id);
      set(recipeChoiceFor(open.recipe, choice));
    }
  }
  choiceLooked = true;
}

/** Opens a recipe for editing (a copy of it). */
export function pickRecipe(id: string): void {
  const found = get().list.find((r) => r.recipe.id === id);
  if (!found) return;
  set({
    draft: structuredClone(found.recipe),
    draftBuiltIn: found.builtIn,
    dirty: false,
    skipSteps: [],
    preview: null,
    preflight: null,
    error: null,
    preflightError: null,
    notice: null,
  });
}

/** A new recipe for an API, with one step to start from. */
export function newRecipe(api: ApiKind, columns: readonly string[]): void {
  const t = templatesFor(api)[0]!;
  set({
    draft: {
      version: 1,
      id: `my.recipe-${Date.now().toString(36)}`,
      name: 'New recipe',
      api,
      steps: [
        { id: 'step1', name: t.name.replace(/^[^:]+: /, ''), template: t.id, mapping: autoMatch(t, columns) },
      ],
    },
    draftBuiltIn: false,
    dirty: true,
    preview: null,
    preflight: null,
    notice: null,
  });
}

function change(recipe: Recipe): void {
  set({ draft: recipe, dirty: true, notice: null });
}

export function setRecipeMeta(patch: Partial<Pick<Recipe, 'id' | 'name' | 'description'>>): void {
  const d = get().draft;
  if (d) change({ ...d, ...patch });
}

export function updateStep(index: number, patch: Partial<RecipeStep>): void {
  const d = get().draft;
  if (!d) return;
  const steps = d.steps.map((s, i) => (i === index ? { ...s, ...patch } : s));
  // `undefined` clears an optional setting (no condition, no fan-out).
  for (const k of ['when', 'forEach', 'optional'] as const)
    if (k in patch && patch[k] === undefined) delete steps[index]![k];
  change({ ...d, steps });
}

export function setStepField(index: number, field: string, source: FieldSource): void {
  const step = get().draft?.steps[index];
  if (!step) return;
  updateStep(index, { mapping: { ...step.mapping, fields: { ...step.mapping.fields, [field]: source } } });
}

/** A different action for a step: its fields are matched to the file's columns afresh. */
export function setStepTemplate(index: number, templateId: string, columns: readonly string[]): void {
  const t = get().draft && templatesFor(get().draft!.api).find((x) => x.id === templateId);
  if (!t) return;
  updateStep(index, { template: templateId, mapping: autoMatch(t, columns) });
}

export function addStep(columns: readonly string[]): void {
  const d = get().draft;
  if (!d) return;
  const t = templatesFor(d.api)[0]!;
  let n = d.steps.length + 1;
  while (d.steps.some((s) => s.id === `step${n}`)) n++;
  change({
    ...d,
    steps: [
      ...d.steps,
      {
        id: `step${n}`,
        name: t.name.replace(/^[^:]+: /, ''),
        template: t.id,
        mapping: autoMatch(t, columns),
      },
    ],
  });
}

export function removeStep(index: number): void {
  const d = get().draft;
  if (d && d.steps.length > 1) change({ ...d, steps: d.steps.filter((_, i) => i !== index) });
}

export function moveStep(index: number, by: -1 | 1): void {
  const d = get().draft;
  if (!d) return;
  const j = index + by;
  if (j < 0 || j >= d.steps.length) return;
  const steps = [...d.steps];
  [steps[index], steps[j]] = [steps[j]!, steps[index]!];
  change({ ...d, steps });
}

export function setConnection(id: string | null): void {
  set({ connectionId: id, preview: null, preflight: null });
}

export function toggleSkip(stepId: string, off: boolean): void {
  const skip = get().skipSteps.filter((s) => s !== stepId);
  set({ skipSteps: off ? [...skip, stepId] : skip, preflight: null });
}

export function setPreviewRow(row: number): void {
  set({ previewRow: Math.max(2, Math.floor(row) || 2) });
}

export function setConcurrency(n: number | null): void {
  set({ concurrency: n });
}

export async function saveDraft(): Promise<void> {
  const d = get().draft;
  if (!d) return;
  set({ busy: 'saving', error: null });
  const r = await call('recipes.save', { recipe: d });
  if (!r.ok) return set({ busy: null, error: r.error });
  set({
    busy: null,
    dirty: false,
    draftBuiltIn: false,
    draft: r.value.recipe,
    notice: `Saved "${r.value.recipe.name}" (${r.value.recipe.id}).`,
  });
  await loadRecipes();
}

export async function deleteDraft(): Promise<void> {
  const d = get().draft;
  if (!d) return;
  const r = await call('recipes.delete', { id: d.id });
  if (!r.ok) return set({ error: r.error });
  set({ draft: null, notice: `Deleted "${d.name}".` });
  await loadRecipes();
}

export async function exportDraft(format: 'yaml' | 'json'): Promise<void> {
  const d = get().draft;
  if (!d) return;
  const r = await call('recipes.export', { recipe: d, format });
  if (!r.ok) return set({ error: r.error });
  downloadFile(r.value.fileName, [r.value.text], format === 'yaml' ? 'application/yaml' : 'application/json');
  set({ notice: `Exported ${r.value.fileName}.` });
}

export async function importRecipeFile(file: File): Promise<void> {
  set({ busy: 'importing', error: null });
  const r = await call('recipes.import', { text: await file.text(), fileName: file.name });
  if (!r.ok) return set({ busy: null, error: r.error });
  set({ busy: null, notice: `Imported "${r.value.recipe.name}" (${r.value.recipe.id}).` });
  await loadRecipes();
  pickRecipe(r.value.recipe.id);
}

let previewSeq = 0;
/** Row `previewRow` of the file through every step (fields an earlier step captures as placeholders). */
export async function loadPreview(datasetId: string): Promise<void> {
  const { draft, connectionId, previewRow, skipSteps } = get();
  if (!draft || !connectionId) return;
  const mine = ++previewSeq;
  const r = await call('recipes.preview', {
    recipe: draft,
    datasetId,
    connectionId,
    rowNumber: previewRow,
    skipSteps,
  });
  if (mine !== previewSeq) return;
  set(r.ok ? { preview: r.value, previewError: null } : { preview: null, previewError: r.error });
}

let preflightSeq = 0;
export async function loadRecipePreflight(datasetId: string): Promise<void> {
  const { draft, connectionId, skipSteps } = get();
  if (!draft || !connectionId) return;
  const mine = ++preflightSeq;
  set({ preflightLoading: true });
  const r = await call('recipes.preflight', { recipe: draft, datasetId, connectionId, skipSteps });
  if (mine !== preflightSeq) return;
  set(
    r.ok
      ? { preflight: r.value, preflightLoading: false, preflightError: null }
      : { preflight: null, preflightLoading: false, preflightError: r.error },
  );
}

/** Creates the recipe job and starts it (a destructive recipe with the typed phrase). */
export async function runDraft(datasetId: string, confirm?: string): Promise<void> {
  const { draft, connectionId, skipSteps, concurrency } = get();
  if (!draft || !connectionId) return;
  set({ busy: 'running', error: null });
  const created = await call('recipes.createJob', {
    recipe: draft,
    datasetId,
    connectionId,
    skipSteps,
    options: { ...(concurrency ? { concurrency } : {}), ...(confirm ? { confirm } : {}) },
  });
  if (!created.ok) return set({ busy: null, error: created.error });
  set({ job: created.value });
  watchJob(created.value);
  const started = await call('jobs.start', { jobId: created.value.id, ...(confirm ? { confirm } : {}) });
  if (!started.ok) return set({ busy: null, error: started.error });
  set({ busy: null, job: started.value });
  followJob(started.value.id);
}

// The job's per-step counts, read while it runs (the progress events carry the job's totals only).
let poller: ReturnType<typeof setInterval> | null = null;
function followJob(jobId: string): void {
  if (poller) clearInterval(poller);
  poller = setInterval(async () => {
    const r = await call('jobs.get', { jobId });
    if (!r.ok || get().job?.id !== jobId) return;
    set({ job: r.value });
    if (r.value.state !== 'running' && poller) {
      clearInterval(poller);
      poller = null;
    }
  }, 700);
}

export const recipeSelectors = {
  /** The draft's steps whose fields read an earlier step: for the field pickers' extra columns. */
  capturesBefore: (index: number) => (s: RecipeState) => s.draft?.steps.slice(0, index) ?? [],
};

// ---------- the draft with changes, kept with the desk ----------

/** A draft is kept this long after the last change (each keystroke is one). */
const DRAFT_SAVE_MS = 300;
let draftTimer: ReturnType<typeof setTimeout> | null = null;
let draftSaves: Promise<void> = Promise.resolve();

function keepDraft(leaving = false): void {
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = null;
  const { draft, draftBuiltIn, dirty } = get();
  const recipeDraft = dirty && draft ? { recipe: draft, builtIn: draftBuiltIn } : null;
  if (leaving) void callAsPageLeaves('desk.save', { recipeDraft });
  // One after another: a draft's save answered after the clearing one (Save pressed just after typing)
  // would leave a saved recipe to open next time as a draft with changes.
  else draftSaves = draftSaves.then(() => call('desk.save', { recipeDraft })).then(() => {});
}

useRecipeStore.subscribe((s, prev) => {
  if (s.dirty && s.draft && (s.draft !== prev.draft || !prev.dirty)) {
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = setTimeout(keepDraft, DRAFT_SAVE_MS);
  } else if (!s.dirty && prev.dirty) keepDraft(); // saved, or another recipe opened: nothing is kept
});

// A change made less than DRAFT_SAVE_MS before the page goes is sent then, not lost with the page.
whenPageLeaves((leaving) => {
  if (draftTimer) keepDraft(leaving);
});

// ---------- what the recipe runs with, kept with the desk ----------

useRecipeStore.subscribe((s, prev) => {
  if (!choiceLooked) return;
  const id = s.draft?.id ?? null;
  if (
    id === (prev.draft?.id ?? null) &&
    s.connectionId === prev.connectionId &&
    s.skipSteps === prev.skipSteps &&
    s.previewRow === prev.previewRow &&
    s.concurrency === prev.concurrency
  )
    return;
  keepChoice('recipes', {
    // Within what the desk keeps: an id being typed past 100 characters is kept as none.
    recipeId: id && id.length <= 100 ? id : null,
    connectionId: s.connectionId,
    skipSteps: s.skipSteps.filter((x) => x.length <= 40).slice(0, 20),
    previewRow: Math.min(s.previewRow, 10_000_000),
    concurrency: s.concurrency,
  });
});
