// Where the admin was working — the import, the screen, Run's options, the choices on Reports and Import's
// separator and encoding — kept in SQLite (`desk.*`), so the next start (a restart of `npm run serve` is a
// new origin with an empty localStorage) opens the same file again rather than the newest one, Run keeps the
// rate and limits the admin set, Reports the report, courses and dates chosen, and Import reads the next
// file as chosen. The other screens keep theirs through screenChoicesStore.ts.
import type { DeskScreen, DeskStateDto, ReportChoice, RunOptionsForm } from '../../src-shared/contract/api';
import { call, callAsPageLeaves } from '../api/client';
import { whenPageLeaves } from '../api/pageLeave';
import { go, useAppStore } from './appStore';
import { useDatasetsStore } from './datasetsStore';
import { reportChoiceOf, restoreReportChoice, useReportsStore } from './reportsStore';
import { initialRunState, useRunStore } from './runStore';
import { keepChoice, primeChoices } from './screenChoicesStore';

let restored = false;

/** Screens that work without an import (the LMS's data, the jobs, the accounts): reopened with or without one.
 *  The others follow a file: without one to reopen, the desk starts at Import. */
const NO_FILE_NEEDED: ReadonlySet<DeskScreen> = new Set(['reports', 'history', 'connections']);

/** Reads where the admin was; the caller opens that dataset. Saving starts only after this, so the first
 *  screen drawn does not overwrite what is being restored. */
export async function restoreDesk(): Promise<DeskStateDto | null> {
  const r = await call('desk.get', {});
  if (r.ok) {
    primeChoices(r.value.screenChoices);
    // Before saving starts: restoring is not a choice to save again.
    const kept = r.value.screenChoices?.import;
    if (kept) useDatasetsStore.setState({ settings: { ...kept } });
  }
  restored = true;
  if (!r.ok) return null;
  const screen = r.value.screen;
  // Before Reports is opened, so its first report is the one chosen, not "Completion rate".
  if (r.value.reportChoice) restoreReportChoice(r.value.reportChoice);
  if (screen && (r.value.datasetId || NO_FILE_NEEDED.has(screen)) && screen !== useAppStore.getState().screen)
    go(screen);
  // Fields a later version added keep their defaults.
  if (r.value.runOptions) useRunStore.setState({ options: { ...initialRunState.options, ...r.value.runOptions } });
  return r.value;
}

type DeskPatch = {
  datasetId?: string | null;
  screen?: DeskScreen;
  runOptions?: RunOptionsForm;
  reportChoice?: ReportChoice;
};

/** `leaving`: the page is going, so the save goes by `callAsPageLeaves`, which outlives the page. */
function save(patch: DeskPatch, leaving = false): void {
  if (restored) void (leaving ? callAsPageLeaves('desk.save', patch) : call('desk.save', patch));
}

/** Run's options are saved this long after the last keystroke in them. */
const OPTIONS_SAVE_MS = 300;
let optionsTimer: ReturnType<typeof setTimeout> | null = null;

useDatasetsStore.subscribe((s, prev) => {
  if (s.currentId !== prev.currentId && s.currentId) save({ datasetId: s.currentId });
  // The separator and encoding for the next import.
  if (s.settings !== prev.settings && restored) keepChoice('import', { ...s.settings });
});
useAppStore.subscribe((s, prev) => {
  if (s.screen !== prev.screen) save({ screen: s.screen });
});
useRunStore.subscribe((s, prev) => {
  if (s.options === prev.options || !restored) return;
  if (optionsTimer) clearTimeout(optionsTimer);
  optionsTimer = setTimeout(saveOptions, OPTIONS_SAVE_MS);
});

// The choices on Reports are clicks, not keystrokes: each is saved as it is made.
useReportsStore.subscribe((s, prev) => {
  const c = reportChoiceOf(s);
  const p = reportChoiceOf(prev);
  if ((Object.keys(c) as (keyof ReportChoice)[]).some((k) => c[k] !== p[k])) save({ reportChoice: c });
});

function saveOptions(leaving = false): void {
  if (optionsTimer) clearTimeout(optionsTimer);
  optionsTimer = null;
  save({ runOptions: useRunStore.getState().options }, leaving);
}

// A rate typed less than OPTIONS_SAVE_MS before the page goes is sent then, not lost with the page.
whenPageLeaves((leaving) => {
  if (optionsTimer) saveOptions(leaving);
});
