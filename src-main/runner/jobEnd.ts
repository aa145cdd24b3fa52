// A job's end, written in one transaction whatever happened: every row still `sending` turned in doubt
// (its answer was not saved, so whether the LMS acted is unknown) and the job's final state with its
// reason — a job is never `completed` with a row `sending`, nor a recipe job with items waiting on earlier
// steps left in doubt (paused for the admin's decision) or on a read its run stopped before (paused for a
// resume; ../recipes/recipeRuns.ts heldAtEnd). While
// another program holds the database it is tried again (`retryBusy`); on a full disk the smallest write
// there is — the rows' state alone, their texts unchanged — is tried last. Answers that came back but could not be saved keep their HTTP status
// on their attempt, so the row in doubt says what came back (`jobs in-doubt`), not "no answer saved".
// Throws when the database takes nothing: the caller keeps the end in memory and recover() writes it at
// the next start.
import type { JobState, StopReason } from '../../src-shared/contract/api';
import * as items from '../db/items';
import { itemCounts, setJobState } from '../db/jobs';
import type { Db } from '../db/openDb';
import { storageFaultKind } from '../db/storageErrors';

export interface JobEnd {
  jobId: string;
  at: number;
  state: JobState;
  /**
   * The stop reason, given how many rows the end leaves in doubt (a fault's reason says how many; the
   * others do not count them: `countsInDoubt` false, called with 0).
   */
  reason(inDoubt: number): Omit<StopReason, 'at'> | null;
  countsInDoubt: boolean;
  /** Send attempts whose answer came back (with this status) but was not saved: the turn was refused. */
  answered?: readonly { attemptId: number; status: number }[];
  /**
   * A recipe job's: why a `completed` end is paused for the admin instead — items waiting on steps left in
   * doubt, or on a read the run stopped before (../recipes/recipeRuns.ts heldAtEnd) — or null. Read in the
   * end's transaction.
   */
  held?: () => Omit<StopReason, 'at'> | null;
}

/** Writes the end; returns the state written (a `completed` end held for a decision is `paused`). */
export async function writeJobEnd(
  db: Db,
  end: JobEnd,
  retryBusy: (write: () => void) => Promise<void>,
): Promise<JobState> {
  let written = end.state;
  const write = (withTexts: boolean, withStatuses = true) =>
    db
      .transaction(() => {
        // Counted in the transaction that marks them, so the reason says exactly what the end left.
        const reason = end.reason(end.countsInDoubt ? itemCounts(db, end.jobId).sending : 0);
        items.markInDoubt(
          db,
          end.jobId,
          end.at,
          withTexts ? (reason ? `In doubt: ${reason.message}` : undefined) : null,
        );
        if (withStatuses)
          for (const a of end.answered ?? []) items.keepAnswerStatus(db, a.attemptId, a.status);
        // Every item sent that could be, but some wait (on others in doubt, on a read): not completed.
        const held = end.state === 'completed' ? (end.held?.() ?? null) : null;
        written = held ? 'paused' : end.state;
        setJobState(db, end.jobId, written, end.at, held ?? reason);
      })
      .immediate();
  try {
    await retryBusy(() => write(true));
  } catch (e) {
    if (storageFaultKind(e) !== 'full') throw e;
    try {
      write(false);
    } catch (again) {
      // The statuses touch the attempts' pages too: a disk with no room for them still gets the end.
      if (storageFaultKind(again) !== 'full' || !end.answered?.length) throw again;
      write(false, false);
    }
  }
  return written;
}
