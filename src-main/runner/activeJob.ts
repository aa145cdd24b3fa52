// One running job: its loop, its throttle and its in-memory counters (constant size). Items are read
// from SQLite a small batch at a time and every outcome goes straight back, so memory does not grow
// with the number of rows.
import { ADDED_BY_ROW, ALREADY_THERE } from '../../src-shared/runner/answerDecision';
import { goneBefore, readSaysThere } from '../../src-shared/undo/thereBefore';
import { judgePrior, type PriorVerdict } from '../../src-shared/undo/priorReads';
import type { ItemCounts, JobState, StopReason } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import type { BatchConfig } from '../../src-shared/connectors/customTemplate';
import { Breakers, DEFAULT_FAILURE_BREAKER, type RowOutcome } from '../../src-shared/runner/breakers';
import { ConcurrencyLimiter } from '../../src-shared/runner/concurrencyLimiter';
import { stillRefusedReason } from '../../src-shared/runner/credentialsCheck';
import { ETA_WINDOW_MS, jobEtaMs } from '../../src-shared/runner/jobEta';
import { createRateMeter } from '../../src-shared/runner/rateMeter';
import { reserveAhead, turnDueIn } from '../../src-shared/runner/reserveAhead';
import type { StateRead } from '../../src-shared/runner/answerDecision';
import { datasetRow } from '../db/datasets';
import type { DbWriter } from '../db/dbWriter';
import * as items from '../db/items';
import { itemCounts, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { countSentItems } from '../db/readBacks';
import type { Move } from '../db/recipeGates';
import { applyOps, type WriteOp } from '../db/writeOps';
import { prepareRow, type Prepared } from '../services/requestFactory';
import {
  DEFAULT_STORAGE_RETRY_MS,
  type ActiveJobSetup,
  type PauseReason,
  type RunnerPort,
} from './activeJobSetup';
import { receiveAnswer, type AnswerPacing } from './answerPacing';
import { CanaryGate, canarySize } from './canary';
import { claimTurn, type ClaimedTurn, type ClaimSource } from './claimTurn';
import { checkCredentials } from './credentialsCheck';
import { dryRun } from './dryRun';
import { DueQueue } from './dueQueue';
import { exchange, mayHaveArrived, type Exchange } from './exchange';
import { faultLogLine, faultReason } from './faultReason';
import type { ItemPlan } from './itemPlan';
import { JobCounters } from './jobCounters';
import { writeJobEnd } from './jobEnd';
import { jobPolicy } from './jobPolicy';
import type { Answered, Launch } from './launch';
import { createLookup } from './lookupClient';
import { LoopWake } from './loopWake';
import { JobPriorReads } from './jobPriorReads';
import { noReadBackNote, type ReadBackMode } from './readBack';
import { checkRow, type CheckSource } from './readBackCheck';
import { reconcileJob } from './reconcileJob';
import { retryWhileBusy } from './retryWhileBusy';
import { settleAnswers, type AnswerContext, type Check } from './settleAnswers';
import { stateAfterRefusal } from './stateAfterRefusal';
import { storedHeadersOf } from './storedHeaders';

/** A turn on disk: what may leave now, and when the turn was taken. */
type CommittedTurn = Pick<ClaimedTurn, 'ready' | 'more' | 'gated'> & { now: number };

export class ActiveJob {
  private state: JobState = 'running';
  /** Requests in flight: automatic (learned from the answers) or pinned by the admin. */
  private readonly limiter: ConcurrencyLimiter;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  /** What a request's exchange needs (./exchange.ts): the runner's HTTP and clock, the connection's keys. */
  private readonly via: Parameters<typeof exchange>[0];
  /** Requests in flight (a batch is one), and the ids of the rows they carry. */
  private readonly requests = new Set<Promise<void>>();
  /**
   * Rows marked `sending` (committed) ahead of a free slot: each leaves the moment one frees, without
   * waiting for a turn's commit (see `reserveAhead`). Released back to pending when the job stops.
   */
  private readonly reserved: Launch[] = [];
  /** Whether this job may reserve rows ahead at all (see `reserveAhead`). */
  private readonly mayReserve: boolean;
  /** The templates whose rows may be reserved ahead (the job's, or a recipe's steps that settle themselves). */
  private readonly reservableSteps: ReadonlySet<string>;
  private readonly inFlight = new Set<number>();
  /**
   * The due work, read a page at a time (./dueQueue.ts). A recipe's items that may not be reserved ahead
   * (see `reservableSteps`) are set aside while every slot is busy so the items behind them can be
   * reserved: they are first in line for the next free slot (reserved rows leave them one), and go back
   * to the head of the queue at the next turn.
   */
  private readonly due: DueQueue;
  /** Answers that came back since the loop's last turn (at most `concurrency`), written by the next. */
  private readonly outcomes: Answered[] = [];
  /** The request's headers as stored with each attempt (./storedHeaders.ts: serialized once per job). */
  private readonly storedHeaders: (built: BuiltRequest) => string;
  private readonly batch: BatchConfig | null;
  /** Answers per second: the last 5 s's (shown), and the last 30 s's (the ETA's pace, jobEta.ts). */
  private readonly meter = createRateMeter(5000, 100, ETA_WINDOW_MS);
  /** What each answer teaches the pace as it comes back (./answerPacing.ts). */
  private readonly pacing: AnswerPacing;
  /** Rows by state, moved as the turns move them, and the progress events said with them (./jobCounters.ts). */
  private readonly counters: JobCounters;
  /** How the loop sleeps between turns and is woken (./loopWake.ts); answers free slots for reserved rows. */
  private readonly wake = new LoopWake(() => this.launchReserved());
  /** `interrupted`: Bulk Desk is closing (closeDown), not the admin's pause. */
  private stopRequested: 'paused' | 'cancelled' | 'interrupted' | null = null;
  /** Set when the app, not the admin, asked for the pause (or is closing); written with the job's state. */
  private pauseReason: PauseReason | null = null;
  /**
   * Set when the database refused a write (full, read-only, damaged, locked for longer than the bound)
   * or the loop failed: no new row leaves, and the job ends `interrupted` with the cause in words.
   */
  private fault: unknown = null;
  /** Window slots taken by the current turn, handed back if its transaction rolls back. */
  private claimedThisTurn = 0;
  /** The job as a turn's claim reads and moves it (./claimTurn.ts). */
  private readonly claims: ClaimSource;
  /** The current turn's writes, run as one transaction by the writer. */
  private turnOps: WriteOp[] = [];
  private writer: DbWriter | null = null;
  /** The turn being written, if any (the counters are read again only after it settles). */
  private writing: Promise<unknown> | null = null;
  /**
   * The job's end when the database would not take even that (e.g. a full disk): its rows stay `sending`
   * on disk until the next start turns them in doubt, and the runner shows this instead meanwhile.
   */
  unsavedEnd: { state: JobState; reason: StopReason; counts: ItemCounts } | null = null;
  /** The canary (canary.ts) and the read-back checks waiting to start (readBack.ts). */
  private readonly canary: CanaryGate;
  private readonly readBack: ReadBackMode;
  private readonly checks: Check[] = [];
  /** What settling answers reads and moves of this job (./settleAnswers.ts). */
  private readonly answers: AnswerContext;
  /**
   * Each row's target read before its write, so the job can be undone, and a plan's targets checked
   * against the plan (jobPriorReads.ts, priorState.ts); null when neither applies.
   */
  private readonly prior: JobPriorReads | null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly job: JobRecord;
  private readonly template: Template;
  private readonly breakers: Breakers;
  /**
   * Until the LMS has accepted one request of this run, one request at a time: with a wrong key or a
   * wrong academy, at most the credentials breaker's 3 requests leave, not a whole burst of them.
   */
  private accepted = false;
  /** The job's rate ceiling (its rate, or the connection's steady default); null = none. */
  private limitRate: number | null;
  /** Recipe jobs: see ItemPlan. */
  private readonly plan: ItemPlan | null;

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
    this.reservableSteps = policy.reservableSteps;
    this.mayReserve = policy.mayReserve;
    this.via = {
      http: (req) => runner.http(req),
      clock: () => runner.clock(),
      identity: s.connection.identity,
      secret: s.secret,
      timeoutMs: this.timeoutMs,
    };
    this.due = new DueQueue({
      db,
      jobId: s.job.id,
      template: s.template,
      mapping: s.job.mapping,
      columns: s.columns,
      batch: this.batch,
      inFlight: this.inFlight,
      turnChanges: () => this.plan?.turnChanges,
    });
    this.storedHeaders = storedHeadersOf(s.connection.identity);
    this.pacing = {
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
    };
    this.counters = new JobCounters(
      () => itemCounts(db, s.job.id),
      () => runner.clock(),
      (counts, now) =>
        runner.emitProgress(
          s.job.id,
          this.inFlight.size,
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
    const canary = canarySize(s.job.options, s.connection);
    this.canary = new CanaryGate(canary, canary > 0 ? countSentItems(db, s.job.id) : 0);
    this.answers = {
      maxAttempts: this.maxAttempts,
      readBack: this.readBack,
      plan: this.plan,
      canary: this.canary,
      templateFor: (id) => this.templateFor(id),
      move: (from, to) => this.counters.move(from, to),
      applyMoves: (moves) => this.applyMoves(moves),
      feedBreakers: (outcome, at) => this.feedBreakers(outcome, at),
      accepted: () => {
        this.accepted = true;
      },
      event: (fact) => this.runner.event(this.job.id, fact),
      // Asked only of a removal answered "not found", an addition answered "conflict" (answerDecision.ts)
      // and a state change refused (stateAfterRefusal.ts): no query on the common path.
      earlierLost: (itemId, attemptId) => items.unansweredSends(db, itemId, attemptId).some(mayHaveArrived),
      // Asked only of an addition answered "conflict" with nothing lost before.
      sawThereBefore: (itemId, built) => readSaysThere(this.templateFor(itemId), built, this.priorOf(itemId)),
      // Asked only of a removal answered "not found" with nothing lost before.
      goneBefore: (itemId, built) => goneBefore(this.templateFor(itemId), built, this.priorOf(itemId)),
      // Asked only of an addition answered "conflict" with nothing lost before: an allowDuplicates repeat.
      addedByRow: (itemId, succeeding) =>
        items.rowThatAdded(db, itemId, succeeding, [ALREADY_THERE, ADDED_BY_ROW]),
    };
    this.prior = JobPriorReads.of({
      db,
      job: s.job,
      template: s.template,
      batch: !!this.batch,
      recipe: this.plan,
      concurrency: s.settings.concurrency,
      lookup: () => this.lookupClient(true),
      clock: () => runner.clock(),
      stopped: () => this.stopRequested !== null,
      prepare: (rowNumber, cells) => this.prepare(rowNumber, cells),
      inFlight: this.inFlight,
      track: (request) => this.track(request),
      accepted: () => {
        this.accepted = true;
      },
      move: (from, to) => this.counters.move(from, to),
      feedBreakers: (outcome, at) => this.feedBreakers(outcome, at),
      applyMoves: (moves) => this.applyMoves(moves),
      putFirst: (work) => this.due.putFirst(work),
    });
    this.claims = {
      due: this.due,
      plan: this.plan,
      canary: this.canary,
      throttle: s.throttle,
      prior: this.prior?.reads ?? null,
      reservableSteps: this.reservableSteps,
      baseUrl: s.connection.baseUrl,
      storedHeaders: this.storedHeaders,
      prepare: (rowNumber, cells) => this.prepare(rowNumber, cells),
      stopped: () => this.stopRequested !== null,
      inFlight: () => this.requests.size,
      slots: () => this.slots(),
      takeSlot: (now) => {
        this.s.throttle.claim(now);
        this.claimedThisTurn++;
      },
      move: (from, to) => this.counters.move(from, to),
      applyMoves: (moves) => this.applyMoves(moves),
      startPriorRead: (work, built) => this.prior!.start(work, built),
    };
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
    const reread = () => {
      this.counters.reread();
      this.wake.nudge();
    };
    // A turn being written moved the counters ahead of the database: read them once it has settled.
    if (this.writing) void this.writing.then(reread, reread);
    else reread();
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
      this.writer = this.s.writer ? await this.s.writer : null;
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
        for (let pass = 0; pass < 1 + this.maxAttempts; pass++) {
          const resend = await this.reconcile();
          // Done when nothing became sendable (the admin may have resent rows meanwhile).
          if (pass > 0 && resend === 0 && !items.hasSendable(this.db, this.job.id)) break;
          await this.loop();
          if (this.stopRequested || this.fault) break;
        }
      }
    } catch (e) {
      this.fault ??= e; // a database fault or a bug: the job stops, interrupted, saying why
    } finally {
      await Promise.allSettled(this.requests);
      await this.finish();
      this.resolveDone();
    }
  }

  /**
   * Resumed after the credentials breaker paused it: one request checks the key (./credentialsCheck.ts).
   * False when the LMS still refuses it: the job pauses with that reason, and no row is sent or failed.
   * No verdict (nothing answered, a 5xx, a 429) says nothing about the key, so the job carries on as it
   * would without the check: its rows get the runner's retries and in-doubt rules, and refusals trip the
   * breaker again; holding it here would stop a job whose key was fixed for a passing network fault.
   */
  private async credentialsAccepted(): Promise<boolean> {
    const { check, fact } = await checkCredentials(
      this.s.connection,
      this.s.secret,
      (req) => this.runner.http(req),
      () => this.runner.clock(),
    );
    this.runner.event(this.job.id, fact);
    if (check.kind !== 'refused') return true;
    this.pauseFor({ kind: 'auth', message: stillRefusedReason(this.s.connection.name, check.error) });
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
      await this.retryBusy(async () => {
        const written = this.outcomes.length;
        const released = this.reserved.length;
        try {
          this.writeOutcomes(true);
          // Rows reserved ahead never left: back to pending, their reserved attempts gone.
          this.release(this.reserved, this.runner.clock());
          await this.write(this.takeOps());
          this.reserved.splice(0, released);
        } catch (e) {
          this.turnOps = [];
          this.counters.rereadQuietly(); // the counters moved with the rolled-back writes
          throw e;
        } finally {
          this.turnEnded();
        }
        this.outcomes.splice(0, written);
        this.prior?.reads.committed();
      });
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
    try {
      await writeJobEnd(
        this.db,
        {
          jobId: this.job.id,
          at,
          state: final,
          reason: reasonFor,
          countsInDoubt: !!this.fault,
          answered: this.unsavedAnswers(),
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
    return this.outcomes.flatMap(({ launch, x }) =>
      x.status === null ? [] : launch.attemptIds.map((attemptId) => ({ attemptId, status: x.status! })),
    );
  }

  /** Why the job stopped by itself (./faultReason.ts), counting the rows it leaves in doubt. */
  private faultReason(e: unknown, inDoubt: number): PauseReason {
    return faultReason(e, {
      unsaved: this.outcomes.flatMap((o) =>
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

  /** Runs a turn's writes as one transaction: in the writer thread, or on this connection. */
  private write(ops: WriteOp[]): Promise<number[]> {
    if (ops.length === 0) return Promise.resolve([]);
    const w = this.writer
      ? this.writer.write(ops)
      : Promise.resolve(this.db.transaction(() => applyOps(this.db, ops)).immediate());
    this.writing = w;
    const done = () => {
      if (this.writing === w) this.writing = null;
    };
    w.then(done, done);
    return w;
  }

  private takeOps(): WriteOp[] {
    const ops = this.turnOps;
    this.turnOps = [];
    return ops;
  }

  // ----- sending -----
  //
  // Group commit: each turn of the loop is one transaction that writes the outcomes that came back since
  // the last turn and marks `sending` every unit of work that may leave now (free slots, throttle
  // permitting); the requests leave only after it commits. Completions that arrive in one turn of the
  // event loop wake the loop once (setImmediate), so they share that commit. An outcome waits at most one
  // turn in memory: a crash in between leaves its row `sending`, i.e. in doubt, settled on restart like
  // any request in flight (a lookup, a resend if idempotent, or the admin) — never lost, never silently
  // sent twice.

  private async loop(): Promise<void> {
    for (;;) {
      if (this.canary.complete) this.endCanary();
      if (this.stopRequested || this.fault) return;
      this.launchReserved();
      const due = this.turnDueIn();
      if (due > 0) {
        // Rows reserved ahead keep the slots busy: the answers wait for a bigger commit (or `due` ms).
        await this.wake.wait(due);
        continue;
      }
      const wrote = this.outcomes.length;
      const turn = await this.commitTurn();
      if (!turn) return; // the database refused the turn: the job stops (finish() says why)
      const now = turn.now;
      for (const l of turn.ready) this.launch(l);
      this.startChecks();
      if (wrote || turn.ready.length || turn.more) this.counters.progress(false);
      if (this.canary.complete) continue; // pause now, not after the next wait
      if (turn.gated) {
        // The canary holds the next row until the one in flight is answered (and read back).
        await this.wake.wait(1000);
        continue;
      }
      if (turn.more) {
        // Many rows skipped in a row: bounded transactions, and the event loop gets a turn.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (this.requests.size >= this.slots()) {
        await this.wake.wait(1000);
        continue;
      }
      if (this.reserved.length) {
        // Reserved rows wait for the throttle (a hold after a 429/503), then leave.
        await this.wake.wait(Math.max(1, this.s.throttle.waitTime(this.runner.clock())));
        continue;
      }
      if (this.due.empty) {
        if (this.requests.size > 0) {
          await this.wake.wait(1000);
          continue;
        }
        // Answers that came back while the last turn was written: written first (one may be a retry, or
        // open a recipe's next step), not left for the job's end.
        if (this.outcomes.length > 0) continue;
        const retryAt = items.nextRetryAt(this.db, this.job.id);
        if (retryAt === null) {
          // A recipe: the turn just written released later steps (pending on disk only now): send them.
          if (this.plan && items.hasSendable(this.db, this.job.id)) continue;
          return; // nothing pending, nothing waiting
        }
        await this.wake.wait(Math.max(1, retryAt - now));
        continue;
      }
      // Work is due and a slot is free: the throttle holds it (or a slot freed while the turn was written).
      const wait = this.s.throttle.waitTime(this.runner.clock());
      if (wait > 0) await this.wake.wait(wait);
    }
  }

  /**
   * The turn's transaction (BEGIN IMMEDIATE: it writes, so it takes the write lock first instead of
   * failing halfway). While another program holds the lock it is tried again, up to the storage bound;
   * any other refusal (a full disk, a read-only or damaged file) sets `fault` and returns null. A
   * rolled-back turn leaves the memory as the database is: see afterRollback.
   */
  private async commitTurn(): Promise<CommittedTurn | null> {
    let turn: CommittedTurn | null = null;
    try {
      await this.retryBusy(async () => {
        const now = this.runner.clock();
        this.claimedThisTurn = 0;
        // Answers that come back while this turn is being written wait for the next one.
        const written = this.outcomes.length;
        // More rows reserved than may leave soon (the LMS asked to wait, a lowered pace): the rest go back
        // to pending with this turn, so a crash meanwhile leaves them unsent instead of in doubt.
        const excess = this.reserved.length - this.reserveAhead();
        const released = excess > 0 ? this.reserved.splice(this.reserved.length - excess) : [];
        try {
          this.writeOutcomes();
          this.release(released, now);
          const t = claimTurn(this.claims, now, this.turnOps, this.reserveAhead() - this.reserved.length);
          const ids = await this.write(this.takeOps());
          if (released.length) this.due.drop(); // due again, ahead of the rows queued after them
          // The attempts' ids, in the order their `sending` marks were written.
          let next = 0;
          for (const l of t.marked) l.attemptIds = l.work.items.map(() => ids[next++]!);
          this.reserved.push(...t.reserve);
          turn = { ready: t.ready, more: t.more, gated: t.gated, now };
        } catch (e) {
          this.turnOps = [];
          this.reserved.push(...released); // still `sending` on disk: they leave as reserved
          this.afterRollback(now);
          throw e;
        } finally {
          this.turnEnded();
        }
        this.outcomes.splice(0, written); // written
        this.prior?.reads.committed();
      });
    } catch (e) {
      this.fault ??= e;
      return null;
    }
    return turn;
  }

  /**
   * The turn's transaction rolled back: its answers are still in `outcomes` (written by the next turn),
   * its rows are pending again (the queue is read afresh), the window slots it took are handed back
   * (as if answered now: never too few counted) and the counters are read from the database again.
   */
  private afterRollback(now: number): void {
    for (; this.claimedThisTurn > 0; this.claimedThisTurn--) this.s.throttle.unclaim(now);
    this.due.drop();
    this.counters.rereadQuietly();
  }

  /**
   * The turn was written or dropped: the rows it marked are on disk as marked (or not at all), and a
   * recipe's gates read the database again.
   */
  private turnEnded(): void {
    this.due.turnEnded();
    this.plan?.turnEnded();
  }

  /** Reserved rows back to pending in the turn's writes, their reserved attempts gone. */
  private release(released: readonly Launch[], at: number): void {
    for (const l of released)
      l.work.items.forEach((item, i) => {
        this.turnOps.push(...items.releaseReservedOps(item.id, l.attemptIds[i]!, at));
        this.counters.move('sending', 'pending');
        // A recipe: its gate again (an earlier step that failed its read-back meanwhile blocks it).
        if (this.plan)
          this.applyMoves(
            this.plan.afterChange(item.id, at, this.turnOps, { status: 'pending' }, item.rowNumber),
          );
      });
  }

  /** Rows to keep marked `sending` ahead of a free slot (../../src-shared/runner/reserveAhead.ts). */
  private reserveAhead(): number {
    const now = this.runner.clock();
    return reserveAhead({
      held: this.s.throttle.holding(now),
      ratePerSecond: this.s.throttle.rateAt(now),
      mayReserve: this.mayReserve,
      accepted: this.accepted,
      canaryActive: this.canary.active,
      recipe: this.plan !== null,
      slots: this.slots(),
    });
  }

  /** Sends reserved rows into the free slots, as the throttle allows (no commit needed: they are marked). */
  private launchReserved(): void {
    if (this.reserved.length === 0) return;
    const now = this.runner.clock();
    while (
      this.reserved.length &&
      !this.stopRequested &&
      !this.fault &&
      // Slots for what was set aside first (a recipe's unreservable steps: they leave with the next turn).
      this.requests.size + this.due.asideCount < this.slots() &&
      this.s.throttle.waitTime(now) === 0
    ) {
      this.s.throttle.claim(now);
      this.launch(this.reserved.shift()!);
    }
  }

  /** 0 when the loop should write a turn now; else how long it may wait (reserveAhead.ts). */
  private turnDueIn(): number {
    return turnDueIn({
      reserved: this.reserved.length,
      inFlight: this.requests.size,
      aside: this.due.asideCount,
      slots: this.slots(),
      ahead: this.reserveAhead(),
      answers: this.outcomes.length,
      oldestAnswerAt: this.outcomes[0]?.at ?? null,
      now: this.runner.clock(),
    });
  }

  /** After the turn's commit: the request leaves (its throttle slot was claimed with its turn). */
  private launch(l: Launch): void {
    this.s.throttle.left(this.runner.clock());
    for (const it of l.work.items) this.inFlight.add(it.id);
    l.tag = this.limiter.launched(this.requests.size + 1);
    this.track(
      this.send(l).finally(() => {
        for (const it of l.work.items) this.inFlight.delete(it.id);
      }),
    );
  }

  /**
   * A request beside the loop's turns (a send, a read-back, a prior read): it holds a slot until it ends,
   * the job's end waits for it, and its end wakes the loop.
   */
  private track(request: Promise<void>): void {
    const p: Promise<void> = request.finally(() => {
      this.requests.delete(p);
      this.wake.nudgeSoon();
    });
    this.requests.add(p);
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

  /**
   * One request, already marked `sending` on disk; its outcome is written by the loop's next turn. A state
   * change refused after a lost answer first reads its target, holding the slot (./stateAfterRefusal.ts).
   */
  private async send(l: Launch): Promise<void> {
    const x = await this.exchange(l.built, l.url, l.startedAt);
    const answered = receiveAnswer(this.pacing, l, x, this.runner.clock());
    if (x.status !== null && x.status >= 400) answered.stateRead = await this.stateRead(answered);
    this.outcomes.push(answered);
  }

  private stateRead(a: Answered): Promise<StateRead | null> {
    return stateAfterRefusal(
      {
        db: this.db,
        templateFor: (id) => this.templateFor(id),
        earlierLost: (itemId, attemptId) => this.answers.earlierLost(itemId, attemptId),
        // Like a read-back, it finishes even while the job pauses: the row was sent.
        read: this.lookupClient(false),
      },
      a,
    );
  }

  /**
   * The writes of the outcomes that came back, and the job's events with them, added to the turn's (one
   * transaction, so a batch's rows are all or nothing). The caller takes them off `outcomes` once the
   * transaction commits: rolled back, they stay. `ending`: the job's last turn.
   */
  private writeOutcomes(ending = false): void {
    this.prior?.writeTurn(this.turnOps);
    this.checks.push(...settleAnswers(this.answers, this.outcomes, this.turnOps));
    if (ending) this.breakers.end(); // refusals not judged yet: those rows stay failed, and say so
    this.runner.flushEvents(this.turnOps);
  }

  /** One HTTP exchange, signed now for this attempt only (./exchange.ts). */
  private exchange(built: BuiltRequest, url: string, startedAt: number): Promise<Exchange> {
    return exchange(this.via, built, url, startedAt);
  }

  /**
   * One finished row for the circuit breakers (../../src-shared/runner/breakers.ts). When one opens, the
   * job pauses with the reason; rows the credentials breaker saw refused go back to pending (inside the
   * turn's transaction, with their outcome).
   */
  private feedBreakers(outcome: RowOutcome, at: number): void {
    const trip = this.breakers.record(outcome);
    if (!trip) return;
    if (trip.kind === 'auth') {
      // Written with the turn; each was refused (failed) in this run, so each goes back to pending.
      this.turnOps.push(...items.requeueRefusedOps(trip.requeue, at));
      for (let i = 0; i < trip.requeue.length; i++) this.counters.move('failed', 'pending');
      // A recipe: the later steps they blocked wait again.
      if (this.plan)
        for (const id of trip.requeue)
          this.applyMoves(this.plan.afterChange(id, at, this.turnOps, { status: 'pending', error: null }));
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
    for (const c of this.checks.splice(0)) this.track(checkRow(j, c));
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
    });
  }

  /** Every canary row is answered: pause with what happened, unless nothing is left to send. */
  private endCanary(): void {
    this.canary.finish();
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

  /**
   * Requests that may be in flight: one until the LMS has accepted a request of this run (a wrong key
   * costs at most the credentials breaker's 3), then the limiter's number.
   */
  private slots(): number {
    return this.accepted ? this.limiter.limit : 1;
  }

  /** The limiter moved (or the admin pinned it): said in the log and in the next progress event. */
  private concurrencyMoved(): void {
    const c = this.limiter.status();
    this.runner.log(`job ${this.job.id}: ${c.limit} request(s) in flight (${c.mode}): ${c.reason}`);
    this.counters.sayNext();
  }
}
