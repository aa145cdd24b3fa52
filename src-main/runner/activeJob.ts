// One running job's lifecycle: what it is given as it starts, the admin's controls while it runs (pause,
// cancel, a new rate), the in-doubt passes before and after its loop, the canary's end, the rows read
// back, and its end, written whatever happened. Its loop of turns is ./jobTurns.ts and its requests in
// flight ./sendSlots.ts (the hot path). Items are read from SQLite a small batch at a time and every
// outcome goes straight back, so memory does not grow with the number of rows.
import { ADDED_BY_ROW, ALREADY_THERE } from '../../src-shared/runner/answerDecision';
import { goneBefore, readSaysGone, readSaysThere } from '../../src-shared/undo/thereBefore';
import { judgePrior, type PriorVerdict } from '../../src-shared/undo/priorReads';
import type { ItemCounts, JobState, StopReason } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import {
  Breakers,
  DEFAULT_FAILURE_BREAKER,
  type RowOutcome,
  type Trip,
} from '../../src-shared/runner/breakers';
import { ConcurrencyLimiter } from '../../src-shared/runner/concurrencyLimiter';
import { connectionRefusedReason } from '../../src-shared/runner/connectionRefused';
import { stillRefusedReason } from '../../src-shared/runner/credentialsCheck';
import { ETA_WINDOW_MS, jobEtaMs } from '../../src-shared/runner/jobEta';
import { createRateMeter } from '../../src-shared/runner/rateMeter';
import { recordConnectionTest } from '../db/connections';
import { datasetRow } from '../db/datasets';
import * as items from '../db/items';
import { itemCounts, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { countSentItems } from '../db/readBacks';
import type { Move } from '../db/recipeGates';
import { prepareRow, type Prepared } from '../services/requestFactory';
import {
  DEFAULT_STORAGE_RETRY_MS,
  type ActiveJobSetup,
  type PauseReason,
  type RunnerPort,
} from './activeJobSetup';
import { sayThrottled, type AnswerPacing } from './answerPacing';
import { CanaryGate, canarySize } from './canary';
import { checkCredentials } from './credentialsCheck';
import { dryRun } from './dryRun';
import { DueQueue } from './dueQueue';
import { mayHaveArrived } from './exchange';
import { faultLogLine, faultReason } from './faultReason';
import type { ItemPlan } from './itemPlan';
import { JobCounters } from './jobCounters';
import { writeJobEnd } from './jobEnd';
import { heldAtEnd, isRecipeJob } from '../recipes/recipeRuns';
import { mayStartPass } from '../../src-shared/runner/sendPasses';
import { jobPolicy } from './jobPolicy';
import { JobTurns } from './jobTurns';
import { batchWork } from './batchWork';
import type { BatchConfig } from '../../src-shared/connectors/customTemplate';
import { createLookup } from './lookupClient';
import type { LoopWake } from './loopWake';
import { JobPriorReads } from './jobPriorReads';
import { noReadBackNote, type ReadBackMode } from './readBack';
import { checkRow, type CheckSource } from './readBackCheck';
import { reconcileJob } from './reconcileJob';
import { retryWhileBusy } from './retryWhileBusy';
import type { AnswerContext, Check } from './settleAnswers';
import { SendSlots } from './sendSlots';
import { storedHeadersOf } from './storedHeaders';

export class ActiveJob {
  private state: JobState = 'running';
  /** Requests in flight: automatic (learned from the answers) or pinned by the admin. */
  private readonly limiter: ConcurrencyLimiter;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  /** Record batching (a manual configuration), else null. */
  private readonly batch: BatchConfig | null;
  /** The requests in flight and the rows reserved ahead of a free slot (./sendSlots.ts). */
  private readonly sends: SendSlots;
  /** The loop of turns that claims, writes and launches the due rows (./jobTurns.ts). */
  private readonly turns: JobTurns;
  /**
   * The due work, read a page at a time (./dueQueue.ts). A recipe's items that may not be reserved ahead
   * (see jobPolicy's `reservableSteps`) are set aside while every slot is busy so the items behind them
   * can be reserved: they are first in line for the next free slot (reserved rows leave them one), and go
   * back to the head of the queue at the next turn.
   */
  private readonly due: DueQueue;
  /** Answers per second: the last 5 s's (shown), and the last 30 s's (the ETA's pace, jobEta.ts). */
  private readonly meter = createRateMeter(5000, 100, ETA_WINDOW_MS);
  /** Rows by state, moved as the turns move them, and the progress events said with them (./jobCounters.ts). */
  private readonly counters: JobCounters;
  /** How the loop sleeps between turns and is woken (./loopWake.ts): the sends' own. */
  private readonly wake: LoopWake;
  /** `interrupted`: Bulk Desk is closing (closeDown), not the admin's pause. */
  private stopRequested: 'paused' | 'cancelled' | 'interrupted' | null = null;
  /** Set when the app, not the admin, asked for the pause (or is closing); written with the job's state. */
  private pauseReason: PauseReason | null = null;
  /**
   * Set when the database refused a write (full, read-only, damaged, locked for longer than the bound)
   * or the loop failed: no new row leaves, and the job ends `interrupted` with the cause in words.
   */
  private fault: unknown = null;
  /**
   * The job's end when the database would not take even that (e.g. a full disk): its rows stay `sending`
   * on disk until the next start turns them in doubt, and the runner shows this instead meanwhile.
   */
  unsavedEnd: { state: JobState; reason: StopReason; counts: ItemCounts } | null = null;
  /** The canary (canary.ts) and the read-back checks waiting to start (readBack.ts). */
  private readonly canary: CanaryGate;
  private readonly readBack: ReadBackMode;
  private readonly checks: Check[] = [];
  /**
   * Each row's target read before its write, so the job can be undone, and a plan's targets checked
   * against the plan (jobPriorReads.ts, priorState.ts); null when neither applies.
   */
  private readonly prior: JobPriorReads | null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly job: JobRecord;
  /** A recipe job's: its rows go step by step (its events say items of rows). */
  get isRecipe(): boolean {
    return this.job.recipe !== null;
  }
  private readonly template: Template;
  private readonly breakers: Breakers;
  /** The job's rate ceiling (its rate, or the connection's steady default); null = none. */
  private limitRate: number | null;
  /** Recipe jobs: see ItemPlan. */
  private readonly plan: ItemPlan | null;
  /** What an answer teaches the job's pace, and how it says a throttle signal (answerPacing.ts). */
  private readonly pacing: AnswerPacing;

  constructor(
    private readonly runner: RunnerPort,
    private readonly db: Db,
    private readonly s: ActiveJobSetup,
  ) {
    this.job = s.job;
    this.template = s.template;
    this.limiter = new ConcurrencyLimiter({
      initial: s.settings.concurrency,
      pinned: s.settings.autoConcurrency ? null : s.settings.concurrency,
    });
    this.limitRate = Number.isFinite(s.settings.ratePerSecond) ? s.settings.ratePerSecond : null;
    this.plan = s.plan ?? null;
    const policy = jobPolicy({
      options: s.job.options,
      mapping: s.job.mapping,
      template: s.template,
      steps: this.plan,
      settings: s.settings,
    });
    this.maxAttempts = policy.maxAttempts;
    this.timeoutMs = policy.timeoutMs;
    this.batch = policy.batch;
    this.readBack = policy.readBack;
    /** The ids of the rows in flight (sent or being read). */
    const inFlight = new Set<number>();
    this.due = new DueQueue({
      db,
      jobId: s.job.id,
      template: s.template,
      mapping: s.job.mapping,
      columns: s.columns,
      batch: policy.batch,
      inFlight,
      turnChanges: () => this.plan?.turnChanges,
      // A recipe holds its repeats already (its items follow); a batch sends its rows together.
      holdRepeats: s.job.options.allowDuplicates === true && !this.plan && !policy.batch,
    });
    /** No new row leaves: a stop was asked for, or a fault stopped the job. */
    const halted = () => !!(this.stopRequested || this.fault);
    const pacing: AnswerPacing = (this.pacing = {
      throttle: s.throttle,
      meter: this.meter,
      limiter: this.limiter,
      rand: () => runner.rand(),
      limiterMoved: () => this.concurrencyMoved(),
      event: (fact) => {
        this.counters.sayNext(); // the next progress event goes out at once: it says the job is holding
        this.runner.event(this.job.id, fact);
      },
      pauseFor: (reason) => this.pauseFor(reason),
    });
    // Asked only of a removal answered "not found", an addition answered "conflict" (answerDecision.ts)
    // and a state change refused (stateAfterRefusal.ts): no query on the common path.
    const earlierLost = (itemId: number, attemptId: number) =>
      items.unansweredSends(db, itemId, attemptId).some(mayHaveArrived);
    const canary = canarySize(s.job.options, s.connection);
    this.canary = new CanaryGate(canary, canary > 0 ? countSentItems(db, s.job.id) : 0);
    const sends = (this.sends = new SendSlots({
      runner,
      throttle: s.throttle,
      limiter: this.limiter,
      due: this.due,
      canary: this.canary,
      recipe: this.plan !== null,
      mayReserve: policy.mayReserve,
      inFlight,
      pacing,
      via: {
        http: (req) => runner.http(req),
        clock: () => runner.clock(),
        identity: s.connection.identity,
        secret: s.secret,
        timeoutMs: this.timeoutMs,
      },
      refused: {
        db,
        templateFor: (id) => this.templateFor(id),
        earlierLost,
        // Like a read-back, it finishes even while the job pauses: the row was sent.
        read: this.lookupClient(false),
      },
      halted,
    }));
    this.wake = sends.wake;
    this.counters = new JobCounters(
      () => itemCounts(db, s.job.id),
      () => runner.clock(),
      // Rows refused for the key, not judged yet (the breaker may put them back): not said failed yet.
      () => this.breakers.undecided,
      (counts, now) =>
        runner.emitProgress(
          s.job.id,
          inFlight.size,
          this.meter.ratePerSecond(now),
          counts,
          this.state,
          this.limiter.status(),
        ),
    );
    const breaker = s.job.options.breaker;
    this.breakers = new Breakers(
      breaker === undefined ? DEFAULT_FAILURE_BREAKER : breaker,
      s.connection.name,
      (fact) => this.runner.event(this.job.id, fact),
    );
    const answers: AnswerContext = {
      maxAttempts: this.maxAttempts,
      readBack: this.readBack,
      plan: this.plan,
      canary: this.canary,
      templateFor: (id) => this.templateFor(id),
      move: (from, to) => this.counters.move(from, to),
      applyMoves: (moves) => this.applyMoves(moves),
      feedBreakers: (outcome, at) => this.feedBreakers(outcome, at),
      accepted: (sentAt) => sends.acceptedAt(sentAt),
      event: (fact) => this.runner.event(this.job.id, fact),
      earlierLost,
      // Asked only of an addition answered "conflict" with nothing lost before.
      sawThereBefore: (itemId, built) => readSaysThere(this.templateFor(itemId), built, this.priorOf(itemId)),
      // Asked only of a removal answered "not found" with nothing lost before.
      goneBefore: (itemId, built) => goneBefore(this.templateFor(itemId), built, this.priorOf(itemId)),
      reversal: this.job.undoOf !== null,
      sawGone: (itemId, built) => readSaysGone(this.templateFor(itemId), built, this.priorOf(itemId)),
      // Asked only of an addition answered "conflict" with nothing lost before: an allowDuplicates repeat.
      addedByRow: (itemId, succeeding) =>
        items.rowThatAdded(db, itemId, succeeding, [ALREADY_THERE, ADDED_BY_ROW]),
    };
    this.prior = JobPriorReads.of({
      db,
      job: s.job,
      template: s.template,
      batch: !!policy.batch,
      recipe: this.plan,
      concurrency: s.settings.concurrency,
      lookup: () => this.lookupClient(true),
      clock: () => runner.clock(),
      stopped: () => this.stopRequested !== null,
      prepare: (rowNumber, cells) => this.prepare(rowNumber, cells),
      inFlight,
      track: (request) => sends.track(request),
      accepted: (at) => {
        sends.acceptedAt(at);
        this.breakers.keyAccepted(); // the read was signed with it: a refused write is that row's own
      },
      move: (from, to) => this.counters.move(from, to),
      feedBreakers: (outcome, at) => this.feedBreakers(outcome, at),
      event: (fact) => runner.event(s.job.id, fact),
      applyMoves: (moves) => this.applyMoves(moves),
      putFirst: (work) => this.due.putFirst(work),
    });
    this.turns = new JobTurns({
      runner,
      db,
      jobId: s.job.id,
      throttle: s.throttle,
      due: this.due,
      canary: this.canary,
      plan: this.plan,
      prior: this.prior,
      counters: this.counters,
      sends,
      answers,
      judgeRefusals: () => this.judgeRefusals(),
      checks: this.checks,
      claim: {
        due: this.due,
        plan: this.plan,
        canary: this.canary,
        throttle: s.throttle,
        prior: this.prior?.reads ?? null,
        reservableSteps: policy.reservableSteps,
        baseUrl: s.connection.baseUrl,
        storedHeaders: storedHeadersOf(s.connection.identity),
        prepare: (rowNumber, cells) => this.prepare(rowNumber, cells),
        stopped: () => this.stopRequested !== null,
        move: (from, to) => this.counters.move(from, to),
        applyMoves: (moves) => this.applyMoves(moves),
        startPriorRead: (work, built) => this.prior!.start(work, built),
      },
      halted,
      fault: (e) => (this.fault ??= e),
      endCanary: () => this.endCanary(),
      startChecks: () => this.startChecks(),
      applyMoves: (moves) => this.applyMoves(moves),
      retryBusy: (write) => this.retryBusy(write),
    });
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** `concurrency`: a number pins it, null makes it automatic again, undefined leaves it. */
  setThrottle(ratePerSecond: number, concurrency: number | null | undefined): void {
    this.s.throttle.setRate(ratePerSecond);
    this.limitRate = Number.isFinite(ratePerSecond) ? ratePerSecond : null;
    if (concurrency !== undefined) {
      this.limiter.pin(concurrency, this.runner.clock());
      this.concurrencyMoved();
    }
    this.wake.nudge();
  }

  /**
   * The throttle as the admin reads it: the job holds every request until `waitingUntil` (the LMS asked
   * to wait), or runs at a `loweredRate` below its limit after throttle signals (it recovers by itself).
   */
  pace(now: number): { waitingUntil: number | null; loweredRate: number | null; limitRate: number | null } {
    const t = this.s.throttle;
    const limit = this.limitRate;
    const rate = t.rateAt(now);
    return {
      waitingUntil: t.holdUntil > now ? t.holdUntil : null,
      loweredRate: Number.isFinite(rate) && (limit === null || rate < limit * 0.99) ? rate : null,
      limitRate: limit,
    };
  }

  /**
   * The time left with `remaining` rows to send, `waitingUntil` as `pace` says it
   * (../../src-shared/runner/jobEta.ts); null when unknown.
   */
  etaMs(remaining: number, waitingUntil: number | null, now: number): number | null {
    return jobEtaMs({ remaining, meter: this.meter, waitingUntil, now });
  }

  /** Pending items were added (admin resent in-doubt rows): make sure the loop sees them. */
  refresh(): void {
    // A turn being written moved the counters ahead of the database: read them once none is.
    this.counters.rereadWhenWritten(
      () => this.turns.writing,
      () => this.wake.nudge(),
    );
  }

  async stop(state: 'paused' | 'cancelled'): Promise<void> {
    this.stopRequested = state;
    this.wake.nudge();
    await this.done;
  }

  /**
   * Bulk Desk is closing: as a pause (no new row leaves, requests in flight finish and are recorded), but
   * the job ends `interrupted` with `reason` — the admin did not pause it, and a later start with
   * autoResume carries it on. A stop already asked for (the admin's pause, a breaker) stands.
   */
  async closeDown(reason: PauseReason): Promise<void> {
    if (!this.stopRequested) {
      this.pauseReason = reason;
      this.stopRequested = 'interrupted';
    }
    this.wake.nudge();
    await this.done;
  }

  /**
   * The app pauses the job by itself (a circuit breaker, the canary, a read-back mismatch): no new row
   * leaves, requests in flight finish and are recorded, rows not sent stay pending, and the reason is kept
   * with the job for the admin to read. The first reason wins; the admin's own stop is not overridden.
   */
  pauseFor(reason: PauseReason): void {
    if (this.stopRequested) return;
    this.pauseReason = reason;
    this.stopRequested = 'paused';
    this.runner.log(`job ${this.job.id} paused: ${reason.message}`);
    this.runner.event(this.job.id, { kind: 'paused', at: this.runner.clock(), detail: reason.message });
    this.wake.nudge();
  }

  async run(): Promise<void> {
    try {
      this.turns.writer = await this.s.writer;
      if (this.job.options.dryRun && this.plan) {
        await this.plan.dryRun({
          clock: () => this.runner.clock(),
          stopped: () => this.stopRequested !== null,
          progress: () => (this.counters.rereadQuietly(), this.counters.progress(false)),
        });
      } else if (this.job.options.dryRun) {
        await dryRun({
          db: this.db,
          jobId: this.job.id,
          identity: this.s.connection.identity,
          prepare: (item) => this.prepare(item.rowNumber, item.cells),
          batches: this.batch
            ? {
                window: this.batch.size * 2, // as the run claims them (dueQueue.ts)
                baseUrl: this.s.connection.baseUrl,
                build: (due) =>
                  batchWork(this.s.template, this.job.mapping, this.batch!, due, this.s.columns),
              }
            : undefined,
          clock: () => this.runner.clock(),
          stopped: () => this.stopRequested !== null,
          moved: (from) => this.counters.move(from, 'skipped'),
          progress: () => this.counters.progress(false),
        });
      } else if (this.s.checkCredentialsFirst && !(await this.credentialsAccepted())) {
        // Still refused: the job pauses again before anything (a row, a read) is sent with that key.
      } else {
        await this.prior?.readPlanTargets();
        // Settle what a crash left in doubt first, then send; a pass again at the end for items a broken
        // connection left in doubt mid-run, until nothing new becomes sendable.
        // Past the last pass, more while items wait on a read of what an earlier step captured (sendPasses.ts).
        let awaitingBefore = 0;
        for (let pass = 0; ; pass++) {
          const awaitingRead = pass === 0 ? 0 : (this.plan?.awaitingRead?.() ?? 0);
          if (!mayStartPass({ pass, maxAttempts: this.maxAttempts, awaitingRead, awaitingBefore })) break;
          awaitingBefore = awaitingRead;
          const resend = await this.reconcile();
          // Done when nothing became sendable (the admin may have resent rows meanwhile).
          if (pass > 0 && resend === 0 && !items.hasSendable(this.db, this.job.id)) break;
          await this.turns.loop();
          if (this.stopRequested || this.fault) break;
        }
      }
    } catch (e) {
      this.fault ??= e; // a database fault or a bug: the job stops, interrupted, saying why
    } finally {
      await Promise.allSettled(this.sends.requests);
      await this.finish();
      this.resolveDone();
    }
  }

  /**
   * Resumed after the credentials breaker paused it: one request checks the key (./credentialsCheck.ts),
   * kept as the connection's last test (what Connections shows). False when the LMS still refuses it: the
   * job pauses with that reason, and no row is sent or failed. No verdict (nothing answered, a 5xx, a 429)
   * says nothing about the key, so the job carries on as it would without the check: its rows get the
   * runner's retries and in-doubt rules, and refusals trip the breaker again; holding it here would stop a
   * job whose key was fixed for a passing network fault.
   */
  private async credentialsAccepted(): Promise<boolean> {
    const { check, fact, lastTest } = await checkCredentials(
      this.s.connection,
      this.s.secret,
      (req) => this.runner.http(req),
      () => this.runner.clock(),
    );
    await this.retryBusy(() => recordConnectionTest(this.db, this.s.connection.id, lastTest));
    this.runner.event(this.job.id, fact);
    if (check.kind === 'accepted') this.breakers.keyAccepted(); // a lone refusal after it is that row's own
    if (check.kind !== 'refused') return true;
    this.pauseFor({ kind: 'auth', message: stillRefusedReason(this.s.connection.name, check.error, check.page) });
    return false;
  }

  /**
   * The job's end, written whatever happened: the answers that came back, then — in one transaction —
   * any row still `sending` turned in doubt (its answer was not saved) and the final state with its
   * reason; so a job is never `completed` with rows `sending`. Never throws: when the database takes
   * nothing at all, the end is kept in `unsavedEnd` and recover() settles the rows at the next start.
   */
  private async finish(): Promise<void> {
    try {
      await this.retryBusy(() => this.turns.writeLast());
    } catch (e) {
      this.fault ??= e;
    }
    const at = this.runner.clock();
    const final: JobState = this.fault ? 'interrupted' : (this.stopRequested ?? 'completed');
    if (this.fault) this.runner.log(faultLogLine(this.job.id, this.fault));
    // A fault's reason counts the rows it leaves in doubt: those still `sending` when the end is written.
    const reasonFor = (inDoubt: number): PauseReason | null =>
      this.fault
        ? this.faultReason(this.fault, inDoubt)
        : final === 'paused' || final === 'interrupted'
          ? this.pauseReason
          : null;
    this.state = final;
    const job = this.job;
    try {
      this.state = await writeJobEnd(
        this.db,
        {
          jobId: job.id,
          at,
          state: final,
          reason: reasonFor,
          countsInDoubt: !!this.fault,
          answered: this.unsavedAnswers(),
          // A recipe's later steps waiting on items in doubt, or on a read the run stopped before: paused, not completed.
          ...(isRecipeJob(job) ? { held: () => heldAtEnd(this.db, job, this.s.connection.name) } : {}),
        },
        (write) => this.retryBusy(write),
      );
      this.counters.reread();
    } catch (e) {
      const counts = this.counters.counts;
      const why = reasonFor(counts.sending) ?? this.faultReason(e, counts.sending);
      this.runner.log(`job ${this.job.id}: its end could not be saved: ${why.message}`);
      counts.in_doubt += counts.sending;
      counts.sending = 0;
      this.unsavedEnd = { state: 'interrupted', reason: { ...why, at }, counts: { ...counts } };
      this.state = 'interrupted';
    }
    try {
      this.counters.progress(true);
    } catch {
      // The progress event reads the job back; the caller learns the end from `done` and `unsavedEnd`.
    }
  }

  /** The answers that came back and are not written: their rows end in doubt, keeping the status. */
  private unsavedAnswers(): { attemptId: number; status: number }[] {
    return this.sends.outcomes.flatMap(({ launch, x }) =>
      x.status === null ? [] : launch.attemptIds.map((attemptId) => ({ attemptId, status: x.status! })),
    );
  }

  /** Why the job stopped by itself (./faultReason.ts), counting the rows it leaves in doubt. */
  private faultReason(e: unknown, inDoubt: number): PauseReason {
    return faultReason(e, {
      unsaved: this.sends.outcomes.flatMap((o) =>
        o.launch.work.items.map((i) => ({ rowNumber: i.rowNumber, status: o.x.status })),
      ),
      inDoubt,
      file: this.s.storage?.file ?? 'the database',
    });
  }

  /**
   * Runs a write, again while another program holds the database's lock, up to the storage bound
   * (./retryWhileBusy.ts).
   */
  private retryBusy(write: () => void | Promise<void>): Promise<void> {
    return retryWhileBusy(write, {
      clock: () => this.runner.clock(),
      retryMs: this.s.storage?.retryMs ?? DEFAULT_STORAGE_RETRY_MS,
      onBusy: () =>
        this.runner.log(`job ${this.job.id}: the database is locked by another program; trying again`),
    });
  }

  /** The row's request; `cells` when already read with the item, else read now. */
  private prepare(rowNumber: number, cells?: string[]): Prepared {
    return prepareRow(
      this.template,
      this.job.mapping,
      this.s.connection.baseUrl,
      this.s.columns,
      rowNumber,
      cells ?? datasetRow(this.db, this.job.datasetId, rowNumber) ?? [],
    );
  }

  /** One finished row for the circuit breakers (../../src-shared/runner/breakers.ts), which may open. */
  private feedBreakers(outcome: RowOutcome, at: number): void {
    const trip = this.breakers.record(outcome);
    if (trip) this.tripped(trip, at);
  }

  /**
   * The job's last turn: a run of refusals of the credentials not judged yet. When the job stops by itself
   * (its canary is over, or nothing is left to send) and nothing in the run was accepted, they are the
   * key's, as the breaker would judge them: those rows back to pending, the job paused for the key. Else
   * (the admin's pause, a fault, the key accepted elsewhere) those rows stay failed, and it is said.
   */
  private judgeRefusals(): void {
    const byItself = !this.fault && (this.stopRequested === null || this.pauseReason?.kind === 'auth');
    const trip = byItself ? this.breakers.unjudged() : null;
    if (trip) {
      this.tripped(trip, this.runner.clock());
      this.breakers.requeued();
    } else this.breakers.end();
  }

  /**
   * A breaker opened: the job pauses with the reason; rows the credentials breaker saw refused go back to
   * pending (inside the turn's transaction, with their outcome).
   */
  private tripped(trip: Trip, at: number): void {
    if (trip.kind === 'auth') {
      // Written with the turn; each was refused (failed) in this run, so each goes back to pending.
      this.turns.ops.push(...items.requeueRefusedOps(trip.requeue, at, trip.page === true));
      for (let i = 0; i < trip.requeue.length; i++) this.counters.move('failed', 'pending');
      // A recipe: the later steps they blocked wait again.
      if (this.plan)
        for (const id of trip.requeue)
          this.applyMoves(this.plan.afterChange(id, at, this.turns.ops, { status: 'pending', error: null }));
    }
    this.pauseFor({ kind: trip.kind, message: trip.message });
  }

  // ----- canary and read-back (canary.ts, readBack.ts) -----

  /** After the turn's commit: the read-backs of rows that just succeeded, through the throttle, like sends. */
  private startChecks(): void {
    if (this.checks.length === 0) return;
    const j: CheckSource = {
      db: this.db,
      plan: this.plan,
      canary: this.canary,
      readBack: this.readBack,
      templateFor: (id) => this.templateFor(id),
      // Beside the loop, on its own timer; it finishes even while the job pauses: the row was sent.
      read: this.lookupClient(false),
      clock: () => this.runner.clock(),
      move: (from, to) => this.counters.move(from, to),
      fault: (e) => (this.fault ??= e),
      reread: () => {
        this.due.drop();
        this.refresh();
      },
      pauseFor: (reason) => this.pauseFor(reason),
      unsent: () => {
        const c = this.counters.counts;
        return c.pending + c.retry_wait + c.waiting;
      },
    };
    for (const c of this.checks.splice(0)) this.sends.track(checkRow(j, c));
  }

  /**
   * A signed, throttled read. `stopsWithJob`: its retries end when the job is paused or cancelled (a prior
   * read, an in-doubt lookup). `wait`: beside the loop a read sleeps on its own timer (the loop's
   * `wake` has one waiter); the in-doubt pass, which runs instead of the loop, waits on the loop's.
   */
  private lookupClient(
    stopsWithJob: boolean,
    wait: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, Math.min(Math.max(1, ms), 1000))),
  ) {
    return createLookup({
      baseUrl: this.s.connection.baseUrl,
      identity: this.s.connection.identity,
      secret: this.s.secret,
      throttle: this.s.throttle,
      timeoutMs: this.timeoutMs,
      http: (req) => this.runner.http(req),
      clock: () => this.runner.clock(),
      rand: () => this.runner.rand(),
      observedRate: () => this.meter.ratePerSecond(this.runner.clock()),
      wait,
      stopped: () => stopsWithJob && this.stopRequested !== null,
      throttled: (t) => sayThrottled(this.pacing, t),
      refused: (sentAt) => this.sends.refused(sentAt),
      connectionRefused: (error) => this.pauseFor({ kind: 'connection', message: connectionRefusedReason(error) }),
    });
  }

  /** Every canary row is answered: pause with what happened, unless nothing is left to send. */
  private endCanary(): void {
    this.canary.finish();
    // Every canary row refused for the key and none accepted: paused for the key instead, those rows
    // back to pending with the job's last turn (judgeRefusals). A canary judged nothing.
    const byKey = this.breakers.unjudged();
    if (byKey && !this.stopRequested) return this.pauseFor({ kind: byKey.kind, message: byKey.message });
    const c = this.counters.counts;
    const remaining = c.pending + c.retry_wait + c.waiting; // (waiting: a recipe's later steps)
    if (remaining === 0 || this.stopRequested) return;
    this.pauseFor({
      kind: 'canary',
      message: this.canary.message({
        connectionName: this.s.connection.name,
        remaining,
        readBackNote: this.readBack === 'off' && !this.plan ? noReadBackNote(this.template) : null,
        items: this.plan !== null,
      }),
    });
  }

  // ----- in doubt -----

  /** Settles in-doubt items where it can (./reconcileJob.ts). Returns how many go back to pending. */
  private reconcile(): Promise<number> {
    return reconcileJob({
      db: this.db,
      job: this.job,
      template: this.template,
      plan: this.plan,
      inDoubt: () => this.counters.counts.in_doubt,
      maxAttempts: this.maxAttempts,
      lookup: this.lookupClient(true, (ms) => this.wake.wait(ms)),
      build: (rowNumber) => this.prepare(rowNumber).built,
      clock: () => this.runner.clock(),
      stopped: () => this.stopRequested !== null,
      concurrency: this.s.settings.concurrency,
      log: (line) => this.runner.log(line),
      event: (fact) => this.runner.event(this.job.id, fact),
      refresh: () => this.refresh(),
      progress: () => this.counters.progress(true),
    });
  }

  // ----- bookkeeping -----

  /** The item's latest read of its target before a write, judged (null: none was made). */
  private priorOf(itemId: number): PriorVerdict | null {
    const read = items.latestPriorRead(this.db, itemId);
    return read && judgePrior(read.status, read.body, read.error);
  }

  /** The item's template: its step's in a recipe job, else the job's. */
  private templateFor(itemId: number): Template {
    return this.plan ? this.plan.templateOf(itemId) : this.template;
  }

  /**
   * Recipe: the counters follow the gates' moves. An item taken out of `pending` (blocked behind a read-back
   * mismatch) may sit in the queue: the queue is read afresh.
   */
  private applyMoves(moves: readonly Move[]): void {
    for (const [from, to] of moves) {
      this.counters.move(from, to);
      if (from === 'pending') this.due.drop();
    }
  }

  /** The limiter moved (or the admin pinned it): said in the log and in the next progress event. */
  private concurrencyMoved(): void {
    const c = this.limiter.status();
    this.runner.log(`job ${this.job.id}: ${c.limit} request(s) in flight (${c.mode}): ${c.reason}`);
    this.counters.sayNext();
  }
}
