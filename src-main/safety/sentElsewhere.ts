// Before a job (re)starts: its pending rows whose key has succeeded elsewhere since the job was made — a
// newer job on the same file, a test send — are skipped as already sent, so resuming an old cancelled or
// paused job never sends a row a second time without the admin choosing it (`options.resend`).
import { describePrior, type PriorSend } from '../../src-shared/safety/rowVerdicts';
import { alreadySentKeys, pendingKeys, skipAsAlreadySent, unskipAlreadySent } from '../db/items';
import type { JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { priorSends, sentSince } from '../db/sentKeys';
import { shortValue } from '../../src-shared/util/quoteValue';

const PAGE = 1000;

/** Returns how many pending rows were skipped. */
export function skipRowsSentElsewhere(db: Db, job: JobRecord, at: number): number {
  return db.transaction(() =>
    walkSentElsewhere(db, job, (id, key, p) =>
      skipAsAlreadySent(db, id, `Not sent: ${shortValue(key)} was already sent by ${describePrior(p)}.`, at),
    ),
  )();
}

/** How many pending rows skipRowsSentElsewhere would skip now; writes nothing (for a phrase asked later). */
export function countRowsSentElsewhere(db: Db, job: JobRecord): number {
  return walkSentElsewhere(db, job, () => true);
}

/** Calls `act` on each pending row whose key succeeded elsewhere since the job was made; counts its trues. */
function walkSentElsewhere(
  db: Db,
  job: JobRecord,
  act: (id: number, key: string, prior: PriorSend) => boolean,
): number {
  if (job.options.resend || job.options.dryRun) return 0;
  // What succeeded before the job was made was classified when it was made.
  if (!sentSince(db, job.connectionId, job.templateId, job.id, job.createdAt)) return 0;
  const prior = priorSends(db, job.connectionId, job.templateId, job.id);
  let n = 0;
  for (let after = 0; ; ) {
    const page = pendingKeys(db, job.id, after, PAGE);
    for (const { id, key } of page) {
      const p = prior(key);
      if (p && act(id, key, p)) n++;
    }
    if (page.length < PAGE) return n;
    after = page.at(-1)!.id;
  }
}

/**
 * Before a job's first start (or the rest of a cancelled one — a new decision, confirmed with a phrase
 * counting the rows about to go): its rows skipped as already sent whose send has been taken back since
 * (the enrolment removed, the user deleted: db/sentKeys.ts lastReversal) are pending again, so a member
 * offboarded between the job's making and its start is onboarded, not left out as "already sent". A
 * resume carries on what was confirmed: it is not called then. Returns how many rows are pending again.
 */
export function unskipRowsReversed(db: Db, job: JobRecord, at: number): number {
  return db.transaction(() => walkReversed(db, job, (id) => unskipAlreadySent(db, id, at)))();
}

/** How many rows unskipRowsReversed would make pending again now; writes nothing. */
export function countRowsReversed(db: Db, job: JobRecord): number {
  return walkReversed(db, job, () => true);
}

/** Calls `act` on each row skipped as already sent whose send was taken back since; counts its trues. */
function walkReversed(db: Db, job: JobRecord, act: (id: number) => boolean): number {
  if (job.options.resend || job.options.dryRun) return 0;
  const prior = priorSends(db, job.connectionId, job.templateId, job.id);
  let n = 0;
  for (let after = 0; ; ) {
    const page = alreadySentKeys(db, job.id, after, PAGE);
    for (const { id, key } of page) if (!prior(key) && act(id)) n++;
    if (page.length < PAGE) return n;
    after = page.at(-1)!.id;
  }
}
