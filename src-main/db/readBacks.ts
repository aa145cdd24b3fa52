// SQL for the canary and the read-back checks (src-main/runner/canary.ts, readBack.ts): each read kept
// as an attempt of kind 'readback' with its row (./readAttempts.ts), and the row's outcome when the LMS does not hold what
// was sent.
import type { Db } from './openDb';

/**
 * How many of a job's rows have left at least once (a send attempt): the canary is the first N of them.
 * A row back to pending whose every send was refused for the credentials (401/403, requeued by the
 * credentials breaker) does not count: the LMS never judged it, so it still belongs to the canary.
 */
export function countSentItems(db: Db, jobId: string): number {
  return db
    .prepare(
      `SELECT COUNT(DISTINCT a.item_id) FROM attempts a JOIN job_items i ON i.id = a.item_id
        WHERE i.job_id = ? AND a.kind = 'send'
          AND (i.status <> 'pending' OR a.response_status IS NULL OR a.response_status NOT IN (401, 403))`,
    )
    .pluck()
    .get(jobId) as number;
}

/** The write answered 2xx but the LMS does not hold it: the row fails, with both sides in `error`. */
export function markReadBackMismatch(db: Db, itemId: number, error: string, note: string, at: number): boolean {
  return (
    db
      .prepare(`UPDATE job_items SET status = 'failed', error = ?, note = ?, updated_at = ? WHERE id = ? AND status = 'succeeded'`)
      .run(error, note, at, itemId).changes === 1
  );
}

/** What the read-back found, kept as the row's note (a match, or a read that could not tell). */
export function noteReadBack(db: Db, itemId: number, note: string, at: number): void {
  db.prepare(`UPDATE job_items SET note = ?, updated_at = ? WHERE id = ?`).run(note, at, itemId);
}
