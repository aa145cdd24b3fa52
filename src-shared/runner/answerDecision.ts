// What one row's answer does to the row, as data: succeeded, in doubt, waiting for a retry, or failed
// with the reason. The runner (src-main/runner/settleAnswers.ts `settle`) writes what this decides; the
// decision itself lives here, once, beside the verdict it starts from (./classifyResponse.ts).
import type { ReadBackVerdict } from '../connectors/readBacks';
import { LOST_AT_GATEWAY, type Verdict } from './classifyResponse';
import { isCredentialRefusal } from './breakers';
import { plural } from '../util/plural';
import { quoteValue } from '../util/quoteValue';

/**
 * A row told to slow down (429/503) tries again without using up its attempt budget, but not for ever:
 * after this many throttled attempts it fails, saying so.
 */
export const MAX_THROTTLED_ATTEMPTS = 30;

export type AnswerDecision =
  /**
   * `note`: why an answer that is not a success still means the row went through (see `alreadyDone`);
   * an addition that found its member there before this job says so with `ALREADY_THERE` (see there).
   */
  | { status: 'succeeded'; note?: string }
  /** It may have done its work: sending it again could do it twice (settled by a lookup, or the admin). */
  | { status: 'in_doubt'; error: string }
  /** Tried again at the row's retry time; a throttled attempt is given back to the budget (`refundAttempt`). */
  | { status: 'retry_wait'; error: string; refundAttempt: boolean }
  | { status: 'failed'; error: string };

export interface AnswerFacts {
  verdict: Verdict;
  /** No HTTP answer at all (a network failure or a timeout). */
  noAnswer: boolean;
  /** False only when the failure proves the request never reached the LMS (nothing was connected). */
  maybeArrived: boolean;
  /** Whether sending this row's request again is harmless (asked only when it matters). */
  idempotent: () => boolean;
  /** The row's attempts in this round, this one included. */
  attempts: number;
  maxAttempts: number;
  /** The failure in words (the network error, or the LMS's message). */
  reason: () => string;
  /** The HTTP status of the answer (null: no answer). */
  status: number | null;
  /** Whether the row removes something (a DELETE that is safe to repeat: unenrol, delete a user…). */
  removal: () => boolean;
  /** Whether the row adds something a repeat can only find already there (enrol, add to a group…). */
  addition: () => boolean;
  /** Whether an earlier send of this row may have reached the LMS with its answer lost. */
  earlierLost: () => boolean;
  /**
   * Whether the read just before the write saw what the row adds already there (null: no read was made,
   * or it says neither: a program add has no read, a job run with undo off reads nothing).
   */
  sawThere: () => boolean | null;
  /**
   * The row of another item of this job that sent the same request and added what it adds itself (an
   * `allowDuplicates` repeat), or null. Asked only of an addition told 409 with nothing lost before.
   */
  addedByRow: () => number | null;
  /**
   * For a removal answered "not found" with nothing lost before: its target, named ("course 123"), when the
   * read just before the write found it already gone (null: no read, it saw the target there, or the target
   * cannot be named).
   */
  goneBefore: () => string | null;
  /**
   * Whether the job is an undo job: its removals name what an earlier job added (not ids an admin typed),
   * to put back the state from before that job — where the read just before found it gone, that state holds.
   */
  reversal: boolean;
  /** For a removal answered "not found": whether the read just before the write found its target gone. */
  sawGone: () => boolean;
  /**
   * The read of the row's target made because a resend after a lost answer was refused (see
   * `readsStateWhenRefused`); null when none was made.
   */
  stateRead: StateRead | null;
}

/** A state change's target read after a refused resend (src-main/runner/stateAfterRefusal.ts). */
export interface StateRead {
  /** What was read, in words: "the course's state". */
  what: string;
  /** The target, to send the admin to it: "course 123" (null: none to name). */
  name: string | null;
  verdict: ReadBackVerdict;
  /** What a match cannot show, as a sentence (a revert's discarded draft changes), or null. */
  unseen: string | null;
}

/**
 * Whether an answer to a state change (a template with `stateChange`: restore, publish, revert a course)
 * calls for a read of its target, should an earlier send of the row have lost its answer: it is a refusal
 * (a 4xx other than of the credentials). The LMS may refuse a repeat although the state holds (a restore of
 * a course no longer deleted answers 400), but a 400 has too many causes to be read as "already done" on
 * its own: the state is read, and the row settled by what it finds (`decideAnswer`). Never a success: the
 * common path reads nothing.
 */
export function readsStateWhenRefused(
  stateChange: boolean,
  verdict: Verdict,
  status: number | null,
): boolean {
  return (
    stateChange &&
    verdict.kind === 'fatal' &&
    status !== null &&
    status >= 400 &&
    status < 500 &&
    !isCredentialRefusal(status, verdict.kind)
  );
}

/** "Not found" to a removal: what it was to remove is not there. */
const GONE: ReadonlySet<number> = new Set([404, 410]);
/** "Conflict" to an addition: what it adds is already there. */
const THERE = 409;

/**
 * How the note of an addition found there before this job starts (`thereBefore`). It marks the row as not
 * this job's doing: undo (src-main/undo/undoJob.ts, `isAlreadyThere`) lists it as nothing to undo, with
 * or without a read of the state before. Stored with rows, so kept word for word.
 */
export const ALREADY_THERE = 'Already there before this job:';

/**
 * How the note of an addition another row of the same job had made starts (`addedBy`): the repeat did not
 * add it either, so undo lists it as nothing to undo too — the row that added it takes it back, once.
 */
export const ADDED_BY_ROW = 'Already there: row ';

/**
 * Whether a row's note says the LMS found what it adds already there — before this job (`thereBefore`),
 * or added by another row of it (`addedBy`): either way not this row's doing, so nothing for its undo.
 */
export function isAlreadyThere(note: string | null | undefined): boolean {
  return note?.startsWith(ALREADY_THERE) === true || note?.startsWith(ADDED_BY_ROW) === true;
}

/** The row of this job that added what a row's note says was already there (see `addedBy`), else null. */
export function addedByRowOf(note: string | null | undefined): number | null {
  if (!note?.startsWith(ADDED_BY_ROW)) return null;
  const n = /^\d+/.exec(note.slice(ADDED_BY_ROW.length));
  return n ? Number(n[0]) : null;
}

export function decideAnswer(f: AnswerFacts): AnswerDecision {
  if (f.verdict.kind === 'success') return { status: 'succeeded' };
  if (f.stateRead) return afterStateRead(f.reason(), f.stateRead);
  const done = alreadyDone(f);
  if (typeof done === 'number') return { status: 'succeeded', note: addedBy(done, f.reason()) };
  if (done === 'before') return { status: 'succeeded', note: thereBefore(f.reason()) };
  if (done === 'notThere')
    return {
      status: 'failed',
      error: `${f.reason()} — not a repeat: the read just before this write found it not there yet`,
    };
  if (done === 'undoGone')
    return {
      status: 'succeeded',
      note:
        `Nothing left to take back: the LMS answered "${f.reason()}", and the read just before this undo found ` +
        `${f.goneBefore() ?? 'what it removes'} already gone (removed since the job it undoes).`,
    };
  if (done === 'notFound') {
    // Still a failure — a 404 also means a mistyped id, which the admin must see — but said as known.
    const target = f.goneBefore();
    return {
      status: 'failed',
      error: target
        ? `${f.reason()} — no ${target} at this LMS: the read just before this removal found it already ` +
          'gone (removed before this job, or a mistyped id)'
        : f.reason(),
    };
  }
  if (done)
    return {
      status: 'succeeded',
      note:
        `An earlier attempt, whose answer was lost, had most likely already done this ${done}: sent again, ` +
        `the LMS answered "${f.reason()}". ` +
        (done === 'removal'
          ? 'It is not there now, as the row asks.'
          : 'It says it is there, as the row asks.'),
    };
  // No answer that may have arrived, or a gateway's in place of the LMS's: it may have done the work.
  const lost = f.noAnswer ? f.maybeArrived : f.status !== null && LOST_AT_GATEWAY.has(f.status);
  if (lost && !f.idempotent()) return { status: 'in_doubt', error: f.reason() };
  if (f.verdict.kind === 'throttled' && f.attempts < MAX_THROTTLED_ATTEMPTS)
    return { status: 'retry_wait', error: f.reason(), refundAttempt: true };
  if (f.verdict.kind === 'retry' && f.attempts < f.maxAttempts)
    return { status: 'retry_wait', error: f.reason(), refundAttempt: false };
  return {
    status: 'failed',
    error:
      f.verdict.kind === 'fatal'
        ? f.reason()
        : `${f.reason()} (gave up after ${plural(f.attempts, 'attempt')})`,
  };
}

/**
 * A removal sent again because its answer was lost, now told "not found": the lost attempt most likely
 * removed it. Either way what the row asks for holds (the thing is gone), so failing it would send the admin
 * after a removal that happened. A 404 with nothing lost before stays a failure (`notFound`): then the row
 * named something that was not there — deleted before this job, or a mistyped id — which the admin should
 * see; where the read just before the write found it already gone, the error says so — unless the job is
 * an undo job (`reversal`, `undoGone`): its target is what an earlier job added, so gone is what it asks.
 * The same for an addition (an enrolment, a program or group add) told "conflict" (409) — what a real
 * LMS may answer a repeat (evidence.md, Unknown; the sandbox's `strictRepeats`): failing it would block a
 * recipe's later steps and send the admin after an enrolment that happened.
 * An addition told 409 with nothing lost before (`before`) found its member there before this job: what
 * the row asks for holds, as it does when the LMS answers such a repeat 200 (the lenient reading), so it
 * succeeds too — not a failure for the admin to chase, nor for the failure breaker to count (a file of
 * mostly enrolled members would pause the job). Its note says this job did not add it, and undo reads
 * that note to leave the member where they were. Unless the read just before the write found the member
 * NOT there (`notThere`): then the 409 is no repeat, whatever it means, and the row fails with the LMS's
 * words and why (neither LMS documents its 409s).
 * Where another row of this job sent the same addition and succeeded (`allowDuplicates`), that row put it
 * there (a number: its row): the repeat succeeds saying so, whatever its read before saw — "before this
 * job" would be false, and so would "not a repeat" when both rows read before either wrote.
 */
function alreadyDone(
  f: AnswerFacts,
): 'removal' | 'addition' | 'before' | 'notThere' | 'notFound' | 'undoGone' | number | null {
  if (f.verdict.kind !== 'fatal' || f.status === null) return null;
  if (GONE.has(f.status) && f.removal()) {
    if (f.earlierLost()) return 'removal';
    // An undo's removal of what its job added, found gone by the read just before: the state from before
    // that job holds. Failing it would block the row's earlier steps' undo for good (a recipe stops a row
    // at its failed step, and "rerun failed rows" meets the same 404), leaving the job's enrolment in place.
    return f.reversal && f.sawGone() ? 'undoGone' : 'notFound';
  }
  if (f.status === THERE && f.addition()) {
    if (f.earlierLost()) return 'addition';
    const row = f.addedByRow();
    if (row !== null) return row;
    // Read just before and NOT there: this 409 is no repeat, whatever it means — the row fails with the
    // LMS's words (409 is documented by neither LMS: what else it may mean is unknown).
    return f.sawThere() === false ? 'notThere' : 'before';
  }
  return null;
}

/** The LMS's words of a 409, quoted (shortened if long), after "the LMS answered 409". */
const answered409 = (reason: string) => {
  const words = reason.replace(/^HTTP 409:?\s*/, '');
  return `the LMS answered 409${words ? ` ${quoteValue(words)}` : ''}`;
};

/** The note of an addition found there before this job, quoting the LMS's words (shortened if long). */
function thereBefore(reason: string): string {
  return `${ALREADY_THERE} ${answered409(reason)}. This job did not add it, and undoing the job leaves it there.`;
}

/** The note of an addition row `row` of this job had made (an `allowDuplicates` repeat). */
function addedBy(row: number, reason: string): string {
  return (
    `${ADDED_BY_ROW}${row} of this job added it; ${answered409(reason)}. ` +
    `This row did not add it: undoing the job takes it back once, with row ${row}.`
  );
}

/**
 * A state change sent again after its answer was lost, refused, and its target read (`readsStateWhenRefused`):
 * in the state the row asks for → the lost send most likely did it, and the row succeeded, saying so and
 * what the read found; not → it fails with the LMS's words and the finding; a read that cannot tell
 * leaves it failed (the safe side), saying the lost answer and where to look.
 */
function afterStateRead(reason: string, read: StateRead): AnswerDecision {
  const v = read.verdict;
  if (v.kind === 'match')
    return {
      status: 'succeeded',
      note:
        `An earlier attempt, whose answer was lost, had most likely already done this: sent again, the LMS ` +
        `answered "${reason}", and a read of ${read.what} then found ${v.detail}, as the row asks.` +
        (read.unseen ? ` ${read.unseen}` : ''),
    };
  if (v.kind === 'mismatch')
    return {
      status: 'failed',
      error: `${reason} — an earlier attempt's answer was lost, but a read of ${read.what} finds this not done: ${v.lms}`,
    };
  return {
    status: 'failed',
    error:
      `${reason} — an earlier attempt's answer was lost, and it may have done this already, but reading ` +
      `${read.what} could not tell (${v.why}): check ${read.name ?? 'the row'} in the LMS`,
  };
}
