// The rows a job still holds to send (not settled yet: pending, going out, waiting for a retry, or in doubt
// and so perhaps sent again), by the call and the key they act on: what another job of the same rows,
// started beside it, would send a second time (../safety/sendingElsewhere.ts).
import type { Db } from './openDb';
import { prep } from './writeOps';

export interface HeldKey {
  id: number;
  rowNumber: number;
  /** The call (a recipe item's own step template, else the job's) and the key, joined by a NUL. */
  callKey: string;
}

const PAGE = 1000;

/** Every item of the job in `statuses` that has a key, by id, read a page at a time. */
export function* heldKeys(db: Db, jobId: string, statuses: readonly string[]): Generator<HeldKey> {
  const page = prep(
    db,
    `SELECT i.id, i.row_number AS rowNumber,
            COALESCE(i.template_id, j.template_id) || char(0) || i.row_key AS callKey
       FROM job_items i JOIN jobs j ON j.id = i.job_id
      WHERE i.job_id = ? AND i.status IN (SELECT value FROM json_each(?))
        AND i.row_key IS NOT NULL AND i.id > ?
      ORDER BY i.id LIMIT ?`,
  );
  const wanted = JSON.stringify(statuses);
  for (let after = 0; ; ) {
    const rows = page.all(jobId, wanted, after, PAGE) as HeldKey[];
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.id;
  }
}
