// The screens' choices kept with the desk in SQLite (desk.save's `screenChoices`, a section per screen:
// src-shared/contract/dto/screenChoices.ts), rather than in the window, where a reload or a restart lost
// them. One way for every screen: its store reads the section kept when it first loads (each judges what
// still exists: a job, a connection, a step) and calls `keepChoice` as the admin chooses; sections chosen
// close together go in one save, CHOICE_SAVE_MS after the last, and a save still waiting goes as the page
// goes (whenPageLeaves), by the call that outlives the page.
import type { ManualRowsChoice, ScreenChoices, ScreenChoicesPatch } from '../../src-shared/contract/api';
import { halfTyped, keepableRows } from '../../src-shared/desk/screenChoices';
import { call, callAsPageLeaves } from '../api/client';
import { whenPageLeaves } from '../api/pageLeave';

/** A choice is saved this long after the last one (a search is typed a keystroke at a time). */
const CHOICE_SAVE_MS = 300;

/** What is kept as this window knows it: read from the desk, then as chosen here. */
let current: ScreenChoices = {};
let read: Promise<ScreenChoices> | null = null;

/** The choices the desk kept, read once (restoreDesk hands over its own reading). */
export function keptChoices(): Promise<ScreenChoices> {
  read ??= call('desk.get', {}).then((r) => {
    if (r.ok) current = { ...r.value.screenChoices, ...current };
    return r.ok ? (r.value.screenChoices ?? {}) : {};
  });
  return read;
}

/** The desk as restoreDesk read it as the window opened. */
export function primeChoices(kept: ScreenChoices | undefined): void {
  current = { ...kept, ...current };
  read ??= Promise.resolve(kept ?? {});
}

/** What is kept now, without waiting (for what is drawn at once: Map's manual rows). */
export const choicesNow = (): ScreenChoices => current;

let pending: ScreenChoicesPatch = {};
let timer: ReturnType<typeof setTimeout> | null = null;
let saves: Promise<unknown> = Promise.resolve();

/** Keeps a screen's choice (null forgets it), saved with the others chosen within CHOICE_SAVE_MS. */
export function keepChoice<K extends keyof ScreenChoices>(section: K, value: ScreenChoices[K] | null): void {
  const next = { ...current };
  if (value === null) delete next[section];
  else next[section] = value;
  current = next;
  pending = { ...pending, [section]: value };
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => sendChoices(false), CHOICE_SAVE_MS);
}

function sendChoices(leaving: boolean): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const screenChoices = pending;
  pending = {};
  if (Object.keys(screenChoices).length === 0) return;
  if (leaving) void callAsPageLeaves('desk.save', { screenChoices });
  // One after another: an earlier choice answered after a later one must not be what is kept.
  else saves = saves.then(() => call('desk.save', { screenChoices }));
}

// A choice made less than CHOICE_SAVE_MS before the page goes is sent then, not lost with the page.
whenPageLeaves((leaving) => {
  if (timer) sendChoices(leaving);
});

// ---------- Map's manual rows ----------

/** The manual header or response-field rows kept for this file, when some were half typed. */
export function manualRowsKept(datasetId: string, which: 'headers' | 'capture'): [string, string][] | undefined {
  const k = current.manualRows;
  return k && k.datasetId === datasetId ? k[which] : undefined;
}

/**
 * Map's manual rows as on screen: kept while one has no name yet, or a name twice (the configuration
 * holds only the others); forgotten once every row is in the configuration. A value under a name that
 * looks like a credential is never kept.
 */
export function keepManualRows(datasetId: string, which: 'headers' | 'capture', list: [string, string][]): void {
  const k = current.manualRows;
  const base: ManualRowsChoice = k && k.datasetId === datasetId ? k : { datasetId, headers: [], capture: [] };
  const next = { ...base, [which]: keepableRows(list) };
  keepChoice('manualRows', halfTyped(next.headers) || halfTyped(next.capture) ? next : null);
  // Forgotten in SQLite, but this window still draws the other list from what it holds.
  if (!current.manualRows) current = { ...current, manualRows: next };
}
