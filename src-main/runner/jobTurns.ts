// A running job's loop of turns. Each turn is one transaction that writes the answers that came back and
// claims the due rows that may leave (./claimTurn.ts); once it has committed, they leave (./sendSlots.ts).
// Between turns the loop sleeps until answers, the throttle, the canary or a retry wake it. Apart from the
// job's lifecycle (./activeJob.ts: its start, the admin's controls, the in-doubt passes, its end) because
// this is the runner's hot path, benchmarked (`npm run bench`): it keeps to claiming, writing and
// launching rows.
//
// Group commit: a turn's transaction writes the outcomes that came back since the last turn and marks
// `sending` every unit of work that may leave now (free slots, throttle permitting); the requests leave
// only after it commits. Completions that arrive in one turn of the event loop wake the loop once
// (setImmediate), so they share that commit. An outcome waits at most one turn in memory: a crash in
// between leaves its row `sending`, i.e. in doubt, settled on restart like any request in flight (a
// lookup, a resend if idempotent, or the admin) — never lost, never silently sent twice.
import { inlineWriter, type DbWriter } from '../db/dbWriter';
import * as items from '../db/items';
import type { Db } from '../db/openDb';
import type { Move } from '../db/recipeGates';
import type { WriteOp } from '../db/writeOps';
import type { RunnerPort } from './activeJobSetup';
import type { CanaryGate } from './canary';
import { claimTurn, type ClaimedTurn, type ClaimSource } from './claimTurn';
import type { DueQueue } from './dueQueue';
import type { ItemPlan } from './itemPlan';
import type { JobCounters } from './jobCounters';
import type { JobPriorReads } from './jobPriorReads';
import type { Launch } from './launch';
import type { SendSlots } from './sendSlots';
import { settleAnswers, type AnswerContext, type Check } from './settleAnswers';
import type { Throttle } from './throttle';

/** A turn on disk: what may leave now, and when the turn was taken. */
type CommittedTurn = Pick<ClaimedTurn, 'ready' | 'more' | 'gated'> & { now: number };

/** The running job as its turns see it (activeJob.ts builds it). */
export interface TurnSource {
  readonly runner: RunnerPort;
  readonly db: Db;
  readonly jobId: string;
  readonly throttle: Throttle;
  readonly due: DueQueue;
  readonly canary: CanaryGate;
  /** Recipe jobs: see ItemPlan. */
  readonly plan: ItemPlan | null;
  /** Each row's target read before its write (./jobPriorReads.ts); null when the job reads none. */
  readonly prior: JobPriorReads | null;
  readonly counters: JobCounters;
  readonly sends: SendSlots;
  /** What settling answers reads and moves of this job (./settleAnswers.ts). */
  readonly answers: AnswerContext;
  /**
   * The job's last turn: refusals of the credentials not judged yet are judged, into the turn's writes
   * (the key's, back to pending, or the rows' own failures).
   */
  judgeRefusals(): void;
  /** Rows that just succeeded, to be read back: filled by each turn, started by the job (startChecks). */
  readonly checks: Check[];
  /** The job as a turn's claim reads and moves it (./claimTurn.ts), but for the slots, which are here. */
  readonly claim: Omit<ClaimSource, 'inFlight' | 'slots' | 'takeSlot'>;
  /** No new row leaves: a stop was asked for, or a fault stopped the job. */
  halted(): boolean;
  /** The database refused a turn: the job stops, interrupted, saying why. */
  fault(e: unknown): void;
  /** Every canary row is answered (the job pauses with what happened). */
  endCanary(): void;
  /** After a turn's commit: the read-backs of the rows in `checks`. */
  startChecks(): void;
  /** Recipe: the counters follow the gates' moves. */
  applyMoves(moves: readonly Move[]): void;
  /** Runs a write, again while another program holds the database's lock (./retryWhileBusy.ts). */
  retryBusy(write: () => void | Promise<void>): Promise<void>;
}

export class JobTurns {
  /** The current turn's writes, run as one transaction by the writer. */
  ops: WriteOp[] = [];
  /** Where the turns are written (../db/dbWriter.ts), set as the job starts (ActiveJob.run), before any turn. */
  writer: DbWriter | null = null;
  /** The turn being written, if any (the counters are read again only after it settles). */
  writing: Promise<unknown> | null = null;
  /** Window slots taken by the current turn, handed back if its transaction rolls back. */
  private claimedThisTurn = 0;
  /** The job as a turn's claim reads and moves it (./claimTurn.ts). */
  private readonly claims: ClaimSource;
  private readonly runner: RunnerPort;
  private readonly throttle: Throttle;
  private readonly due: DueQueue;
  private readonly canary: CanaryGate;
  private readonly plan: ItemPlan | null;
  private readonly prior: JobPriorReads | null;
  private readonly counters: JobCounters;
  private readonly sends: SendSlots;

  constructor(private readonly src: TurnSource) {
    this.runner = src.runner;
    this.throttle = src.throttle;
    this.due = src.due;
    this.canary = src.canary;
    this.plan = src.plan;
    this.prior = src.prior;
    this.counters = src.counters;
    const sends = (this.sends = src.sends);
    this.claims = {
      ...src.claim,
      inFlight: () => sends.requests.size,
      slots: () => sends.slots(),
      takeSlot: (now) => {
        this.throttle.claim(now);
        this.claimedThisTurn++;
      },
    };
  }

  /** Turns until nothing is left to send now, the job is halted, or the database refuses a turn. */
  async loop(): Promise<void> {
    for (;;) {
      if (this.canary.complete) this.src.endCanary();
      if (this.src.halted()) return;
      this.sends.launchReserved();
      const due = this.sends.turnDueIn();
      if (due > 0) {
        // Rows reserved ahead keep the slots busy: the answers wait for a bigger commit (or `due` ms).
        await this.sends.wake.wait(due);
        continue;
      }
      const wrote = this.sends.outcomes.length;
      const turn = await this.commitTurn();
      if (!turn) return; // the database refused the turn: the job stops (finish() says why)
      const now = turn.now;
      this.sends.launchClaimed(turn.ready);
      this.src.startChecks();
      if (wrote || turn.ready.length || turn.more) this.counters.progress(false);
      if (this.canary.complete) continue; // pause now, not after the next wait
      if (turn.gated) {
        // The canary holds the next row until the one in flight is answered (and read back).
        await this.sends.wake.wait(1000);
        continue;
      }
      if (turn.more) {
        // Many rows skipped in a row: bounded transactions, and the event loop gets a turn.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (this.sends.requests.size >= this.sends.slots()) {
        await this.sends.wake.wait(1000);
        continue;
      }
      if (this.sends.reserved.length) {
        // Reserved rows wait for the throttle (a hold after a 429/503), then leave.
        await this.sends.wake.wait(Math.max(1, this.throttle.waitTime(this.runner.clock())));
        continue;
      }
      if (this.due.empty) {
        if (this.sends.requests.size > 0) {
          await this.sends.wake.wait(1000);
          continue;
        }
        // Answers that came back while the last turn was written: written first (one may be a retry, or
        // open a recipe's next step), not left for the job's end.
        if (this.sends.outcomes.length > 0) continue;
        const retryAt = items.nextRetryAt(this.src.db, this.src.jobId);
        if (retryAt === null) {
          // A recipe: the turn just written released later steps (pending on disk only now): send them.
          if (this.plan && items.hasSendable(this.src.db, this.src.jobId)) continue;
          return; // nothing pending, nothing waiting
        }
        await this.sends.wake.wait(Math.max(1, retryAt - now));
        continue;
      }
      // Work is due and a slot is free: the throttle holds it (or a slot freed while the turn was written).
      const wait = this.throttle.waitTime(this.runner.clock());
      if (wait > 0) await this.sends.wake.wait(wait);
    }
  }

  /**
   * The job's last turn, as it ends (the caller retries it while the database is locked): the answers that
   * came back, and the rows reserved ahead that never left back to pending, their reserved attempts gone.
   */
  async writeLast(): Promise<void> {
    const { outcomes, reserved } = this.sends;
    const written = outcomes.length;
    const released = reserved.length;
    try {
      this.writeOutcomes(true);
      this.release(reserved, this.runner.clock());
      await this.write(this.takeOps());
      reserved.splice(0, released);
    } catch (e) {
      this.ops = [];
      this.counters.rereadQuietly(); // the counters moved with the rolled-back writes
      throw e;
    } finally {
      this.turnEnded();
    }
    outcomes.splice(0, written);
    this.prior?.reads.committed();
  }

  /**
   * The turn's transaction (BEGIN IMMEDIATE: it writes, so it takes the write lock first instead of
   * failing halfway). While another program holds the lock it is tried again, up to the storage bound;
   * any other refusal (a full disk, a read-only or damaged file) stops the job (`fault`) and returns
   * null. A rolled-back turn leaves the memory as the database is: see afterRollback.
   */
  private async commitTurn(): Promise<CommittedTurn | null> {
    const { outcomes, reserved } = this.sends;
    let turn: CommittedTurn | null = null;
    try {
      await this.src.retryBusy(async () => {
        const now = this.runner.clock();
        this.claimedThisTurn = 0;
        // Answers that come back while this turn is being written wait for the next one.
        const written = outcomes.length;
        // More rows reserved than may leave soon (the LMS asked to wait, a lowered pace): the rest go back
        // to pending with this turn, so a crash meanwhile leaves them unsent instead of in doubt.
        const excess = reserved.length - this.sends.reserveAhead();
        const released = excess > 0 ? reserved.splice(reserved.length - excess) : [];
        try {
          this.writeOutcomes();
          this.release(released, now);
          const t = claimTurn(this.claims, now, this.ops, this.sends.reserveAhead() - reserved.length);
          const ids = await this.write(this.takeOps());
          if (released.length) this.due.drop(); // due again, ahead of the rows queued after them
          // The attempts' ids, in the order their `sending` marks were written.
          let next = 0;
          for (const l of t.marked) l.attemptIds = l.work.items.map(() => ids[next++]!);
          reserved.push(...t.reserve);
          turn = { ready: t.ready, more: t.more, gated: t.gated, now };
        } catch (e) {
          this.ops = [];
          reserved.push(...released); // still `sending` on disk: they leave as reserved
          this.afterRollback(now);
          throw e;
        } finally {
          this.turnEnded();
        }
        outcomes.splice(0, written); // written
        this.prior?.reads.committed();
      });
    } catch (e) {
      this.src.fault(e);
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
    for (; this.claimedThisTurn > 0; this.claimedThisTurn--) this.throttle.unclaim(now);
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
        this.ops.push(...items.releaseReservedOps(item.id, l.attemptIds[i]!, at));
        this.counters.move('sending', 'pending');
        this.prior?.reads.released(item); // its read of this run stands
        // A recipe: its gate again (an earlier step that failed its read-back meanwhile blocks it).
        if (this.plan)
          this.src.applyMoves(
            this.plan.afterChange(item.id, at, this.ops, { status: 'pending' }, item.rowNumber),
          );
      });
  }

  /**
   * The writes of the outcomes that came back, and the job's events with them, added to the turn's (one
   * transaction, so a batch's rows are all or nothing). The caller takes them off `outcomes` once the
   * transaction commits: rolled back, they stay. `ending`: the job's last turn.
   */
  private writeOutcomes(ending = false): void {
    this.prior?.writeTurn(this.ops);
    this.src.checks.push(...settleAnswers(this.src.answers, this.sends.outcomes, this.ops));
    if (ending) this.src.judgeRefusals();
    this.runner.flushEvents(this.ops);
  }

  /** Runs a turn's writes as one transaction: by the job's writer (this connection or a thread). */
  private write(ops: WriteOp[]): Promise<number[]> {
    if (ops.length === 0) return Promise.resolve([]);
    // Never null here: run() awaits the writer before its first turn. The same writer as the runner's when
    // it is not, rather than a transaction that would wait for another program's lock inside SQLite.
    const w = (this.writer ??= inlineWriter(this.src.db)).write(ops);
    this.writing = w;
    const done = () => {
      if (this.writing === w) this.writing = null;
    };
    w.then(done, done);
    return w;
  }

  private takeOps(): WriteOp[] {
    const ops = this.ops;
    this.ops = [];
    return ops;
  }
}
