// A job sends only where it was made and confirmed for. Its connection may be edited while it is paused
// (another address, another workspace or acting user): its rest would then go to an LMS the admin never
// confirmed it for, deletes included. Every start, resume and rerun refuses that, naming both targets.
import { sameTarget, targetLabel, targetOf } from '../../src-shared/connections/connectionTarget';
import { AppError } from '../../src-shared/contract/errors';
import type { ConnectionRecord } from '../db/connections';
import type { JobRecord } from '../db/jobs';
import { checkAddress } from '../services/sendableAddresses';

/**
 * Refuses to send any of `job`'s rows unless `connection` still points where the job was made for. `undo`:
 * refuses to undo it — the compensating calls would go to an LMS the job never touched (member and course
 * ids of a staging copy often name other people's records in production).
 */
export function checkTarget(job: JobRecord, connection: ConnectionRecord, purpose: 'send' | 'undo' = 'send'): void {
  // An address saved before addresses were checked (a password in it, plain http:// to another machine):
  // refused before the confirmation and the secret, as at saving. Undo as well: it sends too.
  checkAddress(connection);
  // The built-in sandbox listens on a new port at each launch and is registered again with it: the same
  // connection by design, whose address is the launch's own, not an LMS the admin re-pointed.
  if (connection.isSandbox) return;
  const now = targetOf(connection);
  if (job.target && sameTarget(job.target, now)) return;
  // No target recorded: only a job whose connection was missing when migration 18 ran; take the safe side.
  const was = job.target ? targetLabel(job.target) : 'an address this job did not record';
  if (purpose === 'undo')
    throw new AppError(
      'CONFLICT',
      `The connection "${connection.name}" now points at ${targetLabel(now)}, but this job sent its rows to ${was}: ` +
        `undoing it would send the compensating calls to an LMS this job never touched. Nothing was sent. ` +
        `To undo it, point the connection back at ${was}.`,
      { field: 'connection' },
    );
  throw new AppError(
    'CONFLICT',
    `The connection "${connection.name}" now points at ${targetLabel(now)}, but this job was made for ${was}, ` +
      `and was confirmed for that LMS, not this one. Nothing was sent. To send the file to the new address, ` +
      `start a new run on "${job.fileName}" with this connection (it lists and skips the rows already sent to ` +
      `the new address); to finish this job, point the connection back at ${was}.`,
    { field: 'connection' },
  );
}
