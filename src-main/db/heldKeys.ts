// The rows a job still holds to send (not settled yet: pending, going out, waiting for a retry, or in doubt
// and so perhaps sent again), by the call and the key they act on: what another job of the same rows,
// started beside it, would send a second time (../safety/sendingElsewhere.ts).
import type { Db } from './openDb';

export interface HeldKey {
  id: number;
  rowNumber: number;
  /** The call (a recipe item's own step template, else the job's) and the key, joined by a NUL. */
  callKey: string;
}

/** A page of the job's items in `statuses` that have a key, by id after `afterId`. */
export function heldKeys(
  db: Db,
  jobId: string,
  statuses: readonly string[],
  afterId: number,
  limit: number,
): HeldKey[] {
  return db
    .prepare(
      `SELECT i.id, i.row_number AS rowNumber,
              COALESCE(i.template_id, j.template_id) || char(0) || i.row_key AS callKey
         FROM job_items i JOIN jobs j ON j.id = i.job_id
        WHERE i.job_id = ? AND i.status IN (${statuses.map(() => '?').join(', ')})
          AND i.row_key IS NOT NULL AND i.id > ?
        ORDER BY i.id LIMIT ?`,
    )
    .all(jobId, ...statuses, afterId, limit) as HeldKey[];
}
