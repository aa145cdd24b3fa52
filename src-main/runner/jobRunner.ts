// The job runner: sends a job's items through the connection's throttle, signs each attempt at send
// time, and writes every state change to SQLite as it happens. Memory is per in-flight request, never
// per row: items are read from the database a small batch at a time and outcomes go straight back.
import type { ItemCounts, ItemStatus, JobOptions, JobState, JobSummary } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { getTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import { backoffDelay } from '../../src-shared/runner/backoff';
import { apiErrorMessage, classifyResponse } from '../../src-shared/runner/classifyResponse';
import * as pacing from '../../src-shared/runner/pacer';
import { createRateMeter } from '../../src-shared/runner/rateMeter';
import { getConnection, type ConnectionRecord } from '../db/connections';
import { datasetRow, getDataset } from '../db/datasets';
import * as items from '../db/items';
import { getJob, itemCounts, markRunningJobsInterrupted, setJobState, toSummary, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import type { ConnectionSecret, CredentialStore } from '../services/credentials';
import type { EventBus } from '../services/eventHub';
import { NetworkError, sendHttp, type HttpRequest, type HttpResponse } from '../services/http';
import { describeIssues, prepareRow, redactedHeaders, signedHeaders } from '../services/requestFactory';
import { captureFields } from './captureFields';
import { DEFAULT_MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, THROTTLE_DEFAULTS } from './connectionDefaults';

export interface RunnerDeps {
  db: Db;
  credentials: CredentialStore;
  events: EventBus;
  now?: () => number;
  random?: () => number;
  send?: (req: HttpRequest) => Promise<HttpResponse>;
  log?: (line: string) => void;
}

/** Throttled retries (429/503) don't use up the attempt budget, but this many in a row fail the item. */
const MAX_THROTTLED_ATTEMPTS = 30;
const PROGRESS_INTERVAL_MS = 100; // at most ~10 progress events per second
const QUEUE_BATCH = 200;

export class JobRunner {
  private readonly active = new Map<string, ActiveJob>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly send: (req: HttpRequest) => Promise<HttpResponse>;
  private readonly log: (line: string) => void;

  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.send = deps.send ?? sendHttp;
    this.log = deps.log ?? (() => {});
  }

  /** At startup: jobs that were running are interrupted; their `sending` items are in doubt. */
  recover(): string[] {
    const ids = markRunningJobsInterrupted(this.deps.db);
    for (const id of ids) {
      const n = items.markInDoubt(this.deps.db, id, this.now());
      this.log(`job ${id} was interrupted; ${n} item(s) in doubt`);
    }
    return ids;
  }

  summary(jobId: string): JobSummary {
    return toSummary(this.deps.db, this.job(jobId));
  }

  /** Start a ready job, or resume a paused or interrupted one. */
  start(jobId: string): JobSummary {
    const job = this.job(jobId);
    if (this.active.has(jobId)) return this.summary(jobId);
    if (job.state === 'completed' || job.state === 'cancelled') {
      throw new AppError('CONFLICT', `This job is ${job.state}. Use "Rerun failed rows" to send its failed rows again.`);
    }
    const template = this.template(job);
    const connection = getConnection(this.deps.db, job.connectionId);
    if (!connection) throw new AppError('NOT_FOUND', `The connection "${job.connectionName}" no longer exists.`);
    const secret = this.deps.credentials.get(connection.id);
    if (!secret) {
      throw new AppError('CREDENTIALS', `No secret is stored for "${connection.name}". Edit the connection and enter it.`);
    }
    const dataset = getDataset(this.deps.db, job.datasetId);
    if (!dataset) throw new AppError('NOT_FOUND', `The dataset "${job.fileName}" no longer exists.`);
    // In-doubt items of an idempotent template (PUT upsert, delete, publish) are simply sent again.
    if (template.idempotent) items.requeueInDoubt(this.deps.db, jobId, this.now());

    setJobState(this.deps.db, jobId, 'running', this.now());
    const active = new ActiveJob(this, this.deps.db, { ...job, state: 'running' }, template, connection, secret, dataset.columns);
    this.active.set(jobId, active);
    active.run().then(
      () => this.active.delete(jobId),
      (e: unknown) => {
        this.active.delete(jobId);
        this.log(`job ${jobId} stopped by an internal error: ${e instanceof Error ? e.message : String(e)}`);
        setJobState(this.deps.db, jobId, 'interrupted', this.now());
        this.emitProgress(jobId, 0, 0);
      },
    );
    return this.summary(jobId);
  }

  /** Stop taking new items; requests in flight finish and are recorded. */
  async pause(jobId: string): Promise<JobSummary> {
    const a = this.active.get(jobId);
    if (a) await a.stop('paused');
    else if (this.job(jobId).state === 'ready') setJobState(this.deps.db, jobId, 'paused', this.now());
    return this.summary(jobId);
  }

  async cancel(jobId: string): Promise<JobSummary> {
    const a = this.active.get(jobId);
    if (a) await a.stop('cancelled');
    else setJobState(this.deps.db, jobId, 'cancelled', this.now());
    this.emitProgress(jobId, 0, 0);
    return this.summary(jobId);
  }

  retryFailed(jobId: string): JobSummary {
    const job = this.job(jobId);
    if (this.active.has(jobId)) throw new AppError('CONFLICT', 'The job is still running; wait for it to finish first.');
    const n = items.requeueFailed(this.deps.db, jobId, this.now());
    if (n === 0) throw new AppError('CONFLICT', 'This job has no failed rows to rerun.');
    setJobState(this.deps.db, jobId, job.state === 'ready' ? 'ready' : 'paused', this.now());
    return this.start(jobId);
  }

  setRate(jobId: string, ratePerSecond: number | null): void {
    this.active.get(jobId)?.setRate(ratePerSecond);
  }

  isActive(jobId: string): boolean {
    return this.active.has(jobId);
  }

  /** Resolves when the job's loop has ended (completed, paused, cancelled). For the CLI and tests. */
  async whenSettled(jobId: string): Promise<JobSummary> {
    await this.active.get(jobId)?.done;
    return this.summary(jobId);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.active.values()].map((a) => a.stop('paused')));
  }

  // ----- used by ActiveJob -----
  clock(): number {
    return this.now();
  }
  rand(): number {
    return this.random();
  }
  http(req: HttpRequest): Promise<HttpResponse> {
    return this.send(req);
  }
  emitProgress(jobId: string, inFlight: number, ratePerSecond: number, counts?: ItemCounts, state?: JobState): void {
    const job = state ? null : this.job(jobId);
    const c = counts ?? itemCounts(this.deps.db, jobId);
    const remaining = c.pending + c.retry_wait + c.sending;
    this.deps.events.emit('job:progress', {
      jobId,
      state: state ?? job!.state,
      counts: c,
      inFlight,
      ratePerSecond,
      etaMs: ratePerSecond > 0 && remaining > 0 ? Math.round((remaining / ratePerSecond) * 1000) : null,
    });
  }

  private job(jobId: string): JobRecord {
    const job = getJob(this.deps.db, jobId);
    if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
    return job;
  }

  private template(job: JobRecord): Template {
    const t = getTemplate(job.templateId);
    if (!t) throw new AppError('NOT_FOUND', `Template ${job.templateId} is not known to this version of Bulk Desk.`);
    return t;
  }
}

/** One running job: its loop, its throttle and its in-memory counters (constant size). */
class ActiveJob {
  private state: JobState = 'running';
  private pacer: pacing.PacerState;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly queue: items.ClaimedItem[] = [];
  private readonly meter = createRateMeter();
  private readonly counts: ItemCounts;
  private lastProgressAt = 0;
  private wake: (() => void) | null = null;
  private stopRequested: JobState | null = null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly runner: JobRunner,
    private readonly db: Db,
    private readonly job: JobRecord,
    private readonly template: Template,
    private readonly connection: ConnectionRecord,
    private readonly secret: ConnectionSecret,
    private readonly columns: string[],
  ) {
    const defaults = THROTTLE_DEFAULTS[connection.api];
    const opts: JobOptions = job.options;
    this.pacer = pacing.createPacer(opts.ratePerSecond ?? defaults.ratePerSecond, runner.clock());
    this.concurrency = opts.concurrency ?? defaults.concurrency;
    this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.counts = itemCounts(db, job.id);
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  setRate(ratePerSecond: number | null): void {
    this.pacer = pacing.setRate(this.pacer, ratePerSecond ?? THROTTLE_DEFAULTS[this.connection.api].ratePerSecond);
    this.nudge();
  }

  async stop(state: 'paused' | 'cancelled'): Promise<void> {
    this.stopRequested = state;
    this.nudge();
    await this.done;
  }

  async run(): Promise<void> {
    try {
      await this.loop();
    } finally {
      await Promise.allSettled(this.inFlight.values());
      const final: JobState = this.stopRequested ?? 'completed';
      this.state = final;
      setJobState(this.db, this.job.id, final, this.runner.clock());
      this.progress(true);
      this.resolveDone();
    }
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.stopRequested) return;
      if (this.inFlight.size >= this.concurrency) {
        await this.waitForChange(1000);
        continue;
      }
      const now = this.runner.clock();
      const item = this.nextItem(now);
      if (!item) {
        if (this.inFlight.size > 0) {
          await this.waitForChange(1000);
          continue;
        }
        const retryAt = items.nextRetryAt(this.db, this.job.id);
        if (retryAt === null) return; // nothing pending, nothing waiting: completed
        await this.waitForChange(Math.max(1, retryAt - now));
        continue;
      }
      const wait = pacing.waitTime(this.pacer, now);
      if (wait > 0) {
        this.queue.unshift(item);
        await this.waitForChange(wait);
        continue;
      }
      this.pacer = pacing.take(this.pacer, now);
      const p = this.sendItem(item).finally(() => {
        this.inFlight.delete(item.id);
        this.nudge();
      });
      this.inFlight.set(item.id, p);
    }
  }

  private nextItem(now: number): items.ClaimedItem | undefined {
    if (this.queue.length === 0) {
      const exclude = new Set(this.inFlight.keys());
      this.queue.push(...items.nextDueItems(this.db, this.job.id, now, QUEUE_BATCH, exclude));
    }
    return this.queue.shift();
  }

  private async sendItem(item: items.ClaimedItem): Promise<void> {
    const cells = datasetRow(this.db, this.job.datasetId, item.rowNumber) ?? [];
    const prepared = prepareRow(this.template, this.job.mapping, this.connection.baseUrl, this.columns, item.rowNumber, cells);
    const built = prepared.built;
    const startedAt = this.runner.clock();
    const from: ItemStatus = item.status;
    if (!built) {
      items.markSkipped(this.db, item.id, describeIssues(item.rowNumber, prepared.issues), startedAt);
      this.move(from, 'skipped');
      return;
    }
    const attemptId = items.markSending(this.db, {
      itemId: item.id,
      method: built.method,
      url: prepared.url,
      requestHeaders: redactedHeaders(built, this.connection.identity),
      requestBody: built.body,
      startedAt,
    });
    this.move(from, 'sending');
    this.progress(false);

    let status: number | null = null;
    let body = '';
    let retryAfter: string | null = null;
    let error: string | null = null;
    let durationMs = 0;
    try {
      const res = await this.runner.http({
        method: built.method,
        url: prepared.url,
        headers: signedHeaders(built, this.connection.identity, this.secret), // signed now, for this attempt only
        body: built.body,
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      status = res.status;
      body = res.body;
      retryAfter = res.headers['retry-after'] ?? null;
      durationMs = res.durationMs;
    } catch (e) {
      error = e instanceof NetworkError ? e.message : 'The request could not be sent.';
      durationMs = e instanceof NetworkError ? e.durationMs : this.runner.clock() - startedAt;
    }
    const at = this.runner.clock();
    this.meter.record(at);
    const attempts = item.attempts + 1; // this item's attempts in the current round, this one included
    const verdict = classifyResponse(status, body, retryAfter, at);
    const base = { itemId: item.id, attemptId, responseStatus: status, responseBody: status === null ? null : body, durationMs, at };

    if (verdict.kind === 'success') {
      this.pacer = pacing.onSuccess(this.pacer);
      items.recordOutcome(this.db, {
        ...base,
        status: 'succeeded',
        error: null,
        nextAttemptAt: null,
        captured: captureFields(this.template, body),
      });
      this.move('sending', 'succeeded');
    } else if (verdict.kind === 'throttled' && attempts < MAX_THROTTLED_ATTEMPTS) {
      this.pacer = pacing.onThrottled(this.pacer, at, verdict.retryAfterMs);
      items.recordOutcome(this.db, {
        ...base,
        status: 'retry_wait',
        error: apiErrorMessage(status ?? 0, body),
        nextAttemptAt: this.pacer.holdUntil,
        captured: null,
        refundAttempt: true,
      });
      this.move('sending', 'retry_wait');
    } else if (verdict.kind === 'retry' && attempts < this.maxAttempts) {
      items.recordOutcome(this.db, {
        ...base,
        status: 'retry_wait',
        error: error ?? apiErrorMessage(status ?? 0, body),
        nextAttemptAt: at + backoffDelay(attempts, this.runner.rand()),
        captured: null,
      });
      this.move('sending', 'retry_wait');
    } else {
      const reason = error ?? apiErrorMessage(status ?? 0, body);
      items.recordOutcome(this.db, {
        ...base,
        status: 'failed',
        error: verdict.kind === 'fatal' ? reason : `${reason} (gave up after ${attempts} attempts)`,
        nextAttemptAt: null,
        captured: null,
      });
      this.move('sending', 'failed');
    }
    this.progress(false);
  }

  private move(from: ItemStatus, to: ItemStatus): void {
    this.counts[from] -= 1;
    this.counts[to] += 1;
  }

  private progress(force: boolean): void {
    const now = this.runner.clock();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    this.runner.emitProgress(this.job.id, this.inFlight.size, this.meter.ratePerSecond(now), { ...this.counts }, this.state);
  }

  private waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.min(ms, 1000));
      const self = this;
      function done() {
        clearTimeout(t);
        if (self.wake === done) self.wake = null;
        resolve();
      }
      // Only one waiter at a time: the loop is sequential.
      this.wake = done;
    });
  }

  private nudge(): void {
    this.wake?.();
  }
}
