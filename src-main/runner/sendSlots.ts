// A running job's requests in flight and its rows reserved ahead of a free slot: how many requests may be
// in flight (one until the LMS has accepted a request of this run, then the concurrency limiter's
// number), how many rows to keep reserved, a row marked `sending` leaving into a free slot, and its answer
// kept for the next turn (./jobTurns.ts writes it; a state change refused after a lost answer reads its
// target first, ./stateAfterRefusal.ts). Apart from the job's lifecycle (./activeJob.ts) because every
// request passes through here, between two turns: the runner's hot path, kept to what a request needs (no
// allocation or closure per row beyond the request's own).
import type { BuiltRequest } from '../../src-shared/mapping/types';
import type { StateRead } from '../../src-shared/runner/answerDecision';
import { isCredentialRefusal } from '../../src-shared/runner/breakers';
import type { ConcurrencyLimiter } from '../../src-shared/runner/concurrencyLimiter';
import { reserveAhead, turnDueIn } from '../../src-shared/runner/reserveAhead';
import type { RunnerPort } from './activeJobSetup';
import { receiveAnswer, type AnswerPacing } from './answerPacing';
import type { CanaryGate } from './canary';
import type { DueQueue } from './dueQueue';
import { exchange, type Exchange } from './exchange';
import type { Answered, Launch } from './launch';
import { LoopWake } from './loopWake';
import { stateAfterRefusal, type StateReadDeps } from './stateAfterRefusal';
import type { Throttle } from './throttle';

/** The running job as its slots see it (activeJob.ts builds it). */
export interface SlotSource {
  readonly runner: RunnerPort;
  readonly throttle: Throttle;
  /** Requests in flight: automatic (learned from the answers) or pinned by the admin. */
  readonly limiter: ConcurrencyLimiter;
  readonly due: DueQueue;
  readonly canary: CanaryGate;
  /** A recipe job (its rows' next steps are released only by the commit of an answer). */
  readonly recipe: boolean;
  /** Whether this job may reserve rows ahead at all (see `reserveAhead`). */
  readonly mayReserve: boolean;
  /** The ids of the rows in flight (sent or being read); the due queue leaves them out. */
  readonly inFlight: Set<number>;
  /** What each answer teaches the pace as it comes back (./answerPacing.ts). */
  readonly pacing: AnswerPacing;
  /** What a request's exchange needs (./exchange.ts): the runner's HTTP and clock, the connection's keys. */
  readonly via: Parameters<typeof exchange>[0];
  /** What a state change refused after a lost answer reads its target with (./stateAfterRefusal.ts). */
  readonly refused: StateReadDeps;
  /** No new row leaves: a stop was asked for, or a fault stopped the job. */
  halted(): boolean;
}

export class SendSlots {
  /** Requests in flight (a batch is one): a send, a read-back, a prior read. */
  readonly requests = new Set<Promise<void>>();
  readonly inFlight: Set<number>;
  /**
   * Rows marked `sending` (committed) ahead of a free slot: each leaves the moment one frees, without
   * waiting for a turn's commit (see `reserveAhead`). Released back to pending when the job stops.
   */
  readonly reserved: Launch[] = [];
  /** Answers that came back since the loop's last turn (at most `concurrency`), written by the next. */
  readonly outcomes: Answered[] = [];
  /**
   * Until the LMS has accepted one request of this run, one request at a time: with a wrong key or a
   * wrong academy, at most the credentials breaker's 3 requests leave, not a whole burst of them. A
   * refusal of the credentials makes it one at a time again, until a request that left after it is accepted:
   * with a key revoked mid-job, the requests already out are refused, and no new row fills the slot each
   * refusal frees before the next turn feeds the breaker. A request that left before or with it (accepted
   * with the key as it was then, answered late) does not lift it.
   */
  accepted = false;
  /** When the latest request refused for the credentials left (one accepted that left before it is older news). */
  private refusedAt = -Infinity;
  /** How the loop sleeps between turns and is woken (./loopWake.ts); answers free slots for reserved rows. */
  readonly wake = new LoopWake(() => this.launchReserved());
  private readonly runner: RunnerPort;
  private readonly throttle: Throttle;
  private readonly limiter: ConcurrencyLimiter;
  private readonly due: DueQueue;
  private readonly canary: CanaryGate;
  private readonly pacing: AnswerPacing;
  private readonly via: Parameters<typeof exchange>[0];
  private readonly mayReserve: boolean;
  private readonly recipe: boolean;
  /** The answers' rate as last read (answersPerSecond below), and when. */
  private answerRate = 0;
  private answerRateAt = -Infinity;

  constructor(private readonly src: SlotSource) {
    this.runner = src.runner;
    this.throttle = src.throttle;
    this.limiter = src.limiter;
    this.due = src.due;
    this.canary = src.canary;
    this.inFlight = src.inFlight;
    this.pacing = src.pacing;
    this.via = src.via;
    this.mayReserve = src.mayReserve;
    this.recipe = src.recipe;
  }

  /**
   * Requests that may be in flight: one until the LMS has accepted a request of this run (a wrong key
   * costs at most the credentials breaker's 3), then the limiter's number.
   */
  slots(): number {
    return this.accepted ? this.limiter.limit : 1;
  }

  /** The LMS refused the credentials of a request that left at `sentAt` (a row's send, a read): one at a time. */
  refused(sentAt: number): void {
    this.accepted = false;
    this.refusedAt = Math.max(this.refusedAt, sentAt);
  }

  /** The LMS accepted a request that left at `sentAt` (a row's send, a read): unless refused since it left, more may go. */
  acceptedAt(sentAt: number): void {
    if (sentAt > this.refusedAt) this.accepted = true;
  }

  /** Rows to keep marked `sending` ahead of a free slot (../../src-shared/runner/reserveAhead.ts). */
  reserveAhead(): number {
    const now = this.runner.clock();
    return reserveAhead({
      answersPerSecond: this.answersPerSecond(now),
      held: this.throttle.holding(now),
      ratePerSecond: this.throttle.rateAt(now),
      mayReserve: this.mayReserve,
      accepted: this.accepted,
      canaryActive: this.canary.active,
      recipe: this.recipe,
      slots: this.slots(),
    });
  }

  /**
   * Sends reserved rows into the free slots, as the throttle allows (no commit needed: they are marked).
   * Nothing while the job is halted; asked once, since nothing below stops it (a request's answer comes
   * back later, never while it leaves).
   */
  launchReserved(): void {
    if (this.reserved.length === 0 || this.src.halted()) return;
    const now = this.runner.clock();
    while (
      this.reserved.length &&
      // Slots for what was set aside first (a recipe's unreservable steps: they leave with the next turn).
      this.requests.size + this.due.asideCount < this.slots() &&
      this.throttle.waitTime(now) === 0
    ) {
      this.throttle.claim(now);
      this.launch(this.reserved.shift()!);
    }
  }

  /**
   * Answers per second over the last second, from the job's rate meter, read again at most every 100 ms
   * (its bucket): asked several times a turn, and the meter sums its ring each time.
   */
  private answersPerSecond(now: number): number {
    if (now - this.answerRateAt >= 100 || now < this.answerRateAt) {
      this.answerRate = this.pacing.meter.ratePerSecond(now, 1000);
      this.answerRateAt = now;
    }
    return this.answerRate;
  }

  /** 0 when the loop should write a turn now; else how long it may wait (reserveAhead.ts). */
  turnDueIn(): number {
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

  /**
   * After the turn's commit: the rows it claimed for free slots leave, as many as may be in flight now. A
   * refusal of the credentials that came back while the turn was written (a slow commit: a loaded machine,
   * another program holding the database) made it one at a time again, and the limiter may have lowered
   * its number: the rest wait reserved, first in line (marked `sending` already, their throttle slots handed
   * back until they leave; the next turn puts them back to pending if none may be reserved). None leaves
   * once the job is halted.
   */
  launchClaimed(ready: readonly Launch[]): void {
    let i = 0;
    // A pause (the admin's, a breaker's, the app closing) asked for while the turn was written: no new row
    // leaves; they wait reserved, and the job's end puts them back to pending (pauseWhileTurnWritten.test.ts).
    if (!this.src.halted())
      while (i < ready.length && this.requests.size < this.slots()) this.launch(ready[i++]!);
    if (i === ready.length) return;
    const now = this.runner.clock();
    for (let j = i; j < ready.length; j++) this.throttle.unclaim(now);
    this.reserved.unshift(...ready.slice(i));
  }

  /** A claimed request leaves now (its throttle slot was claimed with its turn, or as it left the reserve). */
  launch(l: Launch): void {
    this.throttle.left(this.runner.clock());
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
  track(request: Promise<void>): void {
    const p: Promise<void> = request.finally(() => {
      this.requests.delete(p);
      this.wake.nudgeSoon();
    });
    this.requests.add(p);
  }

  /**
   * One request, already marked `sending` on disk; its outcome is written by the loop's next turn. A state
   * change refused after a lost answer first reads its target, holding the slot (./stateAfterRefusal.ts).
   */
  private async send(l: Launch): Promise<void> {
    const x = await this.exchange(l.built, l.url, l.startedAt);
    const answered = receiveAnswer(this.pacing, l, x, this.runner.clock());
    if (isCredentialRefusal(x.status, answered.verdict.kind)) this.refused(l.startedAt);
    if (x.status !== null && x.status >= 400) answered.stateRead = await this.stateRead(answered);
    this.outcomes.push(answered);
  }

  private stateRead(a: Answered): Promise<StateRead | null> {
    return stateAfterRefusal(this.src.refused, a);
  }

  /** One HTTP exchange, signed now for this attempt only (./exchange.ts). */
  private exchange(built: BuiltRequest, url: string, startedAt: number): Promise<Exchange> {
    return exchange(this.via, built, url, startedAt);
  }
}
