// A job named on the command line by the first characters of its id, as the app and the CLI's own
// messages show it ("Job 455536eb", "already sent by job ab242269"): taken back to the full id when
// exactly one job starts with them, as git takes a short commit hash. Several: wrong usage, naming them.
import type { Db } from '../db/openDb';
import { getJob, jobIdsStartingWith } from '../db/jobs';
import { UsageError } from './io';
import { MIN_JOB_PREFIX } from './jobIdWords';

/** The full id of the job `given` names, or `given` itself when it names none (the command says so). */
export function resolveJobId(db: Db, given: string): string {
  if (given.length < MIN_JOB_PREFIX || getJob(db, given)) return given;
  const ids = jobIdsStartingWith(db, given.toLowerCase(), 6);
  if (ids.length === 1) return ids[0]!;
  if (ids.length > 1)
    throw new UsageError(
      `"${given}" starts the ids of ${ids.length > 5 ? 'more than 5' : ids.length} jobs (${ids.slice(0, 5).join(', ')}): give more of the id (see: bulk-desk jobs list)`,
    );
  return given;
}
