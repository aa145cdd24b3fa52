// Every job and, for the one opened, its rows a page at a time (filtered by outcome) and each row's
// attempts. Rows stay in SQLite; the screen holds one page.
import { create } from 'zustand';
import type { AttemptDto, ItemStatus, JobItemDto, JobSummary } from '../../src-shared/contract/api';
import type { AppErrorShape, Result } from '../../src-shared/contract/errors';
import { call, storeEvents } from '../api/client';

export const ITEMS_PAGE = 100;

export interface HistoryState {
  jobs: JobSummary[];
  loaded: boolean;
  error: AppErrorShape | null;
  openJobId: string | null;
  filter: ItemStatus | 'all';
  offset: number;
  items: JobItemDto[];
  total: number;
  itemsLoading: boolean;
  itemsError: AppErrorShape | null;
  selectedItemId: number | null;
  attempts: AttemptDto[] | null;
  attemptsError: AppErrorShape | null;
  retrying: boolean;
  retryError: AppErrorShape | null;
}

export const initialHistoryState: HistoryState = {
  jobs: [],
  loaded: false,
  error: null,
  openJobId: null,
  filter: 'all',
  offset: 0,
  items: [],
  total: 0,
  itemsLoading: false,
  itemsError: null,
  selectedItemId: null,
  attempts: null,
  attemptsError: null,
  retrying: false,
  retryError: null,
};
export const useHistoryStore = create<HistoryState>(() => initialHistoryState);
const set = useHistoryStore.setState;
const get = useHistoryStore.getState;

export async function loadJobs(): Promise<void> {
  const r = await call('jobs.list', {});
  if (!r.ok) return set({ loaded: true, error: r.error });
  set({ loaded: true, error: null, jobs: [...r.value].sort((a, b) => b.createdAt - a.createdAt) });
}

export function openJob(jobId: string | null): void {
  set({
    openJobId: jobId,
    filter: 'all',
    offset: 0,
    items: [],
    total: 0,
    selectedItemId: null,
    attempts: null,
    retryError: null,
  });
  if (jobId) void loadItems();
}

export function setFilter(filter: ItemStatus | 'all'): void {
  set({ filter, offset: 0, selectedItemId: null, attempts: null });
  void loadItems();
}

export function setOffset(offset: number): void {
  set({ offset: Math.max(0, offset) });
  void loadItems();
}

let seq = 0;
export async function loadItems(): Promise<void> {
  const { openJobId, filter, offset } = get();
  if (!openJobId) return;
  const mine = ++seq;
  set({ itemsLoading: true });
  const r = await call('jobs.items', {
    jobId: openJobId,
    offset,
    limit: ITEMS_PAGE,
    ...(filter === 'all' ? {} : { status: filter }),
  });
  if (mine !== seq) return;
  if (!r.ok) return set({ itemsLoading: false, itemsError: r.error });
  set({ itemsLoading: false, itemsError: null, items: r.value.items, total: r.value.total });
}

export async function openItem(itemId: number | null): Promise<void> {
  const jobId = get().openJobId;
  set({ selectedItemId: itemId, attempts: null, attemptsError: null });
  if (!jobId || itemId === null) return;
  const r = await call('jobs.attempts', { jobId, itemId });
  if (get().selectedItemId !== itemId) return;
  set(r.ok ? { attempts: r.value } : { attemptsError: r.error });
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
  void loadItems();
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

/** The admin's decision on rows a crash left in doubt: send again, or record them as succeeded / failed. */
export function resolveInDoubt(
  action: 'resend' | 'markSucceeded' | 'markFailed',
): Promise<JobSummary | null> {
  return restartOpenJob((jobId) => call('jobs.resolveInDoubt', { jobId, action }));
}

// Live counts for listed jobs; the open job's page refreshes at most once a second while it runs.
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
export const initHistoryEvents = storeEvents((msg) => {
  if (msg.event !== 'job:progress') return;
  const p = msg.payload;
  const { jobs, openJobId } = get();
  if (!jobs.some((j) => j.id === p.jobId)) {
    if (get().loaded) void loadJobs();
    return;
  }
  set({ jobs: jobs.map((j) => (j.id === p.jobId ? { ...j, state: p.state, counts: p.counts, stopReason: p.stopReason, pausedReason: p.stopReason?.message ?? null } : j)) });
  if (openJobId === p.jobId && !refreshTimer) {
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void loadItems();
    }, 1_000);
  }
});

export const historySelectors = {
  openJob: (s: HistoryState) => s.jobs.find((j) => j.id === s.openJobId) ?? null,
  selectedItem: (s: HistoryState) => s.items.find((i) => i.id === s.selectedItemId) ?? null,
};
