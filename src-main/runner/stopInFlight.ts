// The admin stops a job without waiting for the answers to its requests in flight (Ctrl+C a second time
// while `bulk-desk run` pauses). The process is about to exit, so its rows still `sending` are settled as
// after a crash — in doubt: each may or may not have reached the LMS, and none is sent again by itself —
// but the job is paused, not interrupted: the admin stopped it (autoResume carries on only jobs
// interrupted by Bulk Desk stopping), and its stop reason says the answers were not waited for.
import * as items from '../db/items';
import { setJobState } from '../db/jobs';
import type { Db } from '../db/openDb';

/** The error kept with each row in flight (what `jobs in-doubt` shows beside the row). */
export const STOPPED_IN_FLIGHT =
  'You stopped the job while this request was in flight, without waiting for its answer; it may or may not have reached the LMS.';

/** Written in one transaction on `db`, before the process exits; returns the rows it left in doubt. */
export function stopInFlight(db: Db, jobId: string, now: number): number {
  return db.transaction(() => {
    const n = items.markInDoubt(db, jobId, now, STOPPED_IN_FLIGHT);
    const rows = `${n} row${n === 1 ? ' is' : 's are'}`;
    const them = n === 1 ? 'it' : 'them';
    // Nothing was in flight: an ordinary pause, with nothing to explain.
    const reason = n
      ? {
          kind: 'stoppedInFlight' as const,
          message:
            `You stopped this job before the answers to its requests in flight came back: ${rows} in doubt ` +
            `(${n === 1 ? 'it' : 'they'} may or may not have reached the LMS). Look at ${them} ` +
            `(bulk-desk jobs in-doubt ${jobId}) before sending ${them} again; resuming the job settles ${them} ` +
            'first, as after a crash.',
        }
      : null;
    setJobState(db, jobId, 'paused', now, reason);
    return n;
  })();
}
