// The job being run: create + start, pause / resume / cancel, and live progress from `job:progress`
// events. If events stop arriving (a dropped stream), a slow `jobs.get` poll keeps the numbers honest.
import { create } from 'zustand';
import type {
  ItemCounts,
  JobOptions,
  JobProgress,
  JobSummary,
  JobState,
} from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { call, storeEvents } from '../api/client';
import { DEFAULT_FAILURE_BREAKER } from '../../src-shared/runner/breakers';
import { currentSpec } from './mappingStore';

export interface Sample {
  at: number;
  ratePerSecond: number;
  /** Items that failed since the previous sample. */
  failed: number;
}
const MAX_SAMPLES = 120;

export interface RunOptionsForm {
  /** Requests per second as typed; empty means the connection's default. */
  ratePerSecond: string;
  /** Requests in flight, pinned; null means automatic (from the connection's default, then learned). */
  concurrency: number | null;
  maxAttempts: number;
  dryRun: boolean;
  /** The failure-rate breaker: pause when more than `failures` of the last `window` rows fail; off allowed. */
  breaker: { failures: number; window: number; off: boolean };
  /** Canary rows as typed; empty means the default (5 on a real LMS, off on the sandbox). */
  canary: string;
  readBack: NonNullable<JobOptions['readBack']>;
}

export interface RunState {
  job: JobSummary | null;
  progress: JobProgress | null;
  samples: Sample[];
  busy: 'creating' | 'pausing' | 'resuming' | 'cancelling' | null;
  error: AppErrorShape | null;
  /** What failed, for the error's title ("The job did not start.", "Could not pause the job."). */
  errorTitle: string;
  options: RunOptionsForm;
}

export const initialRunState: RunState = {
  job: null,
  progress: null,
  samples: [],
  busy: null,
  error: null,
  errorTitle: '',
  options: {
    ratePerSecond: '',
    concurrency: null,
    maxAttempts: 5,
    dryRun: false,
    breaker: { ...DEFAULT_FAILURE_BREAKER, off: false },
    canary: '',
    readBack: 'canary',
  },
};
export const useRunStore = create<RunState>(() => initialRunState);
const set = useRunStore.setState;
const get = useRunStore.getState;

export const ACTIVE_STATES: readonly JobState[] = ['running', 'paused'];
export const settled = (c: ItemCounts) => c.succeeded + c.failed + c.skipped;

export function setRunOptions(patch: Partial<RunOptionsForm>): void {
  set({ options: { ...get().options, ...patch } });
}

function jobOptions(choices: { allowDuplicates: boolean; resend: boolean }): JobOptions {
  const o = get().options;
  const rate = Number.parseFloat(o.ratePerSecond);
  const canary = /^\d+$/.test(o.canary.trim()) ? Number(o.canary.trim()) : undefined;
  return {
    ...(canary !== undefined ? { canary } : {}),
    readBack: o.readBack,
    ratePerSecond: Number.isFinite(rate) && rate > 0 ? rate : null,
    // Absent: automatic (the runner learns it from the LMS's answers, from the connection's default).
    ...(o.concurrency !== null ? { concurrency: o.concurrency } : {}),
    maxAttempts: o.maxAttempts,
    dryRun: o.dryRun,
    breaker: o.breaker.off ? null : { failures: o.breaker.failures, window: o.breaker.window },
    ...(choices.allowDuplicates ? { allowDuplicates: true } : {}),
    ...(choices.resend ? { resend: true } : {}),
  };
}

/**
 * Snapshots the current file + mapping into a job and starts it. `choices`: send duplicates / rows
 * already sent too. `confirm` is the phrase a destructive template needs (main checks it again).
 */
export async function createAndStart(
  choices: { allowDuplicates: boolean; resend: boolean },
  confirm?: string,
): Promise<void> {
  const spec = currentSpec();
  if (!spec) return;
  set({ busy: 'creating', error: null });
  const options = { ...jobOptions(choices), ...(confirm ? { confirm } : {}) };
  const created = await call('jobs.create', { ...spec, options });
  if (!created.ok) return set({ busy: null, error: created.error, errorTitle: 'The job was not created.' });
  watchJob(created.value);
  const started = await call('jobs.start', { jobId: created.value.id, ...(confirm ? { confirm } : {}) });
  if (!started.ok) return set({ busy: null, error: started.error, errorTitle: 'The job did not start.' });
  set({ busy: null });
  applySummary(started.value);
}

const CONTROL_TITLES = {
  pause: 'Could not pause the job.',
  resume: 'Could not resume the job.',
  cancel: 'Could not cancel the job.',
} as const;

/**
 * Pause, resume (also: send the rows a cancelled job never sent) or cancel. A resume of a destructive
 * cancelled job needs its phrase again: main's answer names it (`details.phrase`), and `onNeedsPhrase`
 * lets the screen ask for it and call `resumeJob(typed)`.
 */
async function control(kind: 'pause' | 'resume' | 'cancel', confirm?: string): Promise<void> {
  const job = get().job;
  if (!job) return;
  set({ busy: kind === 'pause' ? 'pausing' : kind === 'resume' ? 'resuming' : 'cancelling', error: null });
  const r = await call(`jobs.${kind}`, { jobId: job.id, ...(confirm ? { confirm } : {}) });
  set({ busy: null });
  if (!r.ok) return set({ error: r.error, errorTitle: CONTROL_TITLES[kind] });
  applySummary(r.value);
}
export const pauseJob = () => control('pause');

/** Changes the pace of the watched job at once, running or not; empty means the connection's default. */
export async function changeRate(ratePerSecond: number | null, concurrency?: number): Promise<void> {
  const job = get().job;
  if (!job) return;
  set({ error: null });
  const r = await call('jobs.setRate', {
    jobId: job.id,
    ratePerSecond,
    ...(concurrency ? { concurrency } : {}),
  });
  if (!r.ok) return set({ error: r.error, errorTitle: 'Could not change the rate.' });
  applySummary(r.value);
}
export const resumeJob = (confirm?: string) => control('resume', confirm);
export const cancelJob = () => control('cancel');
export const clearRunError = () => set({ error: null });

/** Shows this job on the Run screen and follows its progress. */
export function watchJob(job: JobSummary): void {
  set({ job, progress: null, samples: [], error: null });
  ensurePolling();
}

function applySummary(job: JobSummary): void {
  if (get().job?.id !== job.id) return;
  set({ job });
  ensurePolling();
}

// ---------- live progress ----------

let lastEventAt = 0;

function handleProgress(p: JobProgress): void {
  const { job, samples, progress } = get();
  if (!job || job.id !== p.jobId) return;
  lastEventAt = Date.now();
  const failedDelta = Math.max(0, p.counts.failed - (progress?.counts.failed ?? job.counts.failed));
  const next: Sample = { at: lastEventAt, ratePerSecond: p.ratePerSecond, failed: failedDelta };
  set({
    job: {
      ...job,
      state: p.state,
      counts: p.counts,
      stopReason: p.stopReason,
      pausedReason: p.stopReason?.message ?? null,
    },
    progress: p,
    samples: [...samples, next].slice(-MAX_SAMPLES),
  });
  ensurePolling();
}

let poller: ReturnType<typeof setInterval> | null = null;
function ensurePolling(): void {
  const active = get().job && ACTIVE_STATES.includes(get().job!.state);
  if (active && !poller) {
    poller = setInterval(() => void poll(), 2_000);
  } else if (!active && poller) {
    clearInterval(poller);
    poller = null;
  }
}

async function poll(): Promise<void> {
  const job = get().job;
  if (!job) return ensurePolling();
  if (Date.now() - lastEventAt < 2_500) return;
  const r = await call('jobs.get', { jobId: job.id });
  if (r.ok) applySummary(r.value);
}

export const initRunEvents = storeEvents((msg) => {
  if (msg.event === 'job:progress') handleProgress(msg.payload);
});

export const runSelectors = {
  job: (s: RunState) => s.job,
  settled: (s: RunState) => (s.job ? settled(s.job.counts) : 0),
  isActive: (s: RunState) => !!s.job && ACTIVE_STATES.includes(s.job.state),
};

/** After a restart: show the job that is still running, paused or interrupted, if any. */
export function adoptActiveJob(jobs: readonly JobSummary[]): void {
  if (get().job) return;
  const active = jobs.find((j) => j.state === 'running' || j.state === 'paused' || j.state === 'interrupted');
  if (active) watchJob(active);
}
