// SQL for the prior-state reads of reversible jobs (src-main/runner/priorState.ts): each read kept as an
// attempt of kind 'prior' with its row — written in the same transaction that marks the row `sending`,
// before it — and the row's outcome when the read failed and the row is not written.
import { judgePrior, type PriorVerdict } from '../../src-shared/undo/priorReads';
import { clip } from './items';
import type { Db } from './openDb';

export interface PriorRecord {
  itemId: number;
  /** The attempt's number (one more than the row's latest). */
  attempt: number;
  url: string;
  /** Already redacted. */
  requestHeaders: Record<string, string>;
  startedAt: number;
  durationMs: number;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

export function recordPrior(db: Db, r: PriorRecord): void {
  db.prepare(
    `INSERT INTO attempts (item_id, attempt, started_at, duration_ms, request_headers_json, request_body,
       response_status, response_body, error, kind, url)
     VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, 'prior', ?)`,
  ).run(
    r.itemId,
    r.attempt,
    r.startedAt,
    r.durationMs,
    JSON.stringify(r.requestHeaders),
    r.responseStatus,
    clip(r.responseBody),
    r.error,
    r.url,
  );
}

/** The row's first read that told its target's state (or that it had none), or null when there is none. */
export function firstGoodPrior(db: Db, itemId: number): Exclude<PriorVerdict, { kind: 'unreadable' }> | null {
  const rows = db
    .prepare(
      `SELECT response_status AS status, response_body AS body, error FROM attempts
        WHERE item_id = ? AND kind = 'prior' ORDER BY attempt`,
    )
    .all(itemId) as { status: number | null; body: string | null; error: string | null }[];
  for (const r of rows) {
    const v = judgePrior(r.status, r.body ?? '', r.error);
    if (v.kind !== 'unreadable') return v;
  }
  return null;
}

/** The read before the write failed: the row is not written, and fails saying why (rerun it later). */
export function failBeforeWrite(db: Db, itemId: number, error: string, at: number): void {
  db.prepare(
    `UPDATE job_items SET status = 'failed', error = ?, response_status = NULL, response_body = NULL,
       next_attempt_at = NULL, updated_at = ? WHERE id = ? AND status IN ('pending', 'retry_wait')`,
  ).run(error, at, itemId);
}
