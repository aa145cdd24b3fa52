// The statuses of a job's rows named by spreadsheet row number: what `jobs resolve --rows` says of a row it
// cannot settle (it is not in doubt). A recipe job's row has an item per step, so a row may have several.
import type { ItemStatus } from '../../src-shared/contract/api';
import type { Db } from './openDb';
import { prep } from './writeOps';

/** Row number → its items' statuses (distinct, in step order); a row the job does not have is absent. */
export function rowStatuses(db: Db, jobId: string, rowNumbers: readonly number[]): Map<number, ItemStatus[]> {
  const read = prep(
    db,
    'SELECT status FROM job_items WHERE job_id = ? AND row_number = ? ORDER BY id',
  ).pluck();
  const found = new Map<number, ItemStatus[]>();
  for (const row of rowNumbers) {
    const statuses = read.all(jobId, row) as ItemStatus[];
    if (statuses.length) found.set(row, [...new Set(statuses)]);
  }
  return found;
}
