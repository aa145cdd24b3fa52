// The Plan screen's state: the plan of the current file, connection, template and mapping (made here, or
// the latest one stored with the dataset), its reads as they progress (`plan:progress`), the rows of the
// class the admin filters on, a page at a time, and running it — an ordinary job, followed on Run.
import { create } from 'zustand';
import type { PlanDto, PlanProgress, PlanRowDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { planIsStale } from '../../src-shared/plan/planStaleText';
import type { PlanRowClass } from '../../src-shared/plan/types';
import { call, on } from '../api/client';
import { go } from './appStore';
import { currentSpec } from './mappingStore';
import { useRunStore, watchJob } from './runStore';

const PAGE = 100;

export interface PlanState {
  plan: PlanDto | null;
  progress: PlanProgress | null;
  source: 'live' | 'sync';
  /** When the connection's catalog was last synced in full (null: never): the "synced catalog" choice. */
  catalogAt: number | null;
  filter: PlanRowClass | 'all';
  rows: PlanRowDto[];
  total: number;
  busy: 'planning' | 'running' | null;
  error: AppErrorShape | null;
  errorTitle: string;
}

export const initialPlanState: PlanState = {
  plan: null,
  progress: null,
  source: 'live',
  catalogAt: null,
  filter: 'all',
  rows: [],
  total: 0,
  busy: null,
  error: null,
  errorTitle: '',
};
export const usePlanStore = create<PlanState>(() => initialPlanState);
const set = usePlanStore.setState;
const get = usePlanStore.getState;

/** Is this plan of the file, connection and template on screen now? */
function matchesSpec(p: PlanDto): boolean {
  const spec = currentSpec();
  return (
    !!spec &&
    p.datasetId === spec.datasetId &&
    p.connectionId === spec.connectionId &&
    p.templateId === spec.templateId
  );
}

/** On opening the screen: the newest plan of this file and action, and how old the connection's catalog is. */
export async function loadPlanScreen(): Promise<void> {
  const spec = currentSpec();
  if (!spec) return set({ plan: null, rows: [], total: 0 });
  const [plans, status] = await Promise.all([
    call('plans.list', { datasetId: spec.datasetId }),
    call('sync.status', {}),
  ]);
  const catalogAt = status.ok
    ? (status.value.find((c) => c.connectionId === spec.connectionId)?.lastCompletedAt ?? null)
    : null;
  const latest = plans.ok ? (plans.value.find(matchesSpec) ?? null) : null;
  set({ catalogAt, ...(catalogAt === null ? { source: 'live' as const } : {}) });
  if (latest?.id !== get().plan?.id) set({ plan: latest, rows: [], total: 0, filter: 'all', progress: null });
  // The same plan as it stands now: rows sent since it read make it out of date (sentSince).
  else if (latest) set({ plan: latest });
  if (latest?.state === 'ready') await loadRows();
}

export function setPlanSource(source: 'live' | 'sync'): void {
  set({ source });
}

/** Compares every row of the file with the LMS; the reads go on in main, followed by `plan:progress`. */
export async function makePlan(): Promise<void> {
  const spec = currentSpec();
  if (!spec) return;
  set({ busy: 'planning', error: null, progress: null });
  const r = await call('plans.create', { ...spec, source: get().source });
  if (!r.ok) return set({ busy: null, error: r.error, errorTitle: 'The plan was not made.' });
  set({ busy: null, plan: r.value, rows: [], total: 0, filter: 'all' });
  void followUntilRead(r.value.id);
}

/**
 * Beside `plan:progress`: a plan that reads only the synced catalog can end before this screen hears of
 * it, so its state is also asked for until it has read everything.
 */
async function followUntilRead(planId: string): Promise<void> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    if (get().plan?.id !== planId) return;
    const r = await call('plans.get', { planId });
    if (!r.ok || get().plan?.id !== planId) return;
    if (r.value.state === 'reading') continue;
    if (get().plan?.state === 'reading') {
      set({ plan: r.value });
      await loadRows();
    }
    return;
  }
}

export async function resumePlan(): Promise<void> {
  const plan = get().plan;
  if (!plan) return;
  const r = await call('plans.resume', { planId: plan.id });
  if (!r.ok) return set({ error: r.error, errorTitle: 'The plan did not resume.' });
  set({ plan: r.value, error: null });
  void followUntilRead(plan.id);
}

export async function setPlanFilter(filter: PlanRowClass | 'all'): Promise<void> {
  set({ filter, rows: [], total: 0 });
  await loadRows();
}

/** The first page of rows of the chosen class, or the next page (`more`). */
export async function loadRows(more = false): Promise<void> {
  const { plan, filter, rows } = get();
  if (!plan || plan.state !== 'ready') return;
  const offset = more ? rows.length : 0;
  const r = await call('plans.rows', {
    planId: plan.id,
    ...(filter === 'all' ? {} : { class: filter }),
    offset,
    limit: PAGE,
  });
  if (!r.ok) return set({ error: r.error, errorTitle: 'Could not read the plan.' });
  if (get().plan?.id !== plan.id || get().filter !== filter) return; // a newer choice is on screen
  set({ rows: more ? [...rows, ...r.value.items] : r.value.items, total: r.value.total });
}

/** Sends the plan's creates and updates: a job made from it, started with the phrase, followed on Run. */
export async function runPlan(confirm?: string): Promise<void> {
  const plan = get().plan;
  if (!plan) return;
  set({ busy: 'running', error: null });
  const created = await call('plans.run', { planId: plan.id });
  if (!created.ok) return set({ busy: null, error: created.error, errorTitle: 'The plan was not run.' });
  watchJob(created.value);
  const started = await call('jobs.start', { jobId: created.value.id, ...(confirm ? { confirm } : {}) });
  set({ busy: null, plan: { ...plan, jobId: created.value.id } });
  if (!started.ok) return set({ error: started.error, errorTitle: 'The job did not start.' });
  watchJob(started.value);
  go('run');
}

/** The plan on screen read again: whether rows were sent since it read (sentSince) changes with each job. */
async function refreshPlan(): Promise<void> {
  const plan = get().plan;
  if (!plan || plan.state !== 'ready' || plan.jobId) return;
  const r = await call('plans.get', { planId: plan.id });
  if (r.ok && get().plan?.id === plan.id && get().plan?.state === 'ready') set({ plan: r.value });
}

// A job that starts, stops or ends on Run may have written what the plan counts: the Plan step says so
// without waiting for the Plan screen to be opened.
useRunStore.subscribe((s, prev) => {
  if (s.job && (s.job.id !== prev.job?.id || s.job.state !== prev.job?.state)) void refreshPlan();
});

/** Follows the plan's reads while the screen is open; when they end, the plan and its rows are read. */
export function watchPlans(): () => void {
  return on((msg) => {
    if (msg.event !== 'plan:progress') return;
    const p = msg.payload;
    const plan = get().plan;
    if (!plan || plan.id !== p.planId) return;
    set({ progress: p });
    if (p.state !== 'reading') {
      void call('plans.get', { planId: p.planId }).then((r) => {
        if (!r.ok || get().plan?.id !== p.planId || get().plan?.state !== 'reading') return;
        set({ plan: r.value });
        void loadRows();
      });
    }
  });
}

export const planSelectors = {
  reading: (s: PlanState) => s.plan?.state === 'reading',
  /**
   * The nav's hint: "5 create · 3 update" once a plan of this file is ready. `of`: the file, connection
   * and action on screen — a plan of another (the store keeps the last until Plan is opened) says nothing.
   */
  hint: (s: PlanState, of: Pick<PlanDto, 'datasetId' | 'connectionId' | 'templateId'>): string | null => {
    const p = s.plan;
    if (
      !p ||
      p.datasetId !== of.datasetId ||
      p.connectionId !== of.connectionId ||
      p.templateId !== of.templateId
    )
      return null;
    if (p.state === 'reading') return 'Reading the LMS…';
    if (p.state !== 'ready') return `Plan ${p.state}`;
    // Its counts are the LMS as it was before rows were sent: not shown as what a run would do.
    if (planIsStale(p)) return 'Out of date: plan again';
    return `${p.counts.create} create · ${p.counts.update} update`;
  },
};
