// Every job and, for the one opened, its rows as a grid: fetched a page at a time as they scroll into view
// (filtered by outcome and by a text search, both in main: `jobs.items`), and the attempts of the row
// opened in the drawer. Rows stay in SQLite; the store holds the pages seen for the current filter. The job
// open with its filter and search is kept with the desk (screenChoicesStore.ts), so a reload opens it again.
import { create } from 'zustand';
import type {
  AttemptDto,
  ItemStatus,
  JobEventDto,
  JobItemDto,
  JobSummary,
} from '../../src-shared/contract/api';
import type { AppErrorShape, Result } from '../../src-shared/contract/errors';
import type { HistoryChoice } from '../../src-shared/contract/api';
import { call, storeEvents } from '../api/client';
import { keepChoice, keptChoices } from './screenChoicesStore';

export const ITEMS_PAGE = 100;
/** A search waits this long after the last keystroke. */
const SEARCH_DELAY_MS = 250;

export interface HistoryState {
  jobs: JobSummary[];
  loaded: boolean;
  error: AppErrorShape | null;
  openJobId: string | null;
  filter: ItemStatus | 'all';
  /** The search as typed; `query` is what the grid shows (after the typing pause). */
  search: string;
  query: string;
  /** Rows matching the filter and query (at most 10,000 counted when searching: `capped`). */
  total: number;
  capped: boolean;
  /** Loaded pages of rows, by page index; bumped `generation` discards answers for an older filter. */
  pages: Record<number, JobItemDto[]>;
  generation: number;
  itemsLoading: boolean;
  itemsError: AppErrorShape | null;
  /** The grid's active row (an index into the filtered rows) and the row whose drawer is open. */
  activeIndex: number;
  drawerItemId: number | null;
  attempts: AttemptDto[] | null;
  attemptsError: AppErrorShape | null;
  /** What the open job said about itself (jobs.events). */
  events: JobEventDto[];
  retrying: boolean;
  retryError: AppErrorShape | null;
}

export const initialHistoryState: HistoryState = {
  jobs: [],
  loaded: false,
  error: null,
  openJobId: null,
  filter: 'all',
  search: '',
  query: '',
  total: 0,
  capped: false,
  pages: {},
  generation: 0,
  itemsLoading: false,
  itemsError: null,
  activeIndex: 0,
  drawerItemId: null,
  attempts: null,
  attemptsError: null,
  events: [],
  retrying: false,
  retryError: null,
};
export const useHistoryStore = create<HistoryState>(() => initialHistoryState);
const set = useHistoryStore.setState;
const get = useHistoryStore.getState;

/** True once the job kept with the desk was looked for: choices are saved from then on. */
let choiceLooked = false;

export async function loadJobs(): Promise<void> {
  const r = await call('jobs.list', {});
  if (!r.ok) return set({ loaded: true, error: r.error });
  set({ loaded: true, error: null, jobs: [...r.value].sort((a, b) => b.createdAt - a.createdAt) });
  if (!choiceLooked) await restoreChoice();
}

/** The first time History has its jobs: the job kept open, with its filter and search, if it still exists. */
async function restoreChoice(): Promise<void> {
  const kept = (await keptChoices()).history;
  if (choiceLooked) return;
  const { openJobId, jobs } = get();
  if (!openJobId && kept && jobs.some((j) => j.id === kept.jobId)) {
    // Restored, not chosen: not saved again (choices are kept from the next one on).
    openJob(kept.jobId);
    set({ filter: kept.filter, search: kept.search, query: kept.search.trim() });
    resetRows();
  } else if (openJobId || kept) keepHistory(get()); // a job opened before (from Run or Recipes), or gone
  choiceLooked = true;
}

function keepHistory(s: HistoryState): void {
  const choice: HistoryChoice | null = s.openJobId
    ? { jobId: s.openJobId, filter: s.filter, search: s.search.slice(0, 200) }
    : null;
  keepChoice('history', choice);
}

useHistoryStore.subscribe((s, prev) => {
  if (!choiceLooked) return;
  if (s.openJobId !== prev.openJobId || s.filter !== prev.filter || s.search !== prev.search) keepHistory(s);
});

export function openJob(jobId: string | null): void {
  set({
    openJobId: jobId,
    filter: 'all',
    search: '',
    query: '',
    activeIndex: 0,
    drawerItemId: null,
    attempts: null,
    events: [],
    retryError: null,
  });
  resetRows();
  if (jobId) void loadEvents(jobId);
}

/** Forget the loaded pages (the filter changed): the grid asks for what it shows again. */
function resetRows(): void {
  set({ pages: {}, total: 0, capped: false, generation: get().generation + 1, itemsError: null });
  void loadPage(0);
}

export function setFilter(filter: ItemStatus | 'all'): void {
  set({ filter, activeIndex: 0 });
  resetRows();
}

let searchTimer: ReturnType<typeof setTimeout> | null = null;
/** The search box: rows whose number, email or other cells, error or note contain the text. */
export function setSearch(search: string): void {
  set({ search });
  if (searchTimer) clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    searchTimer = null;
    if (get().query === search.trim()) return;
    set({ query: search.trim(), activeIndex: 0 });
    resetRows();
  }, SEARCH_DELAY_MS);
}

const inFlight = new Set<string>();
/** Loads one page of the open job's rows for the current filter (once; again when `force`). */
export async function loadPage(index: number, force = false): Promise<void> {
  const { openJobId, filter, query, generation, pages } = get();
  if (!openJobId || (pages[index] && !force)) return;
  const key = `${generation}:${index}`;
  if (inFlight.has(key)) return;
  inFlight.add(key);
  set({ itemsLoading: true });
  const r = await call('jobs.items', {
    jobId: openJobId,
    offset: index * ITEMS_PAGE,
    limit: ITEMS_PAGE,
    ...(filter === 'all' ? {} : { status: filter }),
    ...(query ? { query } : {}),
  });
  inFlight.delete(key);
  if (get().generation !== generation) return; // an answer for an older filter
  if (!r.ok) return set({ itemsLoading: false, itemsError: r.error });
  set({
    itemsLoading: false,
    itemsError: null,
    total: r.value.total,
    capped: r.value.capped ?? false,
    pages: { ...get().pages, [index]: r.value.items },
  });
}

/** The grid shows rows `first`..`last` (indexes): load their pages. */
export function loadRange(first: number, last: number): void {
  for (let p = Math.floor(first / ITEMS_PAGE); p <= Math.floor(last / ITEMS_PAGE); p++) void loadPage(p);
}

export function setActiveIndex(index: number): void {
  set({ activeIndex: index });
  // The drawer follows the active row while it is open.
  if (get().drawerItemId !== null) {
    const item = itemAt(get(), index);
    if (item) void openDrawer(item.id);
  }
}

/** Opens the drawer with a row's attempts (null closes it). */
export async function openDrawer(itemId: number | null): Promise<void> {
  const jobId = get().openJobId;
  set({ drawerItemId: itemId, attempts: null, attemptsError: null });
  if (!jobId || itemId === null) return;
  const r = await call('jobs.attempts', { jobId, itemId });
  if (get().drawerItemId !== itemId) return;
  set(r.ok ? { attempts: r.value } : { attemptsError: r.error });
}

export async function loadEvents(jobId: string): Promise<void> {
  const r = await call('jobs.events', { jobId, limit: 50 });
  if (r.ok && get().openJobId === jobId) set({ events: r.value });
}

/**
 * Sets the open job going again (`send` is the contract call: rerun failed rows, or resolve rows in doubt),
 * puts the updated job in the list and reloads its rows; returns the updated job.
 */
async function restartOpenJob(
  send: (jobId: string) => Promise<Result<JobSummary>>,
): Promise<JobSummary | null> {
  const jobId = get().openJobId;
  if (!jobId) return null;
  set({ retrying: true, retryError: null });
  const r = await send(jobId);
  if (!r.ok) {
    set({ retrying: false, retryError: r.error });
    return null;
  }
  set({ retrying: false, jobs: get().jobs.map((j) => (j.id === jobId ? r.value : j)) });
  resetRows();
  return r.value;
}

/**
 * Puts the job's failed rows back in the queue and runs them again; returns the updated job. A
 * destructive template needs its phrase (`confirm`); main's refusal names it (`retryError.details.phrase`).
 */
export function retryFailed(confirm?: string): Promise<JobSummary | null> {
  return restartOpenJob((jobId) => call('jobs.retryFailed', { jobId, ...(confirm ? { confirm } : {}) }));
}

/** Resumes a paused or interrupted job, or sends the rows a cancelled job never sent. */
export function sendRemaining(confirm?: string): Promise<JobSummary | null> {
  return restartOpenJob((jobId) => call('jobs.resume', { jobId, ...(confirm ? { confirm } : {}) }));
}

/**
 * The admin's decision on rows a crash left in doubt: send again, or record them as succeeded / failed.
 * Sending again on a destructive template needs its phrase (`confirm`), as a rerun of failed rows does.
 */
export function resolveInDoubt(
  action: 'resend' | 'markSucceeded' | 'markFailed',
  confirm?: string,
): Promise<JobSummary | null> {
  return restartOpenJob((jobId) => call('jobs.resolveInDoubt', { jobId, action, ...(confirm ? { confirm } : {}) }));
}

// Live counts for listed jobs; the open job's loaded pages refresh at most once a second while it runs.
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
export const initHistoryEvents = storeEvents((msg) => {
  if (msg.event === 'job:event') {
    const e = msg.payload;
    if (get().openJobId !== e.jobId) return;
    const events = get().events.filter((x) => x.seq !== e.seq);
    set({ events: [...events, e].sort((a, b) => a.seq - b.seq).slice(-50) });
    return;
  }
  if (msg.event !== 'job:progress') return;
  const p = msg.payload;
  const { jobs, openJobId } = get();
  if (!jobs.some((j) => j.id === p.jobId)) {
    if (get().loaded) void loadJobs();
    return;
  }
  set({
    jobs: jobs.map((j) =>
      j.id === p.jobId
        ? {
            ...j,
            state: p.state,
            counts: p.counts,
            stopReason: p.stopReason,
            pausedReason: p.stopReason?.message ?? null,
          }
        : j,
    ),
  });
  // The state changed (paused, completed…): its times changed too.
  if (jobs.find((j) => j.id === p.jobId)?.state !== p.state) void loadJobs();
  if (openJobId === p.jobId && !refreshTimer) {
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      for (const index of Object.keys(get().pages)) void loadPage(Number(index), true);
      if (Object.keys(get().pages).length === 0) void loadPage(0);
    }, 1_000);
  }
});

/** The row at a grid index, if its page is loaded. */
export function itemAt(s: HistoryState, index: number): JobItemDto | undefined {
  return s.pages[Math.floor(index / ITEMS_PAGE)]?.[index % ITEMS_PAGE];
}

export const historySelectors = {
  openJob: (s: HistoryState) => s.jobs.find((j) => j.id === s.openJobId) ?? null,
  drawerItem: (s: HistoryState) => {
    if (s.drawerItemId === null) return null;
    for (const page of Object.values(s.pages)) {
      const found = page.find((i) => i.id === s.drawerItemId);
      if (found) return found;
    }
    return null;
  },
};
