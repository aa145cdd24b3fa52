// The job runner: starts, pauses, resumes and cancels jobs, each as an ActiveJob (./activeJob.ts) that
// sends its items through the connection's throttle, signs each attempt at send time, and writes every
// state change to SQLite as it happens.
import { notStartedReason } from '../../src-shared/runner/notStartedWords';
import { noSecretStored } from '../../src-shared/connections/noSecret';
import type { ConcurrencyDto, ItemCounts, ItemStatus, JobState, JobSummary } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import type { Template } from '../../src-shared/connectors/types';
import { getConnection, type ConnectionRecord } from '../db/connections';
import { getDataset } from '../db/datasets';
import * as items from '../db/items';
import {
  getJob,
  itemCounts,
  recipeItemsToSend,
  jobsStoppedByClosing,
  setJobOptions,
  setJobState,
  toSummary,
  type JobRecord,
} from '../db/jobs';
import type { Db } from '../db/openDb';
import { inlineWriter, threadWriter, type DbWriter } from '../db/dbWriter';
import { chooseWriter } from './writerChoice';
import { skipRowsSentElsewhere, unskipRowsReversed } from '../safety/sentElsewhere';
import { checkNotSendingElsewhere } from '../safety/sendingElsewhere';
import type { CredentialStore } from '../services/credentials';
import type { EventBus } from '../services/eventHub';
import { sendHttp, type HttpRequest, type HttpResponse } from '../services/http';
import { ActiveJob } from './activeJob';
import { DEFAULT_STORAGE_RETRY_MS, type RunnerPort } from './activeJobSetup';
import { jobStepTemplates, RecipePlan } from '../recipes/recipePlan';
import { jobTemplate } from './jobTemplates';
import { reconcilerFor } from './reconcilers';
import { heldAtItsEnd, isRecipeJob, regate, requeueRecipeFailed, settleHeld } from '../recipes/recipeRuns';
import { phraseName } from '../safety/phraseName';
import { throttleSettings } from './connectionDefaults';
import { JobEventLog } from './jobEventLog';
import { recoverJobs } from './recoverJobs';
import { stopInFlight } from './stopInFlight';
import { checkConfirmation, checkRecipeConfirmation } from './startConfirmation';
import { nothingToRerun, rerunFailedRefusal } from '../../src-shared/runner/rerunFailed';
import { checkTarget } from './jobTarget';
import { Throttle, WindowLimiters } from './throttle';
import { endedDetail, resolvedFact, startedDetail, type StartFacts } from '../../src-shared/runner/jobEvents';

export interface RunnerDeps {
  db: Db;
  credentials: CredentialStore;
  events: EventBus;
  now?: () => number;
  random?: () => number;
  send?: (req: HttpRequest) => Promise<HttpResponse>;
  log?: (line: string) => void;
  /** The connections' rolling-window limiters, shared with the sync so both together keep the API's limit. */
  windows?: WindowLimiters;
  /** The database file, named when a write fails. */
  dbFile?: string;
  /** How long a write waits for a database another program has locked before the job stops (default 30 s). */
  storageRetryMs?: number;
  /**
   * Where jobs write their turns (./writerChoice.ts): `auto` (default when `dbFile` is given) — on `db`
   * for a job of fewer than `threadFromRows` rows to send, in a writer thread with its own connection
   * (../db/dbWriter.ts) for a bigger one; `thread` or `inline` — always there.
   */
  writer?: 'auto' | 'thread' | 'inline';
  /** `auto`: a job with this many rows to send or more writes in the thread (default THREAD_FROM_ROWS). */
  threadFromRows?: number;
}

/** Why a job that was sending when Bulk Desk closed stopped (closeAll). */
const CLOSED_WHILE_SENDING = {
  kind: 'closed',
  message:
    'Bulk Desk was closed while this job was sending. The requests in flight finished and their answers were saved; ' +
    'the rows not sent yet wait. Resume the job to send them.',
} as const;

export class JobRunner {
  private readonly active = new Map<string, ActiveJob>();
  /** Jobs whose end the database would not take (a full disk): shown as they really ended until it does. */
  private readonly unsavedEnds = new Map<string, NonNullable<ActiveJob['unsavedEnd']>>();
  private readonly windows: WindowLimiters;
  private readonly port: RunnerPort;
  /** What each job says about itself (throttling, failures, pauses), for Run, History and the CLI. */
  readonly eventLog: JobEventLog;
  /** The writes on `db` (one per database), for the jobs that write there. */
  private inline: DbWriter | null = null;
  /** The writer thread, started with the first job that writes there and shared by all such jobs. */
  private threadPromise: Promise<DbWriter> | null = null;

  constructor(private readonly deps: RunnerDeps) {
    this.windows = deps.windows ?? new WindowLimiters();
    const now = deps.now ?? Date.now;
    const random = deps.random ?? Math.random;
    const send = deps.send ?? sendHttp;
    const log = deps.log ?? (() => {});
    this.eventLog = new JobEventLog(deps.db, deps.events, now, log);
    this.port = {
      clock: now,
      rand: random,
      http: send,
      log,
      emitProgress: (jobId, inFlight, rate, counts, state, concurrency) =>
        this.emitProgress(jobId, inFlight, rate, counts, state, concurrency),
      // A recipe job's rows go step by step: its events say items of rows.
      event: (jobId, fact) =>
        this.eventLog.record(jobId, this.active.get(jobId)?.isRecipe ? { ...fact, items: true } : fact),
      flushEvents: (ops) => this.eventLog.flush(false, ops),
    };
  }

  private get now(): number {
    return this.port.clock();
  }

  /**
   * At startup, when no job runs: every job's rows still `sending` are in doubt (the process died, or
   * the database refused their answers), whatever the job's state; a job left `running` is interrupted,
   * and one left `completed` with such rows was not complete, so it is interrupted too. (A job left
   * `running` gets the stop reason `closed`: stoppedByClosing lists it for autoResume.) A recipe job an
   * older build left `completed` with items waiting on items in doubt is paused for the admin's decision.
   */
  recover(): void {
    for (const r of recoverJobs(this.deps.db, this.now)) {
      if (r.reason)
        this.explain(r.jobId, { kind: 'ended', at: this.now, detail: `Interrupted: ${r.reason}` });
      if (r.held) this.explain(r.jobId, { kind: 'ended', at: this.now, detail: `Paused for your decision: ${r.held}` });
      this.port.log(`job ${r.jobId} (${r.state}) recovered: ${r.inDoubt} row(s) in doubt`);
    }
  }

  /**
   * Jobs that stopped because Bulk Desk stopped — closed while they sent, or found running at this start
   * (killed, crashed) — and were not resumed since: what autoResume carries on.
   */
  stoppedByClosing(): string[] {
    return jobsStoppedByClosing(this.deps.db);
  }

  summary(jobId: string): JobSummary {
    const s = toSummary(this.deps.db, this.job(jobId));
    const end = this.active.get(jobId)?.unsavedEnd ?? this.unsavedEnds.get(jobId);
    if (!end || s.state !== 'running') return s;
    // The database still says running: show how the job really ended (its rows in doubt).
    return {
      ...s,
      state: end.state,
      counts: end.counts,
      stopReason: end.reason,
      pausedReason: end.reason.message,
    };
  }

  /**
   * Start a ready job, resume a paused or interrupted one, or send the rows a cancelled job never sent.
   * In-doubt items are settled first (./inDoubt.ts). A destructive template needs its phrase, naming the
   * rows about to go and the connection, whenever sending is a new decision: the first start, and the
   * rest of a cancelled job. A resume carries on what was confirmed. `rerun`: started by retryFailed (its
   * "started" event says so).
   */
  start(jobId: string, confirm?: string, rerun = false): JobSummary {
    let job = this.job(jobId);
    if (this.active.has(jobId)) return this.summary(jobId);
    if (job.state === 'completed') {
      throw new AppError(
        'CONFLICT',
        'This job is completed: every row has an outcome. Use "Rerun failed rows" to send its failed rows again.',
      );
    }
    const { columns, template, connection } = this.startable(job);
    // Rows sent elsewhere since this job was made (a newer job, a test send) are not sent again. (A recipe
    // job checks each item when it is built: its later steps' keys are only known then.)
    const skipped = isRecipeJob(job) ? 0 : skipRowsSentElsewhere(this.deps.db, job, this.now);
    if (skipped) this.port.log(`job ${jobId}: ${skipped} row(s) already sent elsewhere, skipped`);
    // A new decision (confirmed below with the rows about to go): rows skipped as already sent whose send
    // was taken back since the job was made are sent after all.
    const newDecision = job.startedAt === null || job.state === 'cancelled';
    const unskipped = newDecision && !isRecipeJob(job) ? unskipRowsReversed(this.deps.db, job, this.now) : 0;
    if (unskipped) this.port.log(`job ${jobId}: ${unskipped} row(s) skipped as already sent were taken back since, to be sent`);
    if (newDecision) {
      const c = itemCounts(this.deps.db, jobId);
      this.checkPhrase(
        job,
        connection,
        () => template,
        c.pending + c.retry_wait,
        ['pending', 'waiting', 'retry_wait'],
        confirm ?? job.options.confirm,
      );
    }
    if (confirm !== undefined && confirm !== job.options.confirm) {
      setJobOptions(this.deps.db, jobId, { ...job.options, confirm });
      job = this.job(jobId);
    }
    const secret = job.options.dryRun ? null : this.deps.credentials.get(connection.id);
    if (!secret && !job.options.dryRun) {
      throw new AppError(
        'CREDENTIALS',
        noSecretStored(connection),
      );
    }

    const settings = throttleSettings(connection.api, job.options);
    const throttle = new Throttle(
      settings.ratePerSecond,
      this.windows.for(connection, settings.rateLimit),
      this.now,
    );
    this.deps.db.transaction(() => {
      // No request of this job is in flight now: rows still `sending` (a storage fault earlier in this
      // process) are in doubt, and settled before anything is sent.
      items.markInDoubt(this.deps.db, jobId, this.now);
      setJobState(this.deps.db, jobId, 'running', this.now);
    })();
    this.unsavedEnds.delete(jobId);
    const active = new ActiveJob(this.port, this.deps.db, {
      job: { ...job, state: 'running' },
      template,
      connection,
      // A dry run never signs; it needs no secret.
      secret: secret ?? { api: 'coursepath', apiKey: '' },
      columns,
      throttle,
      settings,
      storage: {
        file: this.deps.dbFile ?? 'the database',
        retryMs: this.deps.storageRetryMs ?? DEFAULT_STORAGE_RETRY_MS,
      },
      writer: this.writerFor(jobId),
      // Recipe jobs: each item sends its step's template (src-main/recipes/).
      ...(isRecipeJob(job) ? { plan: new RecipePlan(this.deps.db, job, columns, connection) } : {}),
      // Paused by the credentials breaker: resumed, the key is checked before a row is sent with it.
      checkCredentialsFirst: job.stopReason?.kind === 'auth' && !job.options.dryRun,
    });
    this.active.set(jobId, active);
    this.explainStart(job, template, settings, rerun);
    active.run().then(
      () => {
        this.retire(jobId, active);
        this.explainEnd(jobId);
      },
      (e: unknown) => {
        // run() ends the job itself, faults included; this is the last resort if that failed too.
        this.retire(jobId, active);
        const message = e instanceof Error ? e.message : String(e);
        this.port.log(`job ${jobId} stopped by an internal error: ${message}`);
        try {
          this.deps.db.transaction(() => {
            items.markInDoubt(this.deps.db, jobId, this.now);
            setJobState(this.deps.db, jobId, 'interrupted', this.now, {
              kind: 'internal',
              message: `Stopped by an internal error: ${message}. Rows that were in flight are in doubt. Resume the job to carry on.`,
            });
          })();
          this.emitProgress(jobId, 0, 0);
          this.explainEnd(jobId);
        } catch (again) {
          this.port.log(
            `job ${jobId}: could not record its end: ${again instanceof Error ? again.message : String(again)}`,
          );
        }
      },
    );
    return this.summary(jobId);
  }

  /**
   * A job's loop has ended: it is no longer active (only this one: the job may already run again). Done
   * as soon as a pause or cancel returns, so a resume right after it starts the job again.
   */
  private retire(jobId: string, a: ActiveJob): void {
    if (this.active.get(jobId) !== a) return;
    if (a.unsavedEnd) this.unsavedEnds.set(jobId, a.unsavedEnd);
    this.active.delete(jobId);
  }

  /** Stop taking new items; requests in flight finish and are recorded. */
  async pause(jobId: string): Promise<JobSummary> {
    const a = this.active.get(jobId);
    if (a) {
      await a.stop('paused');
      this.retire(jobId, a);
    } else if (this.job(jobId).state === 'ready') setJobState(this.deps.db, jobId, 'paused', this.now);
    const s = this.summary(jobId);
    // The app's own pauses (a breaker, the canary) said why when they happened.
    if (a && s.state === 'paused' && !s.stopReason) this.explain(jobId, { kind: 'paused', at: this.now });
    return s;
  }

  /**
   * Stop without waiting for the answers in flight, for a process about to exit (Ctrl+C again while the
   * CLI pauses): the job is paused at once, its rows in flight in doubt (./stopInFlight.ts). Written on
   * this connection, synchronously: the loop that still runs never gets another turn.
   */
  stopWithoutAnswers(jobId: string): JobSummary {
    const n = stopInFlight(this.deps.db, jobId, this.now);
    const detail = n
      ? `Paused by you without waiting for the answers in flight: ${n} row${n === 1 ? '' : 's'} in doubt.`
      : 'Paused by you without waiting: no request was in flight.';
    this.explain(jobId, { kind: 'ended', at: this.now, detail });
    return toSummary(this.deps.db, this.job(jobId));
  }

  async cancel(jobId: string): Promise<JobSummary> {
    const a = this.active.get(jobId);
    if (!a) {
      // History is not rewritten: a completed job stays completed, and a cancelled one is not cancelled again.
      const { state } = this.job(jobId);
      if (state === 'completed')
        throw new AppError(
          'CONFLICT',
          'This job is completed: every row has an outcome, so there is nothing to cancel.',
        );
      if (state === 'cancelled') return this.summary(jobId);
    }
    if (a) {
      await a.stop('cancelled');
      this.retire(jobId, a);
    } else setJobState(this.deps.db, jobId, 'cancelled', this.now);
    this.emitProgress(jobId, 0, 0);
    this.explain(jobId, { kind: 'cancelled', at: this.now });
    return this.summary(jobId);
  }

  /**
   * Sends a job's failed rows again: a new decision, so a destructive template asks for its phrase again.
   * Not while a job stopped on purpose has rows it never sent (rerunFailedRefusal): they would go too.
   */
  retryFailed(jobId: string, confirm?: string): JobSummary {
    const job = this.job(jobId);
    if (this.active.has(jobId))
      throw new AppError('CONFLICT', 'The job is still running; wait for it to finish first.');
    const counts = itemCounts(this.deps.db, jobId);
    const failed = counts.failed;
    if (failed === 0) throw new AppError('CONFLICT', nothingToRerun(jobId, counts, isRecipeJob(job)));
    const connection = getConnection(this.deps.db, job.connectionId);
    // Before the failed rows are queued again: a refused rerun leaves them failed.
    if (connection) checkTarget(job, connection);
    // Starting the job would send its unsent rows too: refused before anything is queued.
    const refusal = rerunFailedRefusal(jobId, job.state, counts, isRecipeJob(job));
    if (refusal) throw new AppError('CONFLICT', refusal);
    // A recipe: from the failed step on — the failed items and the later steps they blocked. And the rows in
    // doubt, which the start settles first and may send too (rerunFailed.ts inDoubtMayGo): counted apart.
    if (connection)
      this.checkPhrase(
        job,
        connection,
        () => this.datasetTemplate(job),
        failed,
        ['failed', 'blocked', 'in_doubt'],
        confirm,
        counts.in_doubt,
      );
    // What would refuse the start refuses the rerun before the rows are queued again: a refused start left
    // them pending in a job reopened as paused, gone from its failed rows.
    this.checkStartable(job);
    if (isRecipeJob(job)) requeueRecipeFailed(this.deps.db, job, this.now);
    else items.requeueFailed(this.deps.db, jobId, this.now);
    setJobState(this.deps.db, jobId, job.state === 'ready' ? 'ready' : 'paused', this.now);
    return this.start(jobId, undefined, true);
  }

  /**
   * New rate (null: the API default) and optionally concurrency (a number pins it, null makes it
   * automatic again); applies at once and to later resumes.
   */
  setRate(jobId: string, ratePerSecond: number | null, concurrency?: number | null): JobSummary {
    const job = this.job(jobId);
    const { concurrency: _pinned, ...rest } = job.options;
    const options =
      concurrency === undefined
        ? { ...job.options, ratePerSecond }
        : { ...rest, ratePerSecond, ...(concurrency !== null ? { concurrency } : {}) };
    setJobOptions(this.deps.db, jobId, options);
    const connection = getConnection(this.deps.db, job.connectionId);
    if (connection) {
      const settings = throttleSettings(connection.api, options);
      this.active.get(jobId)?.setThrottle(settings.ratePerSecond, concurrency);
    }
    this.explain(jobId, { kind: 'rateChanged', at: this.now, ratePerSecond });
    return this.summary(jobId);
  }

  /**
   * The admin's decision on in-doubt items. The rows it sends again (and, in a recipe, the later steps a
   * settled row opens) go at once, and an interrupted job (stopped by a fault, not by anyone) carries on
   * with them. A job stopped on purpose — paused by the admin, the canary or a breaker, or cancelled —
   * starts only when these rows are all it has left to send: its other unsent rows were not part of this
   * decision, so they all wait in the queue for the admin's resume (which asks its own confirmation). A
   * recipe job Bulk Desk paused at its end — on items in doubt, or on a read its run stopped before — was
   * stopped by no one: with items to send after the decision it carries on, reading first what waits on a read.
   */
  resolveInDoubt(
    jobId: string,
    action: 'resend' | 'markSucceeded' | 'markFailed',
    itemIds?: number[],
    confirm?: string,
  ): JobSummary {
    const job = this.job(jobId);
    const a = this.active.get(jobId);
    const before = itemCounts(this.deps.db, jobId);
    // A recipe job Bulk Desk paused at its end (items waiting on items in doubt, or on a read its run
    // stopped before) was not stopped by anyone: what it has unsent waits on that, not on the admin's resume.
    const othersUnsent =
      ((job.state === 'paused' && !heldAtItsEnd(job)) || job.state === 'cancelled') &&
      before.pending + before.retry_wait > 0;
    // A resend sends: refused before the rows are settled when the connection now points elsewhere (a running
    // job was checked as it started); and, a new decision to send as a rerun of failed rows is, a destructive
    // template asks for its phrase, counting the rows chosen (at most those in doubt).
    const connection = action === 'resend' ? getConnection(this.deps.db, job.connectionId) : undefined;
    if (connection && !a) checkTarget(job, connection);
    const rows = Math.min(itemIds?.length ?? before.in_doubt, before.in_doubt);
    if (connection && rows > 0) this.checkPhrase(job, connection, () => this.datasetTemplate(job), rows, ['in_doubt'], confirm);
    // A resend that could not start (connection deleted, secret gone) leaves the rows in doubt, not pending.
    if (action === 'resend' && !a) this.checkStartable(job);
    const settled = items.resolveInDoubt(this.deps.db, jobId, action, itemIds, this.now);
    if (settled.length === 0)
      throw new AppError('CONFLICT', `None of these ${isRecipeJob(job) ? 'items' : 'rows'} is in doubt any more.`);
    // Said before a resend starts the job again: its "Resumed" comes after the decision.
    // A recipe job's are items of rows, as its other events say.
    this.explain(jobId, { ...resolvedFact(action, settled, this.now), ...(isRecipeJob(job) ? { items: true } : {}) });
    const restart = () => {
      if (job.state === 'completed' || job.state === 'cancelled')
        setJobState(this.deps.db, jobId, 'paused', this.now);
      try {
        return this.start(jobId);
      } catch (e) {
        this.leftPaused(job, e);
        throw e;
      }
    };
    if (isRecipeJob(job)) {
      // Recipe: a settled step opens (or blocks) its row's later steps; opened ones are sent.
      regate(this.deps.db, job, this.now);
      const c = itemCounts(this.deps.db, jobId);
      if (!a && c.pending > 0 && action !== 'resend' && !othersUnsent) return restart();
      // Nothing sent now: a job held at its end says what still waits (on doubt, or a read), or is completed.
      if (!a && action !== 'resend') settleHeld(this.deps.db, job, this.now);
    }
    if (a) a.refresh();
    else if (action === 'resend' && !othersUnsent) return restart();
    else this.emitProgress(jobId, 0, 0);
    return this.summary(jobId);
  }

  /**
   * A decision on rows in doubt saved, and the start it called for refused: the job waits, paused, saying
   * so and how to start it — not under its old reason, nor with none (as if the admin had paused it).
   * Best effort: a database that refuses this too has its own error, which the caller throws.
   */
  private leftPaused(job: JobRecord, e: unknown): void {
    try {
      if (this.active.has(job.id)) return;
      const c = itemCounts(this.deps.db, job.id);
      const cause = e instanceof Error ? e.message : String(e);
      const message = notStartedReason(job.id, cause, c.pending + c.retry_wait, isRecipeJob(job) ? 'item' : 'row');
      setJobState(this.deps.db, job.id, 'paused', this.now, { kind: 'notStarted', message });
      this.emitProgress(job.id, 0, 0);
    } catch {
      // The job stays as the refused start left it; the error says why.
    }
  }

  /**
   * The confirmation every decision to send asks (a first start, a rerun of failed rows, a resend of rows in
   * doubt): a destructive template's phrase counting `rows`, or for a recipe its destructive steps' items in
   * `recipeStatuses`. `template`: the job's, when it can still be built (null: its dataset is gone).
   * `inDoubt`: a rerun's rows in doubt, which may go too (counted in the phrase, said apart).
   */
  private checkPhrase(
    job: JobRecord,
    connection: ConnectionRecord,
    template: () => Template | null,
    rows: number,
    recipeStatuses: readonly ItemStatus[],
    confirm: string | undefined,
    inDoubt = 0,
  ): void {
    const name = phraseName(this.deps.db, connection);
    if (isRecipeJob(job))
      return checkRecipeConfirmation(this.deps.db, job, name, recipeStatuses, confirm, inDoubt > 0);
    const t = template();
    if (t) checkConfirmation(job, t, name, rows, confirm, inDoubt);
  }

  /**
   * What a job needs to start, or the refusal: its dataset and template, its connection, pointing where it
   * was confirmed for, and its rows not being sent by another job.
   */
  private startable(job: JobRecord): { columns: string[]; template: Template; connection: ConnectionRecord } {
    const dataset = getDataset(this.deps.db, job.datasetId);
    if (!dataset) throw new AppError('NOT_FOUND', `The dataset "${job.fileName}" no longer exists.`);
    const template = this.template(job, dataset.columns);
    const connection = getConnection(this.deps.db, job.connectionId);
    if (!connection)
      throw new AppError('NOT_FOUND', `The connection "${job.connectionName}" no longer exists.`);
    // Only where it was confirmed for: a connection edited since to point at another LMS is refused.
    checkTarget(job, connection);
    // Not beside a running job that still holds the same rows for the same LMS: both would send them.
    checkNotSendingElsewhere(this.deps.db, job, [...this.active.keys()]);
    return { columns: dataset.columns, template, connection };
  }

  /**
   * Throws what `start` would refuse the job with before sending anything (startable, and no secret), for a
   * decision that changes rows before it starts the job (a rerun, a resend), so a refusal changes nothing.
   */
  private checkStartable(job: JobRecord): void {
    const { connection } = this.startable(job);
    if (!job.options.dryRun && !this.deps.credentials.get(connection.id))
      throw new AppError('CREDENTIALS', noSecretStored(connection));
  }

  /** The job's template as its dataset's columns resolve it; null when the dataset is gone. */
  private datasetTemplate(job: JobRecord): Template | null {
    const dataset = getDataset(this.deps.db, job.datasetId);
    return dataset ? this.template(job, dataset.columns) : null;
  }

  /** The jobs whose loop runs now (sending, waiting for the throttle or a retry, or settling rows in doubt). */
  activeJobIds(): string[] {
    return [...this.active.keys()];
  }

  isActive(jobId: string): boolean {
    return this.active.has(jobId);
  }

  /** Resolves when the job's loop has ended (completed, paused, cancelled). For the CLI and tests. */
  async whenSettled(jobId: string): Promise<JobSummary> {
    await this.active.get(jobId)?.done;
    return this.summary(jobId);
  }

  /**
   * Bulk Desk is closing: every running job stops as a pause would (requests in flight finish and are
   * recorded) and ends `interrupted`, saying so — not "paused by you" (the admin closed a window, not the
   * job). A start with autoResume carries them on (stoppedByClosing).
   */
  async closeAll(): Promise<void> {
    await Promise.all([...this.active.values()].map((a) => a.closeDown(CLOSED_WHILE_SENDING)));
    const w = this.threadPromise;
    this.threadPromise = null;
    await (await w)?.close();
  }

  /** A PRAGMA on the connections jobs write with (tests: `max_page_count` makes its disk "full"). */
  async writerPragma(text: string): Promise<unknown> {
    const value = await this.inlineWriter().pragma(text);
    if (this.threadPromise) return (await this.threadPromise).pragma(text);
    return value;
  }

  /** Where `jobId`'s turns are written (./writerChoice.ts), said in the log when it is the thread. */
  private writerFor(jobId: string): Promise<DbWriter> {
    const c = itemCounts(this.deps.db, jobId);
    const rows = c.pending + c.retry_wait + c.in_doubt;
    const where = chooseWriter(this.deps.writer ?? 'auto', rows, this.deps.threadFromRows);
    if (where === 'inline' || !this.deps.dbFile) return Promise.resolve(this.inlineWriter());
    this.port.log(`job ${jobId} writes in the database writer thread (${rows} rows to send)`);
    return this.threadWriter(this.deps.dbFile);
  }

  private inlineWriter(): DbWriter {
    return (this.inline ??= inlineWriter(this.deps.db));
  }

  /** The writer thread on the database file, or this connection when it cannot start. */
  private threadWriter(file: string): Promise<DbWriter> {
    this.threadPromise ??= threadWriter(file).catch((e: unknown) => {
      this.port.log(
        `the database writer thread did not start (${e instanceof Error ? e.message : String(e)}); jobs write in the main thread`,
      );
      return this.inlineWriter();
    });
    return this.threadPromise;
  }

  /** Records one event and writes it at once (outside the loop's turns). */
  private explain(jobId: string, fact: Parameters<JobEventLog['record']>[1]): void {
    this.eventLog.record(jobId, fact);
    this.eventLog.flush(true);
  }

  /** The job says how it starts: rows to send, its pace (src-shared/runner/jobEvents.ts startedDetail). */
  private explainStart(
    job: JobRecord,
    template: Template,
    settings: Omit<StartFacts, 'rows' | 'dryRun' | 'resumed'>,
    rerun: boolean,
  ): void {
    const c = itemCounts(this.deps.db, job.id);
    // A recipe job's items wait for their row's earlier steps: counted too, and the rows named.
    const recipe = isRecipeJob(job) ? recipeItemsToSend(this.deps.db, job.id) : null;
    // Rows in doubt may go only where the in-doubt pass can send them again (reconcileJob.ts: a call safe
    // to repeat, or one a lookup settles); others stay held for the admin and are not counted as going —
    // a resend of one row of a duplicate job, two more held, said "3 rows to send". (A rerun counts its
    // own: its rows in doubt were settled before it, and its words name them apart.)
    const inDoubtMayGo = rerun || template.idempotent || reconcilerFor(template.id, job.options) !== undefined;
    const detail = startedDetail({
      ...settings,
      rows: recipe ? recipe.items : c.pending + c.retry_wait + (inDoubtMayGo ? c.in_doubt : 0),
      ...(recipe ? { recipeRows: recipe.rows } : {}),
      dryRun: job.options.dryRun === true,
      resumed: job.startedAt !== null,
      rerun,
      ...(rerun ? { inDoubt: c.in_doubt } : {}),
    });
    this.explain(job.id, { kind: 'started', at: this.now, detail });
  }

  /** The loop ended: completed or stopped by a fault says so (pauses and cancels said it already). */
  private explainEnd(jobId: string): void {
    try {
      const s = this.summary(jobId);
      const detail = endedDetail(s.state, s.counts, s.stopReason?.message ?? null, s.stopReason?.kind ?? null);
      if (detail) this.eventLog.record(jobId, { kind: 'ended', at: this.now, detail });
    } catch {
      // The job's end could not be read: its stop reason says why.
    }
    this.eventLog.release(jobId);
  }

  private emitProgress(
    jobId: string,
    inFlight: number,
    ratePerSecond: number,
    counts?: ItemCounts,
    state?: JobState,
    concurrency: ConcurrencyDto | null = null,
  ): void {
    const c = counts ?? itemCounts(this.deps.db, jobId);
    const remaining = c.pending + c.retry_wait + c.sending;
    const job = this.job(jobId);
    const now = this.now;
    const active = this.active.get(jobId);
    const pace = active?.pace(now);
    const waitingUntil = pace?.waitingUntil ?? null;
    const shown = state ?? job.state;
    // The running time as of the state shown: a state passed here may be ahead of the stored row.
    const runningSince = shown === 'running' ? (job.runningSince ?? now) : null;
    const runMs =
      shown !== 'running' && job.runningSince !== null
        ? job.runMs + Math.max(0, now - job.runningSince)
        : job.runMs;
    this.deps.events.emit('job:progress', {
      jobId,
      state: shown,
      runMs,
      runningSince,
      stopReason: job.stopReason,
      counts: c,
      inFlight,
      ratePerSecond,
      etaMs: shown === 'running' ? (active?.etaMs(remaining, waitingUntil, now) ?? null) : null,
      waitingUntil,
      loweredRate: pace?.loweredRate ?? null,
      limitRate: pace?.limitRate ?? null,
      concurrency,
    });
  }

  private job(jobId: string): JobRecord {
    const job = getJob(this.deps.db, jobId);
    if (!job) throw new AppError('NOT_FOUND', `No job with id ${jobId}.`);
    return job;
  }

  /**
   * The job's template: the one it froze when it was made (./jobTemplates.ts); for an older job, from the
   * catalog, or built from its manual configuration and the file's columns.
   */
  private template(job: JobRecord, columns: readonly string[]): Template {
    // A recipe job: its first step's (each item sends its own step's, see RecipePlan).
    if (isRecipeJob(job)) {
      try {
        return jobStepTemplates(job)[0]!;
      } catch (e) {
        throw new AppError(
          'NOT_FOUND',
          `The recipe "${job.recipe.name}" cannot run in this version of Bulk Desk: ${e instanceof Error ? e.message : String(e)}.`,
        );
      }
    }
    const t = jobTemplate(job, columns);
    if (!t) {
      throw new AppError(
        'NOT_FOUND',
        `Template ${job.templateId} is not known to this version of Bulk Desk, or its configuration is invalid.`,
      );
    }
    return t;
  }
}
