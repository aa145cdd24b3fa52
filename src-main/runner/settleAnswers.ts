// What the answers that came back do to their rows, as the turn's writes: for each row, the decision
// about its answer (src-shared/runner/answerDecision.ts) written with its attempt, the job's counters
// moved, a recipe's later steps released or blocked, the breakers fed, the canary told, a succeeded
// write queued to be read back, and an event for a row that failed, fell in doubt or waits for a
// retry (a refusal of the credentials: said by the breakers, once they know the row did fail). Nothing
// is written here: the writes join the turn's list and commit with it (jobTurns.ts), so a batch's rows,
// a row's answer and its recipe's next step are all or nothing.
import type { ItemStatus } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { decideAnswer, type AnswerDecision, type StateRead } from '../../src-shared/runner/answerDecision';
import { breakerRefusal, sentInEarlierRun, type RowOutcome } from '../../src-shared/runner/breakers';
import { apiErrorMessage, type Verdict } from '../../src-shared/runner/classifyResponse';
import type { JobEventFact } from '../../src-shared/runner/jobEvents';
import {
  rowIsIdempotent,
  rowIsIdempotentAddition,
  rowIsIdempotentRemoval,
} from '../../src-shared/connectors/rowIdempotent';
import * as items from '../db/items';
import type { Move } from '../db/recipeGates';
import type { ItemChange } from '../db/recipeTurn';
import type { WriteOp } from '../db/writeOps';
import type { ItemPlan } from './itemPlan';
import type { CanaryGate } from './canary';
import { captureFields } from './captureFields';
import type { Exchange } from './exchange';
import type { Answered } from './launch';
import { hasReadBack, type ReadBackMode } from './readBack';

/** What settling answers needs from its job (activeJob.ts holds the state). */
export interface AnswerContext {
  readonly maxAttempts: number;
  readonly readBack: ReadBackMode;
  readonly plan: ItemPlan | null;
  readonly canary: CanaryGate;
  /** The item's template: its step's in a recipe job, else the job's. */
  templateFor(itemId: number): Template;
  /** A row moved between states: the job's counters follow. */
  move(from: ItemStatus, to: ItemStatus): void;
  /** A recipe's gates moved items: the counters follow. */
  applyMoves(moves: readonly Move[]): void;
  /** One finished row for the circuit breakers (which may pause the job, and write with the turn). */
  feedBreakers(outcome: RowOutcome, at: number): void;
  /** The LMS accepted a request of this run that left at `sentAt` (more than one may now be in flight). */
  accepted(sentAt: number): void;
  /** Something the job says about itself, kept with the turn. */
  event(fact: JobEventFact): void;
  /** Whether a send of the item before this attempt may have reached the LMS with its answer lost. */
  earlierLost(itemId: number, attemptId: number): boolean;
  /** Whether the read before the item's write saw what it adds there (null: no read says). */
  sawThereBefore(itemId: number, built: BuiltRequest): boolean | null;
  /**
   * The row of another item of this job that added what the item adds (same request), or null;
   * `succeeding`: the items answered with success in this turn, not on disk yet.
   */
  addedByRow(itemId: number, succeeding: readonly number[]): number | null;
  /** A removal's target, named, when the read before the item's write found it already gone (else null). */
  goneBefore(itemId: number, built: BuiltRequest): string | null;
  /** Whether the job is an undo job (AnswerFacts.reversal). */
  reversal: boolean;
  /** Whether the read before the item's write found its target gone (AnswerFacts.sawGone). */
  sawGone(itemId: number, built: BuiltRequest): boolean;
}

/** A row whose write succeeded, to be read back once the turn commits (readBack.ts). */
export interface Check {
  item: items.ClaimedItem;
  built: BuiltRequest;
  body: string;
}

/** What became of a row's answer. */
type Settled = AnswerDecision['status'];

/**
 * The writes of `answered`, added to `ops`; returns the rows to read back after the commit. The caller
 * keeps `answered` until the turn commits: rolled back, they are settled again by the next turn.
 */
export function settleAnswers(ctx: AnswerContext, answered: readonly Answered[], ops: WriteOp[]): Check[] {
  const checks: Check[] = [];
  // Asked only of an addition told 409: no pass over the turn's answers on the common path.
  let succeeding: number[] | null = null;
  const turnSuccesses = () =>
    (succeeding ??= answered.flatMap((a) =>
      a.verdict.kind === 'success' ? a.launch.work.items.map((i) => i.id) : [],
    ));
  for (const { launch: l, x, verdict, at, retryAt, stateRead } of answered) {
    l.work.items.forEach((item, i) => {
      const r = settle(ctx, ops, {
        item,
        attemptId: l.attemptIds[i]!,
        x,
        verdict,
        at,
        retryAt,
        storedBody: i === 0 ? x.body : l.note,
        built: l.built,
        turnSuccesses,
        stateRead: stateRead ?? null,
        sentAt: l.startedAt,
      });
      const check = afterSettle(ctx, item, r.status, r.error);
      if (check) checks.push({ item, built: l.built, body: x.body });
      // A throttled row waiting for its retry was said once, for the whole call (explainThrottle); a
      // refusal of the credentials is said by the breakers, if the row did fail (breakers.ts).
      if (!r.held && (verdict.kind !== 'throttled' || r.status !== 'retry_wait'))
        explainOutcome(ctx, item, r.status, r.error, x.status, at, retryAt);
    });
  }
  return checks;
}

interface RowAnswer {
  item: items.ClaimedItem;
  attemptId: number;
  x: Exchange;
  verdict: Verdict;
  at: number;
  retryAt: number;
  /** The body kept with the attempt: the answer's, or a batch's note for its other rows. */
  storedBody: string;
  built: BuiltRequest;
  /** The items of this turn answered with success (an addition told 409 may repeat one of them). */
  turnSuccesses: () => readonly number[];
  /** A state change refused after a lost answer: its target, read (./stateAfterRefusal.ts). */
  stateRead: StateRead | null;
  /** When the request left (its turn): the credentials breaker tells answers with the key as it was (breakers.ts). */
  sentAt: number;
}

/**
 * Writes one row's outcome of an exchange (what decideAnswer makes of it) and moves its counters. `held`:
 * its failure was handed to the breakers to say (a refusal of the credentials may yet be the key's fault).
 */
function settle(
  ctx: AnswerContext,
  ops: WriteOp[],
  a: RowAnswer,
): { status: Settled; error: string | null; held?: boolean } {
  const { item, x, at } = a;
  const d = decideAnswer({
    verdict: a.verdict,
    noAnswer: x.status === null,
    maybeArrived: x.maybeArrived,
    idempotent: () => rowIsIdempotent(ctx.templateFor(item.id), a.built),
    attempts: item.attempts + 1, // this item's attempts in the current round, this one included
    maxAttempts: ctx.maxAttempts,
    reason: () => x.error ?? apiErrorMessage(x.status ?? 0, x.body, x.location),
    status: x.status,
    removal: () => rowIsIdempotentRemoval(ctx.templateFor(item.id), a.built),
    addition: () => rowIsIdempotentAddition(ctx.templateFor(item.id), a.built),
    earlierLost: () => ctx.earlierLost(item.id, a.attemptId),
    sawThere: () => ctx.sawThereBefore(item.id, a.built),
    addedByRow: () => ctx.addedByRow(item.id, a.turnSuccesses()),
    goneBefore: () => ctx.goneBefore(item.id, a.built),
    reversal: ctx.reversal,
    sawGone: () => ctx.sawGone(item.id, a.built),
    stateRead: a.stateRead,
  });
  const base = {
    itemId: item.id,
    attemptId: a.attemptId,
    // An answer cut off after its status keeps the status (the LMS got it and answered), not its half body.
    responseStatus: x.status ?? x.cutOffStatus ?? null,
    responseBody: x.status === null ? null : a.storedBody,
    durationMs: x.durationMs,
    at,
  };
  ctx.move('sending', d.status);
  switch (d.status) {
    case 'succeeded': {
      // (A removal or addition found already done answered "not found" / "conflict": nothing to keep.)
      const captured = d.note ? null : captureFields(ctx.templateFor(item.id), x.body);
      ops.push(
        ...items.recordOutcomeOps({
          ...base,
          status: 'succeeded',
          error: null,
          nextAttemptAt: null,
          captured,
          note: d.note,
        }),
      );
      // A recipe: the row's next step is released in this same transaction, with what this one captured.
      recipeFollows(ctx, ops, item, at, () => ({
        status: 'succeeded',
        error: null,
        captured: captured ? JSON.stringify(captured) : null,
      }));
      ctx.accepted(a.sentAt);
      ctx.feedBreakers({ kind: 'success', sentAt: a.sentAt }, at);
      return { status: 'succeeded', error: null };
    }
    case 'in_doubt':
      ops.push(...items.markAttemptInDoubtOps({ ...base, error: `In doubt: ${d.error}` }));
      return d;
    case 'retry_wait':
      ops.push(
        ...items.recordOutcomeOps({
          ...base,
          status: 'retry_wait',
          error: d.error,
          nextAttemptAt: a.retryAt,
          captured: null,
          refundAttempt: d.refundAttempt,
        }),
      );
      return d;
    case 'failed':
      ops.push(
        ...items.recordOutcomeOps({
          ...base,
          status: 'failed',
          error: d.error,
          nextAttemptAt: null,
          captured: null,
        }),
      );
      recipeFollows(ctx, ops, item, at, () => ({ status: 'failed', error: d.error }));
      // A sign-in page instead of the API counts as refused too: no row would get through (breakers.ts).
      const refusal = breakerRefusal(x.status, x.body, a.verdict.kind);
      if (refusal) {
        const said = outcomeFact(item.rowNumber, 'failed', d.error, x.status, at, a.retryAt, item.id);
        const again = sentInEarlierRun(item);
        const page = refusal === 'page';
        const sentAt = a.sentAt;
        ctx.feedBreakers({ kind: 'refused', itemId: item.id, message: d.error, said, again, page, sentAt }, at);
        return { ...d, held: true };
      }
      ctx.feedBreakers({ kind: 'failed', message: d.error, sentAt: a.sentAt }, at);
      return d;
  }
}

/**
 * A recipe: the row's later steps follow this item's change (released or blocked), in the same turn.
 * `change` is only worked out for a recipe (a plain job's rows have no later steps).
 */
function recipeFollows(
  ctx: AnswerContext,
  ops: WriteOp[],
  item: items.ClaimedItem,
  at: number,
  change: () => ItemChange,
): void {
  if (ctx.plan) ctx.applyMoves(ctx.plan.afterChange(item.id, at, ops, change(), item.rowNumber));
}

/** The canary learns of the row's outcome; whether a succeeded write is to be read back. */
function afterSettle(
  ctx: AnswerContext,
  item: items.ClaimedItem,
  status: Settled,
  error: string | null,
): boolean {
  if (status === 'retry_wait') {
    ctx.canary.waiting(item.id);
    return false;
  }
  const check =
    status === 'succeeded' &&
    (ctx.readBack === 'all' || (ctx.readBack === 'canary' && ctx.canary.isCanaryRow(item.id))) &&
    (!ctx.plan || hasReadBack(ctx.templateFor(item.id))); // a recipe: only the steps that can be read back
  ctx.canary.settled(item.id, status, error, check);
  return check;
}

/** A row that failed, fell in doubt or waits to be retried (not a throttle: explainThrottle said it). */
function explainOutcome(
  ctx: AnswerContext,
  item: { id: number; rowNumber: number },
  status: Settled,
  error: string | null,
  httpStatus: number | null,
  at: number,
  retryAt: number,
): void {
  if (status === 'succeeded') return;
  ctx.event(outcomeFact(item.rowNumber, status, error, httpStatus, at, retryAt, item.id));
}

/** A settled row as the job says it (Run, History): its row's own send, or the read before its write. */
export function outcomeFact(
  rowNumber: number,
  status: Exclude<Settled, 'succeeded'>,
  error: string | null,
  httpStatus: number | null,
  at: number,
  retryAt: number,
  /** The item (a recipe job's events count items). */
  itemId?: number,
): JobEventFact {
  const kind = status === 'failed' ? 'failed' : status === 'in_doubt' ? 'inDoubt' : 'retrying';
  return {
    kind,
    at,
    rowNumber,
    ...(itemId !== undefined ? { itemId } : {}),
    status: httpStatus,
    detail: error,
    ...(kind === 'retrying' ? { retryInMs: Math.max(0, retryAt - at) } : {}),
  };
}
