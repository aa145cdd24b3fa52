// A row of an undo recipe job that has nothing to take back at one of its steps shows that step as not
// applicable: the derived dataset's cells for it are empty. The recipe's own words for that would name
// the derived column (`"courses: courseId" is empty`), true but not the admin's; the note says instead
// what the original job's step did for the row, as the undo plan listed it.
import type { ItemStatus } from '../contract/dto/jobs';

/** Why one original item has nothing for the undo to send. */
export type NothingReason =
  /** It changed nothing: never sent, or the LMS refused it. Its own note says why it was not sent. */
  | { kind: 'notSent'; status: ItemStatus; note: string | null }
  /** Nothing to take back (there before, already undone), or it cannot be taken back: the plan's words. */
  | { kind: 'unchanged' | 'cannot'; why: string };

/** How many distinct reasons a note names (a step run once per listed value has one per value). */
const LISTED = 3;

const clause = (r: NothingReason): string => {
  if (r.kind !== 'notSent') return r.why;
  if (r.status === 'failed') return 'it failed, so it changed nothing';
  if (r.status === 'blocked') return 'it was not sent (an earlier step of the row failed)';
  const note = r.note?.replace(/^Not sent: /, '').replace(/\.$/, '');
  return `it was not sent${note ? ` (${note})` : ''}`;
};

/**
 * The note of an undo item with nothing to send: original step `stepName` of job `jobId`, and why each
 * of the row's items of that step is not undone. The job is named so that "this job" in a reason reads
 * as the original, not the undo.
 */
export function nothingToUndoNote(
  stepName: string,
  jobId: string,
  reasons: readonly NothingReason[],
): string {
  const head = reasons.some((r) => r.kind === 'cannot') ? 'Not undone' : 'Nothing to undo';
  const texts = [...new Set(reasons.map(clause))];
  const more = texts.length > LISTED ? `; and ${texts.length - LISTED} more` : '';
  const why = texts.length ? `: ${texts.slice(0, LISTED).join('; ')}${more}` : '';
  return `${head} for this row at "${stepName}" of job ${jobId.slice(0, 8)}${why}.`;
}
