// What resuming does after a read-back mismatch paused the job, in words that hold: resuming does not
// simply "send the rest". While canary rows are left it carries on with the canary (one at a time, each
// read back, pausing again at a mismatch and after the canary); with every row read back it pauses again
// at the next mismatch; only when nothing more is read back does the rest go unchecked.
import type { JobOptions } from '../contract/api';

export interface ResumeFacts {
  /** Canary rows (or a recipe's items) still to go; 0 when the canary is over or off. */
  canaryLeft: number;
  /** Rows (a recipe's items) still to send: pending, waiting to retry, or waiting on an earlier step. */
  unsent: number;
  readBack: NonNullable<JobOptions['readBack']>;
  /** A recipe's canary counts items (a row's steps), not rows. */
  items: boolean;
  /** The row that did not hold what was sent (it is failed). */
  rowNumber: number;
}

export function resumeAfterMismatch(f: ResumeFacts): string {
  const [one, many] = f.items ? ['item', 'items'] : ['row', 'rows'];
  // The canary's count is of its rows not sent yet, and the others may have been skipped or failed.
  const canaryLeft = Math.min(f.canaryLeft, f.unsent);
  const what =
    f.unsent === 0
      ? `no ${one} is left to send: resuming completes the job`
      : canaryLeft === 1
        ? `resuming carries on with the canary: its last ${one} goes, read back, and the job pauses again at a ` +
          'mismatch, or after it for you to look, before the rest go'
        : canaryLeft > 1
          ? `resuming carries on with the canary: its other ${canaryLeft} ${many} go one at a time, each read ` +
            'back, and the job pauses again at the next mismatch, or after them for you to look, before the rest go'
          : f.readBack === 'all'
            ? `resuming sends the ${many} not sent yet, each read back, and the job pauses again at the next mismatch`
            : `resuming sends the ${many} not sent yet without reading them back (only the canary's are read back)`;
  return `${what}. Row ${f.rowNumber} stays failed: resuming does not send it again.`;
}
