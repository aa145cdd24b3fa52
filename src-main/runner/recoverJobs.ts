// At startup, when no job runs: every job's rows still `sending` are in doubt (the process died, or the
// database refused their answers), whatever the job's state; a job left `running` is interrupted, and
// one left `completed` with such rows was not complete, so it is interrupted too. A job left `running`
// gets the stop reason `closed`, which autoResume looks for (jobsStoppedByClosing). A recipe job an older
// build ended `completed` with items waiting on items in doubt is paused for the admin's decision (stop
// reason `inDoubt`), as its end would be now: found by the same one query, nothing sent or read.
import type { JobState } from '../../src-shared/contract/api';
import * as items from '../db/items';
import { getConnection } from '../db/connections';
import { getJob, jobsToRecover, lastActivityAt, setJobState } from '../db/jobs';
import type { Db } from '../db/openDb';
import { heldByDoubt, isRecipeJob } from '../recipes/recipeRuns';

export interface Recovered {
  jobId: string;
  /** The state the job was found in. */
  state: JobState;
  /** Its rows turned in doubt. */
  inDoubt: number;
  /** Why it is now interrupted, when it is (said in its events). */
  reason: string | null;
  /** Why it is now paused for the admin's decision, when it is (said in its events). */
  held: string | null;
}

export function recoverJobs(db: Db, now: number): Recovered[] {
  const out: Recovered[] = [];
  for (const { id, state } of jobsToRecover(db)) {
    const { n, held } = db.transaction(() => {
      // The run ended when its rows last changed, not now: the time the app was closed is not running time.
      const ranUntil = lastActivityAt(db, id) ?? now;
      const n = items.markInDoubt(db, id, now);
      // The process stopped while the job ran (closed, killed, or unable to save its end): say so.
      if (state === 'running')
        setJobState(
          db,
          id,
          'interrupted',
          now,
          {
            kind: 'closed',
            message:
              `Bulk Desk stopped while this job was running (it was closed or killed, or could not save the job's end)` +
              (n
                ? `; ${n} row(s) in flight are in doubt: look at them (bulk-desk jobs in-doubt ${id}) before sending them again.`
                : '.') +
              ' Resume the job to carry on.',
          },
          Math.min(ranUntil, now),
        );
      else if (state === 'completed' && n > 0)
        setJobState(db, id, 'interrupted', now, {
          kind: 'storage',
          message: `Bulk Desk stopped before the answers to ${n} row(s) were saved; they are in doubt. Look at them (bulk-desk jobs in-doubt ${id}) and settle them.`,
        });
      else if (state === 'completed') {
        // Ended by an older build with items waiting on items in doubt: paused for the decision, as the
        // runner's end would now (nothing sent or read: the admin decides, and no resume starts by itself).
        const job = getJob(db, id);
        const held =
          job && isRecipeJob(job)
            ? heldByDoubt(db, job, getConnection(db, job.connectionId)?.name ?? job.connectionName)
            : null;
        if (held) setJobState(db, id, 'paused', now, held);
        return { n, held: held?.message ?? null };
      }
      return { n, held: null };
    })();
    const interrupted = state === 'running' || (state === 'completed' && n > 0);
    out.push({
      jobId: id,
      state,
      inDoubt: n,
      reason: interrupted ? (getJob(db, id)?.stopReason?.message ?? null) : null,
      held,
    });
  }
  return out;
}
