// A row that just succeeded, read back (./readBack.ts) beside the loop, and what the job does with the
// verdict: a mismatch fails the row and pauses the job saying why (a recipe's later steps for that row are
// blocked first); whatever the verdict, the canary learns the row has been checked.
import type { Template } from '../../src-shared/connectors/types';
import type { ItemStatus } from '../../src-shared/contract/api';
import { resumeAfterMismatch } from '../../src-shared/runner/readBackPause';
import type { Db } from '../db/openDb';
import type { PauseReason } from './activeJobSetup';
import type { CanaryGate } from './canary';
import type { LookupResult } from './inDoubt';
import type { ItemPlan } from './itemPlan';
import { readBackRow, type ReadBackMode } from './readBack';
import type { Check } from './settleAnswers';

/** The running job as a read-back sees it (activeJob.ts). */
export interface CheckSource {
  db: Db;
  plan: ItemPlan | null;
  canary: CanaryGate;
  templateFor(itemId: number): Template;
  /** One signed, throttled GET that finishes even while the job pauses: the row was sent. */
  read(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
  move(from: ItemStatus, to: ItemStatus): void;
  /** The database refused a write (the job stops, saying why). */
  fault(e: unknown): void;
  /** The database moved rows outside the loop's turn: the queue and the counters are read afresh. */
  reread(): void;
  pauseFor(reason: PauseReason): void;
  /** Which rows are read back: what a resume does next depends on it. */
  readBack: ReadBackMode;
  /** Rows (items) still to send, which a resume would send. */
  unsent(): number;
}

export async function checkRow(j: CheckSource, c: Check): Promise<void> {
  let match = false;
  try {
    const r = await readBackRow(
      { db: j.db, template: j.templateFor(c.item.id), read: j.read, clock: j.clock },
      c.item,
      c.built,
      c.body,
    );
    match = r.verdict.kind === 'match';
    if (r.verdict.kind === 'mismatch') {
      j.move('succeeded', 'failed');
      if (j.plan) {
        // A recipe: the row's later steps are blocked, written at once beside the mismatch (readBackRow
        // wrote it on this connection); the counters and the queue are read afresh. (A later step already
        // reserved ahead is blocked when the job stops and releases it: jobTurns.ts writeLast.)
        try {
          j.plan.regate(c.item.id, j.clock());
        } catch (e) {
          j.fault(e);
        }
        j.reread();
      }
      j.pauseFor({
        kind: 'readBack',
        message:
          `${r.message} Nothing more was sent. Check the row in History and in the LMS, then resume or cancel: ` +
          resumeAfterMismatch({
            canaryLeft: j.canary.left,
            unsent: j.unsent(),
            readBack: j.readBack,
            items: j.plan !== null,
            rowNumber: c.item.rowNumber,
          }),
      });
    }
  } finally {
    j.canary.readBackDone(c.item.id, match);
  }
}
