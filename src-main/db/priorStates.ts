// SQL for the prior-state reads of reversible jobs (src-main/runner/priorState.ts): each read kept as an
// attempt of kind 'prior' with its row (./readAttempts.ts) — written (as the turn's ops) in the same transaction that marks
// the row `sending`, before it — and the row's outcome when the read failed and the row is not written.
import type { Db } from './openDb';
import type { WriteOp } from './writeOps';

/** Whether the row has left at least once (a send attempt): its state before is then the read before that. */
export function sentBefore(db: Db, itemId: number): boolean {
  return db.prepare(`SELECT 1 FROM attempts WHERE item_id = ? AND kind = 'send' LIMIT 1`).get(itemId) !== undefined;
}

/** The read before the write failed: the row is not written, and fails saying why (rerun it later). */
export function failBeforeWriteOp(itemId: number, error: string, at: number): WriteOp {
  return {
    sql: `UPDATE job_items SET status = 'failed', error = ?, response_status = NULL, response_body = NULL,
       next_attempt_at = NULL, updated_at = ? WHERE id = ? AND status IN ('pending', 'retry_wait')`,
    args: [error, at, itemId],
  };
}

/** Rows of the job not sent yet (pending, or waiting for a retry, and never sent), after `afterId`, in order. */
export function unsentRows(db: Db, jobId: string, afterId: number, limit: number): { id: number; rowNumber: number }[] {
  return db
    .prepare(
      `SELECT i.id, i.row_number AS rowNumber FROM job_items i
        WHERE i.job_id = ? AND i.status IN ('pending', 'retry_wait') AND i.id > ?
          AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.item_id = i.id AND a.kind = 'send')
        ORDER BY i.id LIMIT ?`,
    )
    .all(jobId, afterId, limit) as { id: number; rowNumber: number }[];
}
