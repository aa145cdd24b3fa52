// Whether "rerun the failed rows" may start a job. It starts the whole job, so on a job stopped on purpose
// (paused by the admin, the canary or a breaker; cancelled) with rows it never sent, those rows would leave
// with the failed ones: rows the admin stopped, and on a destructive template rows the phrase, which counts
// only the failed rows, never named. So on a job interrupted (Bulk Desk closed, killed, a storage fault)
// with rows it never sent: nobody stopped them, but "Rerun 1 failed row" is not "send the rest" either.
// Such a rerun is refused, saying what to do; resuming asks its own.
//
// Rows in doubt go with a rerun where they can: its start settles them first (a lookup, or for a call safe
// to repeat nothing to read), so one a lookup finds never reached the LMS — or a removal or enrolment, sent
// again as harmless — leaves with the failed rows. Not a second send of anything the LMS got, but more than
// "the failed rows": what is said before a rerun (its refusal, a destructive template's phrase and message,
// its start, the app's button) counts them apart, as ones that may go too.
import type { ItemCounts, JobState } from '../contract/api';
import { plural } from '../util/plural';

/**
 * "2 rows in doubt that may go too (sent again when a lookup finds the LMS never got it, or when the call
 * is safe to repeat)": the rows in doubt a rerun of the failed rows settles, and may send, as it starts.
 */
export const inDoubtMayGo = (inDoubt: number, unit: 'row' | 'item'): string =>
  `${plural(inDoubt, `${unit} in doubt`, `${unit}s in doubt`)} that may go too (sent again when a lookup finds ` +
  `the LMS never got ${inDoubt === 1 ? 'it' : 'one'}, or when the call is safe to repeat)`;

/** Why the failed rows of a job in `state` cannot be rerun now, or null when they can. */
export function rerunFailedRefusal(
  jobId: string,
  state: JobState,
  counts: Pick<ItemCounts, 'pending' | 'retry_wait' | 'failed'> & Partial<Pick<ItemCounts, 'in_doubt'>>,
  recipe: boolean,
): string | null {
  const unsent = counts.pending + counts.retry_wait;
  if ((state !== 'paused' && state !== 'cancelled' && state !== 'interrupted') || unsent === 0) return null;
  const unit = recipe ? 'item' : 'row';
  const failed = counts.failed === 1 ? `its failed ${unit}` : `its ${counts.failed} failed ${unit}s`;
  const inDoubt = counts.in_doubt ? ` (and ${inDoubtMayGo(counts.in_doubt, unit)})` : '';
  // Two ways out: the failed rows alone, as a new job of their own (what a cancel most often means), or
  // everything, the rest first (its resume asks its own confirmation).
  return (
    `This job is ${state} with ${plural(unsent, unit)} it has not sent yet${inDoubt}, and rerunning ${failed} would send them too. ` +
    `Nothing was sent. To send only the failed rows, export them (\`bulk-desk jobs export ${jobId} --only failed ` +
    `--out failed.csv\`, or History → Failed rows CSV) and run that file as a new job; to send the rest as well, ` +
    `send the remaining ${unit}s first (\`bulk-desk jobs resume ${jobId}\`, or History → ` +
    `${state === 'cancelled' ? 'Send' : 'Resume: send'} the remaining ${unit}s), then rerun the failed ` +
    `${counts.failed === 1 ? unit : `${unit}s`}.`
  );
}

/**
 * "Rerun failed rows" on a job with none failed. A job can still have rows to send (a rerun or a run
 * stopped by a crash: the rows it had queued are pending, not failed) or rows in doubt: said, with the
 * way on, rather than only "no failed rows".
 */
export function nothingToRerun(
  jobId: string,
  counts: Pick<ItemCounts, 'pending' | 'retry_wait' | 'in_doubt'>,
  recipe: boolean,
): string {
  const unit = recipe ? 'item' : 'row';
  const unsent = counts.pending + counts.retry_wait;
  const ways = [
    unsent > 0 &&
      `${plural(unsent, unit)} it has not sent yet: resume it to send them (\`bulk-desk jobs resume ${jobId}\`, or History → Resume)`,
    counts.in_doubt > 0 &&
      `${plural(counts.in_doubt, unit)} in doubt: look ${counts.in_doubt === 1 ? 'it' : 'them'} up in the LMS and settle ` +
        `${counts.in_doubt === 1 ? 'it' : 'them'} (\`bulk-desk jobs in-doubt ${jobId}\`, or History)`,
  ].filter((w): w is string => typeof w === 'string');
  return ways.length === 0
    ? 'This job has no failed rows to rerun.'
    : `This job has no failed rows to rerun, but ${ways.join('; and ')}.`;
}
