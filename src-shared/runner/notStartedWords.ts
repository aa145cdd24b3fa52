// The stop reason of a job the admin's decision on rows in doubt meant to start, and whose start failed:
// the decision stands (rows set to be sent again, or a recipe's later steps opened), and the job waits,
// paused, for a resume. It was left paused under its old reason ("2 items are in doubt…" of a job with
// none in doubt), or with none, as if the admin had paused it.
import { plural } from '../util/plural';

export function notStartedReason(
  jobId: string,
  cause: string,
  waiting: number,
  unit: 'row' | 'item',
): string {
  const why = cause.trim().replace(/[.\s]*$/, '.');
  return (
    `Your decision on the ${unit}s in doubt was saved, but the job could not start: ${why} ` +
    `${plural(waiting, `${unit} waits`, `${unit}s wait`)} to be sent. Resume the job once that is dealt with: ` +
    `bulk-desk jobs resume ${jobId}`
  );
}
