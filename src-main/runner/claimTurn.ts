// A turn's claim, inside its transaction: takes every unit of work that may leave now (free slots,
// throttle and canary permitting) and the rows to reserve ahead, marks their rows `sending` in the turn's
// writes, and settles or skips without a request the rows that need none. The requests leave only once
// the turn has committed (jobTurns.ts commitTurn); nothing here sends.
import type { BuiltRequest } from '../../src-shared/mapping/types';
import type { ItemStatus } from '../../src-shared/contract/api';
import * as items from '../db/items';
import type { Move } from '../db/recipeGates';
import type { WriteOp } from '../db/writeOps';
import { describeIssues, joinUrl, type Prepared } from '../services/requestFactory';
import type { Work } from './batchWork';
import type { CanaryGate } from './canary';
import { QUEUE_BATCH, type DueQueue } from './dueQueue';
import type { ItemPlan } from './itemPlan';
import type { Launch } from './launch';
import type { PriorReads } from './priorState';
import type { Throttle } from './throttle';

/** What a turn claimed: rows to launch once it commits, rows reserved ahead, and every row it marked. */
export interface ClaimedTurn {
  ready: Launch[];
  reserve: Launch[];
  marked: Launch[];
  /** Many rows settled or skipped without a request: the next turn goes on at once. */
  more: boolean;
  /** The canary holds the next row until the one in flight is answered. */
  gated: boolean;
}

/** The running job as a claim sees it (activeJob.ts and jobTurns.ts build it). */
export interface ClaimSource {
  readonly due: DueQueue;
  readonly plan: ItemPlan | null;
  readonly canary: CanaryGate;
  readonly throttle: Throttle;
  /** Undo's reads of each row's target before its write, and a plan's checks (priorState.ts); null when off. */
  readonly prior: PriorReads<Work> | null;
  /** The templates whose rows may be reserved ahead (the job's, or a recipe's steps that settle themselves). */
  readonly reservableSteps: ReadonlySet<string>;
  readonly baseUrl: string;
  /** The request's headers as stored with each attempt (./storedHeaders.ts). */
  storedHeaders(built: BuiltRequest): string;
  /** The row's request, from the cells read with it. */
  prepare(rowNumber: number, cells?: string[]): Prepared;
  /** A stop was asked for: nothing more is claimed. */
  stopped(): boolean;
  /** Requests in flight now, and how many may be. */
  inFlight(): number;
  slots(): number;
  /** A slot of the throttle's window taken for a row that leaves with this turn (handed back on rollback). */
  takeSlot(now: number): void;
  /** The counters follow a row's move (and a recipe's gates' moves). */
  move(from: ItemStatus, to: ItemStatus): void;
  applyMoves(moves: readonly Move[]): void;
  /** Undo: the row's target is read first, beside the loop (it holds a slot). */
  startPriorRead(work: Work, built: BuiltRequest): void;
}

/**
 * Claims the turn's work at `now`, adding its writes to `ops`. `ahead`: how many more rows may be
 * reserved beyond those that leave now.
 */
export function claimTurn(j: ClaimSource, now: number, ops: WriteOp[], ahead: number): ClaimedTurn {
  const ready: Launch[] = [];
  const reserve: Launch[] = [];
  const marked: Launch[] = [];
  let handled = 0;
  const slots = j.slots();
  const done = (more: boolean, gated: boolean) => ({ ready, reserve, marked, more, gated });
  // What an earlier turn set aside leaves first; a run of rows settled or skipped without a request is
  // written in bounded transactions (`more`).
  j.due.restoreAside();
  while (!j.stopped() && (j.inFlight() + ready.length < slots || reserve.length < ahead)) {
    if (handled >= QUEUE_BATCH) return done(true, false);
    const work = j.due.peek(now);
    if (!work) break;
    const first = work.items[0]!;
    if (work.built === undefined) {
      const p: Prepared & { settled?: Move[] } = j.plan
        ? j.plan.prepare(first, now, ops)
        : j.prepare(first.rowNumber, first.cells);
      if (p.settled) {
        // Recipe: settled without a request (a repeat, already sent, cannot be built), written with the turn.
        j.due.shift();
        handled++;
        j.due.claim(first.id);
        const [own, ...gates] = p.settled;
        if (own) j.move(own[0], own[1]);
        j.applyMoves(gates);
        continue;
      }
      work.built = p.built;
      work.issues = p.issues;
    }
    const built = work.built;
    if (!built) {
      j.due.shift();
      handled++;
      ops.push(items.markSkippedOp(first.id, describeIssues(first.rowNumber, work.issues ?? []), now));
      j.due.claim(first.id);
      j.move(first.status, 'skipped');
      continue;
    }
    if (!j.canary.admits(work.items.map((i) => i.id))) {
      // Held back by the canary. Drop the queue so the next turn reads the due rows afresh: a canary row
      // waiting for its retry (a lower id than the rows queued after it) must not wait behind them.
      j.due.drop();
      return done(false, true);
    }
    // A row being read before its write is on its way too: the canary lets the next row go once it is answered.
    if (j.canary.active && j.prior?.outstanding) return done(false, true);
    if (j.throttle.waitTime(now) > 0) break;
    const leavesNow = j.inFlight() + ready.length < slots;
    if (j.prior?.needsRead(first, built)) {
      // Undo on, or a plan's target to check: its target is read first (through the throttle; the read
      // takes a slot, so it waits for one); the row comes back to the queue's head when the answer is
      // written, in the turn that marks it sending (jobPriorReads.ts writeTurn). A row waiting for its
      // read is never reserved ahead.
      if (!leavesNow) break;
      j.due.shift();
      handled++;
      j.startPriorRead(work, built);
      continue;
    }
    if (!leavesNow && j.plan && !j.reservableSteps.has(j.plan.templateOf(first.id).id)) {
      // A recipe step whose in-doubt items would need the admin is never reserved ahead: it waits for a
      // free slot, first in line, while the items behind it may still be reserved.
      j.due.setAside(work);
      if (j.due.asideCount >= slots) break;
      continue;
    }
    j.due.shift();
    handled++;
    j.prior?.claimed(first);
    if (leavesNow) j.takeSlot(now);
    const l = markSending(j, work, built, now, ops);
    marked.push(l);
    (leavesNow ? ready : reserve).push(l);
  }
  return done(false, false);
}

/**
 * The unit of work's rows marked `sending`, each with an attempt holding the request (a batch's other
 * rows keep a note naming the row that holds it). Its attempts' ids come back when the turn is written.
 */
function markSending(j: ClaimSource, work: Work, built: BuiltRequest, now: number, ops: WriteOp[]): Launch {
  const first = work.items[0]!;
  const url = joinUrl(j.baseUrl, built.pathAndQuery);
  const last = work.items.at(-1)!;
  const note = `[sent in one call with rows ${first.rowNumber}–${last.rowNumber}; the request is kept with row ${first.rowNumber}]`;
  const requestHeaders = j.storedHeaders(built);
  work.items.forEach((item, i) =>
    ops.push(
      ...items.markSendingOps({
        itemId: item.id,
        attempt: item.lastAttempt + 1,
        method: built.method,
        url,
        requestHeaders,
        requestBody: i === 0 ? built.body : note,
        startedAt: now,
      }),
    ),
  );
  for (const item of work.items) {
    j.move(item.status, 'sending');
    j.due.claim(item.id);
    j.plan?.sending(item.id);
  }
  j.canary.launched(work.items);
  return { work, built, url, note, attemptIds: [], startedAt: now, tag: 0 };
}
