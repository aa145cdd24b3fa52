// The job being run: create + start, pause / resume / cancel, live progress from `job:progress` events and
// what the job says about itself from `job:event`. If events stop arriving (a dropped stream), a slow
// `jobs.get` poll keeps the numbers honest; when that fails too, the screen says it is disconnected
// rather than showing the last numbers as if the job were still running.
import { create } from 'zustand';
import type {
  ItemCounts,
  JobEventDto,
  JobOptions,
  JobProgress,
  JobSummary,
  JobState,
  RunOptionsForm,
} from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { call, currentServiceProblem, onConnectionState, storeEvents, type ConnectionState } from '../api/client';
import { addRatePoint, type RatePoint } from '../../src-shared/runner/rateSeries';
import { DEFAULT_FAILURE_BREAKER } from '../../src-shared/runner/breakers';
import { readRateText } from '../../src-shared/runner/rateText';
import { currentSpec } from './mappingStore';

/** Events shown on Run (the newest). */
const MAX_EVENTS = 50;

// Run's options as set on the screen: kept with the desk in SQLite (deskStore.ts), the type in the contract.
export type { RunOptionsForm };

export interface RunState {
  job: JobSummary | null;
  progress: JobProgress | null;
  samples: RatePoint[];
  /** What the job said about itself, oldest first (jobs.events, then `job:event`). */
  events: JobEventDto[];
  /** The event stream's state, and since when Bulk Desk's service stopped answering (null: it answers). */
  transport: ConnectionState;
  unreachableSince: number | null;
  /** The last time the service was heard from (an event or an answer). */
  lastContactAt: number;
  /** How long the LMS took to answer this connection's last test sends (median, ms), for the estimate. */
  answerMs: number | null;
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
  events: [],
  transport: 'closed',
  unreachableSince: null,
  lastContactAt: 0,
  answerMs: null,
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
/** Rows (items) the job is done with; a recipe item blocked by an earlier failed step is one, as the bar counts it. */
export const settled = (c: ItemCounts) => c.succeeded + c.failed + c.skipped + (c.blocked ?? 0);

export function setRunOptions(patch: Partial<RunOptionsForm>): void {
  set({ options: { ...get().options, ...patch } });
}

function jobOptions(choices: { allowDuplicates: boolean; resend: boolean }): JobOptions {
  const o = get().options;
  // The screen does not start with a rate it cannot read (readRateText says why beside the field).
  const rate = readRateText(o.ratePerSecond);
  const canary = /^\d+$/.test(o.canary.trim()) ? Number(o.canary.trim()) : undefined;
  return {
    ...(canary !== undefined ? { canary } : {}),
    readBack: o.readBack,
    ratePerSecond: rate.ok ? rate.value : null,
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
 * The title of a failed create or start. No answer at all (the service stopped, or was unreachable) is not
 * a refusal: the service may have done it before it went, so the title does not say it did not happen.
 */
function unanswered(error: AppErrorShape, done: 'created' | 'started', refused: string): string {
  return error.code === 'NETWORK'
    ? `The job may or may not have been ${done}: Bulk Desk's service did not answer. Look in History once it is back before sending again.`
    : refused;
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
  if (!created.ok)
    return set({ busy: null, error: created.error, errorTitle: unanswered(created.error, 'created', 'The job was not created.') });
  watchJob(created.value);
  const started = await call('jobs.start', { jobId: created.value.id, ...(confirm ? { confirm } : {}) });
  if (!started.ok)
    return set({ busy: null, error: started.error, errorTitle: unanswered(started.error, 'started', 'The job did not start.') });
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
  const same = get().job?.id === job.id;
  set({ job, progress: null, error: null, ...(same ? {} : { samples: [], events: [] }) });
  ensurePolling();
  void loadEvents(job.id);
}

async function loadEvents(jobId: string): Promise<void> {
  const r = await call('jobs.events', { jobId, limit: MAX_EVENTS });
  if (r.ok && get().job?.id === jobId) set({ events: mergeEvents(r.value, get().events) });
}

/** Events by seq, a folded repeat replacing its earlier copy, oldest first, the newest MAX_EVENTS. */
function mergeEvents(a: readonly JobEventDto[], b: readonly JobEventDto[]): JobEventDto[] {
  const bySeq = new Map<number, JobEventDto>();
  for (const e of [...a, ...b]) {
    const had = bySeq.get(e.seq);
    if (!had || e.count >= had.count) bySeq.set(e.seq, e);
  }
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq).slice(-MAX_EVENTS);
}

/** The median answer time of this connection's recent test sends, for the estimate before a run. */
export async function loadAnswerTime(connectionId: string): Promise<void> {
  const r = await call('requests.testCalls', { connectionId, offset: 0, limit: 9 });
  if (!r.ok) return;
  const times = r.value.items.filter((c) => c.responseStatus !== null).map((c) => c.durationMs).sort((x, y) => x - y);
  set({ answerMs: times.length ? times[Math.floor(times.length / 2)]! : null });
}

function applySummary(job: JobSummary): void {
  if (get().job?.id !== job.id) return;
  set({ job });
  ensurePolling();
}

// ---------- live progress ----------

let lastEventAt = 0;

function handleProgress(p: JobProgress): void {
  const { job, samples } = get();
  if (!job || job.id !== p.jobId) return;
  lastEventAt = Date.now();
  const point: RatePoint = {
    at: lastEventAt,
    rate: p.ratePerSecond,
    limit: p.limitRate ?? null,
    lowered: p.loweredRate ?? null,
  };
  const next = addRatePoint(samples, point, p.state === 'running');
  const stateChanged = job.state !== p.state;
  set({
    job: {
      ...job,
      state: p.state,
      runMs: p.runMs,
      runningSince: p.runningSince,
      counts: p.counts,
      stopReason: p.stopReason,
      pausedReason: p.stopReason?.message ?? null,
    },
    progress: p,
    samples: next,
    unreachableSince: null,
    lastContactAt: lastEventAt,
  });
  // Its times (running time, finish) changed with its state.
  if (stateChanged) void refreshJob(job.id);
  ensurePolling();
}

async function refreshJob(jobId: string): Promise<void> {
  const r = await call('jobs.get', { jobId });
  if (r.ok) applySummary(r.value);
}

function handleEvent(e: JobEventDto): void {
  if (get().job?.id !== e.jobId) return;
  lastEventAt = Date.now();
  set({ events: mergeEvents(get().events, [e]), unreachableSince: null, lastContactAt: lastEventAt });
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
  if (Date.now() - lastEventAt < 2_500 && get().transport === 'open') return;
  const r = await call('jobs.get', { jobId: job.id });
  if (r.ok) {
    set({ unreachableSince: null, lastContactAt: Date.now() });
    applySummary(r.value);
  } else if (r.error.code === 'NETWORK' || currentServiceProblem() === 'unauthorised') {
    // Bulk Desk's service does not answer (or refuses this page: it was started again): the job may still
    // run (or not); say so instead of "running", from the last time it was heard from.
    set({ unreachableSince: get().unreachableSince ?? (get().lastContactAt || Date.now()) });
  }
}

const offEvents = storeEvents((msg) => {
  if (msg.event === 'job:progress') handleProgress(msg.payload);
  if (msg.event === 'job:event') handleEvent(msg.payload);
});

/** Follows the job's events, and the event stream's state (a reconnect reloads what may have been missed). */
export function initRunEvents(): () => void {
  const off = offEvents();
  const offState = onConnectionState((transport) => {
    const was = get().transport;
    set({ transport });
    const job = get().job;
    if (transport === 'open' && was !== 'open' && job) {
      void refreshJob(job.id);
      void loadEvents(job.id);
    }
    // A dropped stream: poll at once rather than wait for the next turn.
    if (transport !== 'open' && job && ACTIVE_STATES.includes(job.state)) void poll();
  });
  return () => {
    off();
    offState();
  };
}

export const runSelectors = {
  job: (s: RunState) => s.job,
  settled: (s: RunState) => (s.job ? settled(s.job.counts) : 0),
  isActive: (s: RunState) => !!s.job && ACTIVE_STATES.includes(s.job.state),
  /** The service stopped answering while this job was shown (its state on screen may be stale). */
  disconnected: (s: RunState) => s.unreachableSince !== null,
};

/** After a restart: show the job that is still running, paused or interrupted, if any. */
export function adoptActiveJob(jobs: readonly JobSummary[]): void {
  if (get().job) return;
  const active = jobs.find((j) => j.state === 'running' || j.state === 'paused' || j.state === 'interrupted');
  if (active) watchJob(active);
}
