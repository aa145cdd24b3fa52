// At startup, when no job runs: every job's rows still `sending` are in doubt (the process died, or the
// database refused their answers), whatever the job's state; a job left `running` is interrupted, and
// one left `completed` with such rows was not complete, so it is interrupted too. A job left `running`
// gets the stop reason `closed`, which autoResume looks for (jobsStoppedByClosing).
import type { JobState } from '../../src-shared/contract/api';
import * as items from '../db/items';
import { getJob, jobsToRecover, lastActivityAt, setJobState } from '../db/jobs';
import type { Db } from '../db/openDb';

export interface Recovered {
  jobId: string;
  /** The state the job was found in. */
  state: JobState;
  /** Its rows turned in doubt. */
  inDoubt: number;
  /** Why it is now interrupted, when it is (said in its events). */
  reason: string | null;
}

export function recoverJobs(db: Db, now: number): Recovered[] {
  const out: Recovered[] = [];
  for (const { id, state } of jobsToRecover(db)) {
    const n = db.transaction(() => {
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
      else if (state === 'completed')
        setJobState(db, id, 'interrupted', now, {
          kind: 'storage',
          message: `Bulk Desk stopped before the answers to ${n} row(s) were saved; they are in doubt. Look at them (bulk-desk jobs in-doubt ${id}) and settle them.`,
        });
      return n;
    })();
    const interrupted = state === 'running' || state === 'completed';
    out.push({
      jobId: id,
      state,
      inDoubt: n,
      reason: interrupted ? (getJob(db, id)?.stopReason?.message ?? null) : null,
    });
  }
  return out;
}
