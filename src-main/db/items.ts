// Item state changes, one named function each, each one transaction (graphile-worker style).
// The promise that matters: an item is `sending` on disk before its request leaves, so a crash can
// never leave a sent request unaccounted for.
import type { AttemptDto, ItemStatus, JobItemDto, Page } from '../../src-shared/contract/api';
import type { Db } from './openDb';

/** Response bodies are kept up to this size; beyond it the stored copy is cut and says so. */
export const MAX_STORED_BODY = 64 * 1024;
export const clip = (s: string | null): string | null =>
  s === null || s.length <= MAX_STORED_BODY ? s : `${s.slice(0, MAX_STORED_BODY)}\n… [cut at ${MAX_STORED_BODY} characters]`;

export interface ClaimedItem {
  id: number;
  rowNumber: number;
  attempts: number;
  status: 'pending' | 'retry_wait';
}

/** The next items due: pending, or waiting for a retry whose time has come; lowest id first. */
export function nextDueItems(db: Db, jobId: string, now: number, limit: number, excludeIds: ReadonlySet<number>): ClaimedItem[] {
  const rows = db
    .prepare(
      `SELECT id, row_number AS rowNumber, attempts, status FROM job_items
       WHERE job_id = ? AND (status = 'pending' OR (status = 'retry_wait' AND next_attempt_at <= ?))
       ORDER BY id LIMIT ?`,
    )
    .all(jobId, now, limit + excludeIds.size) as ClaimedItem[];
  return rows.filter((r) => !excludeIds.has(r.id)).slice(0, limit);
}

/** When the earliest retry is due, or null if none is waiting. */
export function nextRetryAt(db: Db, jobId: string): number | null {
  return (
    (db
      .prepare(`SELECT MIN(next_attempt_at) FROM job_items WHERE job_id = ? AND status = 'retry_wait'`)
      .pluck()
      .get(jobId) as number | null) ?? null
  );
}

export interface SendingMark {
  itemId: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>; // already redacted
  requestBody: string | null;
  startedAt: number;
}

/** Committed before the request leaves. Returns the new attempt's row id. */
export function markSending(db: Db, m: SendingMark): number {
  return db.transaction(() => {
    db.prepare(
      `UPDATE job_items SET status = 'sending', attempts = attempts + 1, method = ?, url = ?, updated_at = ? WHERE id = ?`,
    ).run(m.method, m.url, m.startedAt, m.itemId);
    const attempt =
      (db.prepare('SELECT COALESCE(MAX(attempt), 0) + 1 FROM attempts WHERE item_id = ?').pluck().get(m.itemId) as number);
    return Number(
      db
        .prepare(
          `INSERT INTO attempts (item_id, attempt, started_at, request_headers_json, request_body) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(m.itemId, attempt, m.startedAt, JSON.stringify(m.requestHeaders), clip(m.requestBody)).lastInsertRowid,
    );
  })();
}

export interface Outcome {
  itemId: number;
  attemptId: number;
  status: 'succeeded' | 'failed' | 'retry_wait';
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  nextAttemptAt: number | null;
  captured: Record<string, string> | null;
  at: number;
  /** A throttled attempt (429/503) is recorded but does not use up the item's attempt budget. */
  refundAttempt?: boolean;
}

export function recordOutcome(db: Db, o: Outcome): void {
  db.transaction(() => {
    const body = clip(o.responseBody);
    db.prepare(
      `UPDATE attempts SET duration_ms = ?, response_status = ?, response_body = ?, error = ? WHERE id = ?`,
    ).run(o.durationMs, o.responseStatus, body, o.error, o.attemptId);
    db.prepare(
      `UPDATE job_items SET status = ?, response_status = ?, response_body = ?, error = ?, duration_ms = ?,
         next_attempt_at = ?, captured_json = COALESCE(?, captured_json), updated_at = ?,
         attempts = attempts - ? WHERE id = ?`,
    ).run(
      o.status,
      o.responseStatus,
      body,
      o.error,
      o.durationMs,
      o.nextAttemptAt,
      o.captured ? JSON.stringify(o.captured) : null,
      o.at,
      o.refundAttempt ? 1 : 0,
      o.itemId,
    );
  })();
}

/** Rows that cannot be built into a request (mapping errors) are skipped, with the reason. */
export function markSkipped(db: Db, itemId: number, reason: string, at: number): void {
  db.prepare(`UPDATE job_items SET status = 'skipped', error = ?, updated_at = ? WHERE id = ?`).run(reason, at, itemId);
}

/** At startup: anything still `sending` was in flight when the process died. */
export function markInDoubt(db: Db, jobId: string, at: number): number {
  return db
    .prepare(
      `UPDATE job_items SET status = 'in_doubt', error = 'The app stopped while this request was in flight; it may or may not have reached the LMS.', updated_at = ? WHERE job_id = ? AND status = 'sending'`,
    )
    .run(at, jobId).changes;
}

/** In-doubt items of an idempotent template go back to pending: sending again is harmless. */
export function requeueInDoubt(db: Db, jobId: string, at: number): number {
  return db
    .prepare(`UPDATE job_items SET status = 'pending', updated_at = ? WHERE job_id = ? AND status = 'in_doubt'`)
    .run(at, jobId).changes;
}

/** Rerun failed rows: failed (and skipped) → pending with a fresh attempt budget; history is kept. */
export function requeueFailed(db: Db, jobId: string, at: number): number {
  return db
    .prepare(
      `UPDATE job_items SET status = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = ?
       WHERE job_id = ? AND status = 'failed'`,
    )
    .run(at, jobId).changes;
}

interface ItemRow {
  id: number;
  row_number: number;
  status: ItemStatus;
  attempts: number;
  method: string;
  url: string;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number | null;
  updated_at: number;
}

export function listItems(
  db: Db,
  jobId: string,
  status: ItemStatus | undefined,
  offset: number,
  limit: number,
): Page<JobItemDto> {
  const where = status ? 'job_id = ? AND status = ?' : 'job_id = ?';
  const args = status ? [jobId, status] : [jobId];
  const total = db.prepare(`SELECT COUNT(*) FROM job_items WHERE ${where}`).pluck().get(...args) as number;
  const rows = db
    .prepare(`SELECT * FROM job_items WHERE ${where} ORDER BY row_number LIMIT ? OFFSET ?`)
    .all(...args, limit, offset) as ItemRow[];
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      rowNumber: r.row_number,
      status: r.status,
      attempts: r.attempts,
      method: r.method,
      url: r.url,
      responseStatus: r.response_status,
      responseBody: r.response_body,
      error: r.error,
      durationMs: r.duration_ms,
      updatedAt: r.updated_at,
    })),
  };
}

export function listAttempts(db: Db, jobId: string, itemId: number): AttemptDto[] {
  const rows = db
    .prepare(
      `SELECT a.* FROM attempts a JOIN job_items i ON i.id = a.item_id WHERE i.job_id = ? AND a.item_id = ? ORDER BY a.attempt`,
    )
    .all(jobId, itemId) as {
    attempt: number;
    started_at: number;
    duration_ms: number | null;
    request_headers_json: string;
    request_body: string | null;
    response_status: number | null;
    response_body: string | null;
    error: string | null;
  }[];
  return rows.map((a) => ({
    attempt: a.attempt,
    startedAt: a.started_at,
    durationMs: a.duration_ms,
    requestHeaders: JSON.parse(a.request_headers_json) as Record<string, string>,
    requestBody: a.request_body,
    responseStatus: a.response_status,
    responseBody: a.response_body,
    error: a.error,
  }));
}
