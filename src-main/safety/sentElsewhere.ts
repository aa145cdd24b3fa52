// Before a job (re)starts: its pending rows whose key has succeeded elsewhere since the job was made — a
// newer job on the same file, a test send — are skipped as already sent, so resuming an old cancelled or
// paused job never sends a row a second time without the admin choosing it (`options.resend`).
import { describePrior } from '../../src-shared/safety/rowVerdicts';
import { pendingKeys, skipAsAlreadySent } from '../db/items';
import type { JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { priorSends, sentSince } from '../db/sentKeys';
import { shortValue } from '../../src-shared/util/quoteValue';

const PAGE = 1000;

/** Returns how many pending rows were skipped. */
export function skipRowsSentElsewhere(db: Db, job: JobRecord, at: number): number {
  if (job.options.resend || job.options.dryRun) return 0;
  // What succeeded before the job was made was classified when it was made.
  if (!sentSince(db, job.connectionId, job.templateId, job.id, job.createdAt)) return 0;
  const prior = priorSends(db, job.connectionId, job.templateId, job.id);
  let skipped = 0;
  db.transaction(() => {
    for (let after = 0; ; ) {
      const page = pendingKeys(db, job.id, after, PAGE);
      for (const { id, key } of page) {
        const p = prior(key);
        if (p && skipAsAlreadySent(db, id, `Not sent: ${shortValue(key)} was already sent by ${describePrior(p)}.`, at))
          skipped++;
      }
      if (page.length < PAGE) return;
      after = page.at(-1)!.id;
    }
  })();
  return skipped;
}
