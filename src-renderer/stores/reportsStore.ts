// Reports: the sync status of each connection (live through `sync:progress`), the report chosen with its
// options, and the report as main computed it. CSV is written here from the same table the screen shows,
// by the shared formula-safe writer, and saved as a download.
import { create } from 'zustand';
import type { ReportChoice } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { REPORT_TITLES } from '../../src-shared/reports/buildReport';
import { reversedRange } from '../../src-shared/reports/dateRange';
import { nothingStored } from '../../src-shared/reports/nothingSynced';
import { defaultProgressFrom } from '../../src-shared/reports/progressOverTime';
import { reportCsv } from '../../src-shared/reports/reportCsv';
import { choiceNames, droppedChoices, stillThere, type DroppedChoice } from '../../src-shared/reports/reportChoice';
import {
  REPORT_NAMES,
  type CourseOption,
  type ReportName,
  type ReportRequest,
  type ReportView,
} from '../../src-shared/reports/types';
import type { SyncProgress, SyncRunSummary, SyncStatusDto } from '../../src-shared/sync/types';
import { formatDateTime, isoDay } from '../../src-shared/util/dates';
import { call, on } from '../api/client';
import { downloadFile } from '../util/download';

export { REPORT_NAMES };
export { REPORT_TITLES };

/** What the screen shows, and the admin's choices on it (ReportChoice, kept with the desk). */
export interface ReportsState extends ReportChoice {
  statuses: SyncStatusDto[];
  /** Latest progress per connection while its sync runs. */
  progress: Record<string, SyncProgress>;
  syncError: AppErrorShape | null;
  /** The connections the last "Sync now" left out (no secret stored, a locked keychain), each with why. */
  skipped: SyncStatusDto[];
  /** "Sync now" was pressed and `sync.start` has not answered yet: the button is already "Syncing…". */
  starting: boolean;
  courses: CourseOption[];
  runs: SyncRunSummary[];
  view: ReportView | null;
  loading: boolean;
  error: AppErrorShape | null;
  lastExport: string | null;
  /** Courses and sync runs taken out of the choice because a sync since removed them: said until dismissed. */
  dropped: DroppedChoice[];
}

export const initialReportsState: ReportsState = {
  statuses: [],
  progress: {},
  syncError: null,
  skipped: [],
  starting: false,
  report: 'completionRate',
  cohortBy: 'course',
  complianceKeys: [],
  complianceBy: 'department',
  fromRunId: null,
  toRunId: null,
  names: {},
  courses: [],
  runs: [],
  view: null,
  loading: false,
  error: null,
  lastExport: null,
  dropped: [],
};
export const useReportsStore = create<ReportsState>(() => initialReportsState);
const set = useReportsStore.setState;
const get = useReportsStore.getState;

/** The admin's choices (kept with the desk: src-renderer/stores/deskStore.ts). */
export function reportChoiceOf(s: ReportsState): ReportChoice {
  const { report, cohortBy, complianceKeys, complianceBy, fromRunId, toRunId, names } = s;
  return { report, cohortBy, complianceKeys, complianceBy, fromRunId, toRunId, names };
}

/** Choices kept from before: a report this version does not have keeps the default. */
export function restoreReportChoice(c: ReportChoice): void {
  set({ ...c, report: REPORT_NAMES.includes(c.report) ? c.report : initialReportsState.report, names: c.names ?? {} });
  // Reports opened before the desk was read: its report is built again for the choice restored.
  const s = get();
  if (s.view || s.loading) {
    set({ view: null });
    void runReport();
  }
}

export function requestOf(s: ReportsState): ReportRequest {
  switch (s.report) {
    case 'timeToCompletion':
      return { name: 'timeToCompletion', by: s.cohortBy };
    case 'compliance':
      return { name: 'compliance', courseKeys: s.complianceKeys, by: s.complianceBy };
    case 'progressOverTime': {
      const at = (id: number | null, fallback: number) => s.runs.find((r) => r.id === id)?.finishedAt ?? fallback;
      // By default, from when every connection had been synced once: each then has a start to compare with.
      const first = defaultProgressFrom(s.runs) ?? 0;
      return { name: 'progressOverTime', from: at(s.fromRunId, first), to: at(s.toRunId, Date.now()) };
    }
    default:
      return { name: s.report };
  }
}

/** A sync's finish time with seconds: two connections synced together often finish in the same minute. */
const atSecond = (at: number) => formatDateTime(at, { seconds: true });

/** Progress between two dates with its "From" after its "To": what to say beside the two fields. */
export function rangeError(s: ReportsState): string | null {
  const r = requestOf(s);
  if (r.name !== 'progressOverTime') return null;
  return reversedRange({ at: r.from, label: `“From” (${atSecond(r.from)})` }, { at: r.to, label: `“To” (${atSecond(r.to)})` });
}

/** A sync's finish as the From/To lists show it (and as a choice names it, should the run go). */
const fmtRun = (at: number) => formatDateTime(at);

export async function loadStatus(): Promise<void> {
  const [st, courses, runs] = await Promise.all([
    call('sync.status', {}),
    call('reports.courses', {}),
    call('sync.runs', {}),
  ]);
  if (!st.ok) return set({ syncError: st.error });
  const before = get();
  const patch = stillThere(before, courses.ok ? courses.value : null, runs.ok ? runs.value : null);
  // What a sync since removed is taken out of the choice, and said, by the name it had when chosen.
  // (A choice kept before names were, then chosen from the lists still on screen, is named from them.)
  const dropped = droppedChoices({ ...before, names: choiceNames(before, before.courses, before.runs, fmtRun) }, patch);
  set({
    statuses: st.value,
    syncError: null,
    courses: courses.ok ? courses.value : before.courses,
    runs: runs.ok ? runs.value : before.runs,
    ...patch,
    ...(dropped.length
      ? {
          dropped: [...before.dropped, ...dropped],
          names: choiceNames({ ...before, ...patch }, before.courses, before.runs, fmtRun),
        }
      : {}),
  });
}


/** Bumped by every runReport: an answer for an earlier choice (tab, dates, courses) is dropped. */
let reportSeq = 0;

export async function runReport(): Promise<void> {
  const seq = ++reportSeq;
  // A backwards range is said beside its fields (ReportOptions), and no report is shown for it.
  if (rangeError(get())) return set({ view: null, error: null, loading: false });
  set({ loading: true });
  const r = await call('reports.run', requestOf(get()));
  // A report asked for before the admin chose again would show the old choice's figures under the new
  // one (e.g. a range turned backwards while it was built): only the latest answer is shown.
  if (seq !== reportSeq) return;
  set(r.ok ? { view: r.value, error: null, loading: false } : { error: r.error, loading: false });
}

export async function loadReports(): Promise<void> {
  await loadStatus();
  await runReport();
}

/** "Sync now": every connection with a stored secret (the others come back with why); progress arrives as events. */
export async function startSync(): Promise<void> {
  // The button turns at the press, not when main answers: a second press meanwhile is not a second sync.
  if (get().starting) return;
  set({ starting: true });
  const r = await call('sync.start', {});
  // A press that failed left nothing out: the last press's list of those left out would read as this one's.
  if (!r.ok) return set({ syncError: r.error, skipped: [], starting: false });
  // Those left out are said beside the status until the next press, not lost from it (sync.status, which
  // later reloads the list, does not know a press left them out).
  set({ statuses: r.value, skipped: r.value.filter((x) => x.notSynced), syncError: null, starting: false });
}

export function selectReport(report: ReportName): void {
  set({ report, view: null, lastExport: null });
  void runReport();
}

export function setReportOptions(
  patch: Partial<Pick<ReportsState, 'cohortBy' | 'complianceKeys' | 'complianceBy' | 'fromRunId' | 'toRunId'>>,
): void {
  const s = get();
  const chosen = { ...s, ...patch };
  // Each course and sync run chosen is kept with its name, to say it by should a sync remove it.
  const named =
    patch.complianceKeys !== undefined || patch.fromRunId !== undefined || patch.toRunId !== undefined
      ? { names: choiceNames(chosen, s.courses, s.runs, fmtRun) }
      : {};
  set({ ...patch, ...named });
  void runReport();
}

/** The admin has read what was dropped from the choice. */
export function dismissDropped(): void {
  set({ dropped: [] });
}

export function toggleComplianceCourse(key: string): void {
  const keys = get().complianceKeys;
  setReportOptions({ complianceKeys: keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key] });
}

/** Saves one table of the report on screen as CSV (BOM, CRLF, formula cells defused). */
export function exportCsv(table = 0): void {
  const view = get().view;
  const t = view?.tables[table];
  if (!view || !t) return;
  const stamp = isoDay(Date.now()); // the admin's day, not UTC's
  const name = `${view.name}${view.tables.length > 1 ? `-${t.title.toLowerCase().replace(/\W+/g, '-')}` : ''}-${stamp}.csv`;
  downloadFile(name, [reportCsv(t)], 'text/csv;charset=utf-8');
  set({ lastExport: name });
}

/** Follows `sync:progress` while the screen is open; when a run ends, reloads status and the report. */
export function watchSync(): () => void {
  return on((msg) => {
    if (msg.event !== 'sync:progress') return;
    const p = msg.payload;
    set({ progress: { ...get().progress, [p.connectionId]: p } });
    if (p.state !== 'running') void loadReports();
    else if (!get().statuses.find((x) => x.connectionId === p.connectionId)?.running) void loadStatus();
  });
}

export const reportsSelectors = {
  syncing: (s: ReportsState) => s.starting || s.statuses.some((x) => x.running),
  /** Rows fetched so far over every running sync, and how many of their entities are done. */
  overall: (s: ReportsState) => {
    const running = s.statuses.filter((x) => x.running).map((x) => s.progress[x.connectionId]).filter(Boolean) as SyncProgress[];
    return {
      fetched: running.reduce((n, p) => n + p.fetched, 0),
      done: running.reduce((n, p) => n + p.entitiesDone, 0),
      total: running.reduce((n, p) => n + p.entitiesTotal, 0),
      // A wait the LMS asked for (Retry-After ≥ 10 s) is said, or the bar looks stuck.
      label: running
        .map((p) =>
          p.waitingUntil !== undefined && p.waitingUntil > Date.now()
            ? `${p.label}, waiting until ${formatDateTime(p.waitingUntil)} as the LMS asked`
            : p.label,
        )
        .join(' · '),
    };
  },
  /** "Nothing synced yet" instead of the reports: nothing stored at all (src-shared/reports/nothingSynced.ts). */
  nothingSynced: (s: ReportsState) => nothingStored(s.statuses),
  lastSynced: (s: ReportsState) => Math.max(0, ...s.statuses.map((x) => x.lastCompletedAt ?? 0)) || null,
};
