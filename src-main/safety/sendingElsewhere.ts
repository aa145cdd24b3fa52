// Before a job (re)starts: whether a job running now, to the same LMS, still holds rows this one would
// send — the same call on the same key. "Already sent" (./sentElsewhere.ts) knows what succeeded, not what
// is on its way: two jobs of one file started side by side both sent every row (a member created twice,
// two invitations per learner). Such a start is refused; once the other has finished, what it sent is
// skipped here as already sent.
import { AppError } from '../../src-shared/contract/errors';
import { shortValue } from '../../src-shared/util/quoteValue';
import { heldKeys } from '../db/heldKeys';
import { getJob, type JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { lmsScope } from '../db/sentKeys';

/** What another running job may still send: anything not settled. */
const HELD = ['pending', 'sending', 'retry_wait', 'in_doubt'] as const;
/** What this job's start may send: its rows not sent yet, and those in doubt (the start settles them). */
const TO_SEND = ['pending', 'retry_wait', 'in_doubt'] as const;

/** Refuses the start of `job` while one of `running` (the jobs sending now) holds rows it would send. */
export function checkNotSendingElsewhere(db: Db, job: JobRecord, running: readonly string[]): void {
  if (job.options.dryRun) return;
  const others = running.filter((id) => id !== job.id);
  if (!others.length) return;
  const lms = lmsScope(db, job.connectionId);
  const sameLms = db.prepare(`SELECT 1 FROM jobs j WHERE j.id = ? AND ${lms.where('j')}`).pluck();
  for (const otherId of others) {
    const other = getJob(db, otherId);
    if (!other || other.options.dryRun || !sameLms.get(otherId, ...lms.args)) continue;
    const held = new Set<string>();
    for (const k of heldKeys(db, otherId, HELD)) held.add(k.callKey);
    if (!held.size) continue;
    let shared = 0;
    let first: { rowNumber: number; key: string } | null = null;
    for (const k of heldKeys(db, job.id, TO_SEND))
      if (held.has(k.callKey)) {
        shared++;
        first ??= { rowNumber: k.rowNumber, key: k.callKey.slice(k.callKey.indexOf('\0') + 1) };
      }
    if (!first) continue;
    throw new AppError(
      'CONFLICT',
      `Job ${other.id} (${other.fileName}) is sending ${shared} of this job's ${shared === 1 ? 'row' : 'rows'} to this LMS now ` +
        `(the first: row ${first.rowNumber}, ${shortValue(first.key)}): started side by side, both would send them. ` +
        'Wait for it to finish — what it sends is then skipped here as already sent — or pause or cancel it first. ' +
        'Nothing was sent.',
      { field: 'jobId' },
    );
  }
}
