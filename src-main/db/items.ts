// Item state changes, one named function each, each one transaction (graphile-worker style).
// The promise that matters: an item is `sending` on disk before its request leaves, so a crash can
// never leave a sent request unaccounted for. What the screens, the CLI and the export read: ./itemReads.ts.
import { LOST_AT_GATEWAY } from '../../src-shared/runner/classifyResponse';
import { cutOffAnswer } from '../../src-shared/runner/cutOffAnswer';
import type { BlockReader } from './datasetBlocks';
import { datasetReader } from './datasets';
import type { Db } from './openDb';
import { applyOps, prep, type WriteOp } from './writeOps';

/**
 * Runs `fn` as one transaction, or inside the caller's when there is one already (the runner groups a
 * batch of state changes into one commit; a nested better-sqlite3 transaction would add a savepoint
 * per call for nothing: if any part throws, the outer transaction rolls back as a whole).
 */
function atomically<T>(db: Db, fn: () => T): T {
  return db.inTransaction ? fn() : db.transaction(fn)();
}

/** Response bodies are kept up to this size; beyond it the stored copy is cut and says so. */
export const MAX_STORED_BODY = 64 * 1024;
export const clip = (s: string | null): string | null =>
  s === null || s.length <= MAX_STORED_BODY
    ? s
    : `${s.slice(0, MAX_STORED_BODY)}\n… [cut at ${MAX_STORED_BODY} characters]`;

export interface ClaimedItem {
  id: number;
  rowNumber: number;
  attempts: number;
  status: 'pending' | 'retry_wait';
  /** The dataset row's cells, read with the item (empty if the row is gone). */
  cells: string[];
  /**
   * The number of the item's latest attempt row (sends, lookups, dry runs; 0 if none), read with the
   * item so that marking it `sending` needs no query of its own. Exact while the item waits in the
   * runner's queue: nothing else adds an attempt to a pending or waiting item.
   */
  lastAttempt: number;
  /**
   * The item's latest attempt before this run read its target (undo's read before the write, which adds an
   * attempt of kind 'prior': set as it is written, ./priorStates.ts); absent when it was not read.
   */
  lastAttemptBeforeRead?: number;
}

/**
 * A reader per dataset that keeps its place between calls: the runner asks for rows in order, a page at a
 * time, so each page starts where the last one ended instead of searching again. (A reader notices writes.)
 */
const readers = new WeakMap<Db, Map<string, BlockReader>>();
function rowsOf(db: Db, datasetId: string): BlockReader | undefined {
  let m = readers.get(db);
  if (!m) readers.set(db, (m = new Map()));
  let reader = m.get(datasetId);
  if (!reader) {
    reader = datasetReader(db, datasetId);
    if (!reader) return undefined;
    if (m.size >= 8) m.clear();
    m.set(datasetId, reader);
  }
  return reader;
}

/**
 * `holdRepeats` (a job sending repeated rows too, `allowDuplicates`): a pending row whose key an earlier
 * row of the job has, still to be answered (pending, sending, waiting for a retry), is not due yet, so
 * rows acting on one target reach the LMS one after another, in file order — side by side, the LMS could
 * keep an earlier row's values. Found through the (job_id, row_key) index. An earlier row in doubt does not
 * hold it: that waits for the admin, and the job goes on.
 */
const HELD_BEHIND_EARLIER_ROW = `AND NOT (p.row_key IS NOT NULL AND EXISTS (SELECT 1 FROM job_items e
    WHERE e.job_id = p.job_id AND e.row_key = p.row_key AND e.row_number < p.row_number
      AND e.status IN ('pending', 'sending', 'retry_wait')))`;

/**
 * The next items due: pending, or waiting for a retry whose time has come; lowest id first; with their
 * dataset cells. Each branch walks the (job_id, status, id) index in id order and stops at `limit`, so a
 * page costs the same at row 100,000 as at row 1 (an OR over both statuses would read and sort every item
 * of the job for each page).
 */
export function nextDueItems(
  db: Db,
  jobId: string,
  now: number,
  limit: number,
  excludeIds: { has(id: number): boolean; readonly size: number },
  holdRepeats = false,
): ClaimedItem[] {
  const rows = prep(
    db,
    `SELECT i.id, i.row_number AS rowNumber, i.attempts, i.status, j.dataset_id AS datasetId,
            (SELECT COALESCE(MAX(a.attempt), 0) FROM attempts a WHERE a.item_id = i.id) AS lastAttempt
       FROM (
         SELECT id FROM (SELECT id FROM job_items p WHERE job_id = @jobId AND status = 'pending'
                           ${holdRepeats ? HELD_BEHIND_EARLIER_ROW : ''} ORDER BY id LIMIT @limit)
         UNION ALL
         SELECT id FROM (SELECT id FROM job_items WHERE job_id = @jobId AND status = 'retry_wait'
                           AND next_attempt_at <= @now ORDER BY id LIMIT @limit)
       ) due
       JOIN job_items i ON i.id = due.id
       JOIN jobs j ON j.id = i.job_id
       ORDER BY i.id LIMIT @limit`,
  ).all({ jobId, now, limit: limit + excludeIds.size }) as (Omit<ClaimedItem, 'cells'> & { datasetId: string })[];
  const out: ClaimedItem[] = [];
  // Items come in row order, so the reader mostly reads on through the blocks it is already in.
  const reader = rows[0] ? rowsOf(db, rows[0].datasetId) : undefined;
  for (const r of rows) {
    if (excludeIds.has(r.id)) continue;
    if (out.length === limit) break;
    out.push({
      id: r.id,
      rowNumber: r.rowNumber,
      attempts: r.attempts,
      status: r.status,
      cells: reader?.row(r.rowNumber) ?? [],
      lastAttempt: r.lastAttempt,
    });
  }
  return out;
}

/** Whether any item still waits to be sent (pending, or waiting for a retry). */
export function hasSendable(db: Db, jobId: string): boolean {
  return (
    prep(db, `SELECT 1 FROM job_items WHERE job_id = ? AND status IN ('pending', 'retry_wait') LIMIT 1`)
      .pluck()
      .get(jobId) !== undefined
  );
}

/** When the earliest retry is due, or null if none is waiting. */
export function nextRetryAt(db: Db, jobId: string): number | null {
  return (
    (prep(db, `SELECT MIN(next_attempt_at) FROM job_items WHERE job_id = ? AND status = 'retry_wait'`)
      .pluck()
      .get(jobId) as number | null) ?? null
  );
}

export interface SendingMark {
  itemId: number;
  /** The attempt's number; by default one more than the item's latest. */
  attempt?: number;
  method: string;
  url: string;
  /** Already redacted; or already serialized (the runner serializes a job's header set once). */
  requestHeaders: Record<string, string> | string;
  requestBody: string | null;
  startedAt: number;
}

const nextAttemptNo = (db: Db, itemId: number) =>
  prep(db, 'SELECT COALESCE(MAX(attempt), 0) + 1 FROM attempts WHERE item_id = ?')
    .pluck()
    .get(itemId) as number;

/**
 * Committed before the request leaves (the runner marks a batch of items in one transaction, and sends
 * none of them before it commits). Returns the new attempt's row id.
 */
export function markSending(db: Db, m: SendingMark): number {
  return atomically(db, () =>
    applyOps(db, markSendingOps({ ...m, attempt: m.attempt ?? nextAttemptNo(db, m.itemId) })),
  )[0]!;
}

/** markSending's writes as data (for a DbWriter); the second hands back the attempt's id. */
export function markSendingOps(m: SendingMark & { attempt: number }): WriteOp[] {
  return [
    {
      sql: `UPDATE job_items SET status = 'sending', attempts = attempts + 1, method = ?, url = ?, updated_at = ? WHERE id = ?`,
      args: [m.method, m.url, m.startedAt, m.itemId],
    },
    {
      sql: `INSERT INTO attempts (item_id, attempt, started_at, request_headers_json, request_body, kind, url)
              VALUES (?, ?, ?, ?, ?, 'send', ?)`,
      args: [
        m.itemId,
        m.attempt,
        m.startedAt,
        typeof m.requestHeaders === 'string' ? m.requestHeaders : JSON.stringify(m.requestHeaders),
        clip(m.requestBody),
        m.url,
      ],
      returnsId: true,
    },
  ];
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
  /** Why the row ended as it did when its answer alone does not say (kept in the row's note). */
  note?: string | null;
}

export function recordOutcome(db: Db, o: Outcome): void {
  atomically(db, () => applyOps(db, recordOutcomeOps(o)));
}

/**
 * recordOutcome's writes as data. The response body is stored once, with the attempt: the row's own
 * `response_body` is cleared (listItems reads the last send's), so a body is not written twice per row.
 */
export function recordOutcomeOps(o: Outcome): WriteOp[] {
  return [
    {
      sql: `UPDATE attempts SET duration_ms = ?, response_status = ?, response_body = ?, error = ? WHERE id = ?`,
      args: [o.durationMs, o.responseStatus, clip(o.responseBody), o.error, o.attemptId],
    },
    {
      sql: `UPDATE job_items SET status = ?, response_status = ?, response_body = NULL, error = ?, duration_ms = ?,
              next_attempt_at = ?, captured_json = COALESCE(?, captured_json), note = COALESCE(?, note),
              updated_at = ?, attempts = attempts - ? WHERE id = ?`,
      args: [
        o.status,
        o.responseStatus,
        o.error,
        o.durationMs,
        o.nextAttemptAt,
        o.captured ? JSON.stringify(o.captured) : null,
        o.note ?? null,
        o.at,
        o.refundAttempt ? 1 : 0,
        o.itemId,
      ],
    },
  ];
}

/**
 * A row marked `sending` ahead of a free slot that never left (the job stopped first): back to pending,
 * and the attempt that was reserved for it is gone (it was never made).
 */
export function releaseReservedOps(itemId: number, attemptId: number, at: number): WriteOp[] {
  return [
    {
      sql: `UPDATE job_items SET status = 'pending', attempts = attempts - 1, updated_at = ? WHERE id = ? AND status = 'sending'`,
      args: [at, itemId],
    },
    { sql: `DELETE FROM attempts WHERE id = ? AND response_status IS NULL AND error IS NULL`, args: [attemptId] },
  ];
}

/** Rows that cannot be built into a request (mapping errors) are skipped, with the reason. */
export function markSkipped(db: Db, itemId: number, reason: string, at: number): void {
  applyOps(db, [markSkippedOp(itemId, reason, at)]);
}

export function markSkippedOp(itemId: number, reason: string, at: number): WriteOp {
  return {
    sql: `UPDATE job_items SET status = 'skipped', skip_reason = 'invalid', error = ?, updated_at = ? WHERE id = ?`,
    args: [reason, at, itemId],
  };
}

export interface DryRunMark {
  itemId: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>; // already redacted
  requestBody: string | null;
  at: number;
}

export const DRY_RUN_NOTE = 'Dry run: would be sent. The request was built and checked, and not sent.';

/** Dry run: the row is valid; keep the exact request it would have sent, and send nothing. */
export function markDryRun(db: Db, m: DryRunMark): void {
  atomically(db, () => {
    prep(
      db,
      `INSERT INTO attempts (item_id, attempt, started_at, request_headers_json, request_body, kind, url)
       VALUES (?, ?, ?, ?, ?, 'dry_run', ?)`,
    ).run(
      m.itemId,
      nextAttemptNo(db, m.itemId),
      m.at,
      JSON.stringify(m.requestHeaders),
      clip(m.requestBody),
      m.url,
    );
    prep(
      db,
      `UPDATE job_items SET status = 'skipped', skip_reason = 'dryRun', method = ?, url = ?, error = NULL, note = ?,
         updated_at = ? WHERE id = ?`,
    ).run(m.method, m.url, DRY_RUN_NOTE, m.at, m.itemId);
  });
}

/** In-doubt items after `afterId`, lowest id first, a page at a time. */
export function inDoubtItems(db: Db, jobId: string, afterId: number, limit: number): InDoubtItem[] {
  return prep(
    db,
    `SELECT id, row_number AS rowNumber, attempts FROM job_items
       WHERE job_id = ? AND status = 'in_doubt' AND id > ? ORDER BY id LIMIT ?`,
  ).all(jobId, afterId, limit) as InDoubtItem[];
}

export interface InDoubtItem {
  id: number;
  rowNumber: number;
  attempts: number;
}

/**
 * The errors of the row's sends before `attemptId` that got no answer (the network failed, or the app
 * stopped with them in flight), a gateway's in place of the LMS's (LOST_AT_GATEWAY), or one cut off after
 * its status (its status is kept, its answer is not whole): a caller asks whether one of them may have
 * arrived.
 */
export function unansweredSends(db: Db, itemId: number, attemptId: number): (string | null)[] {
  const sends = prep(
    db,
    `SELECT response_status AS status, error FROM attempts WHERE item_id = ? AND id <> ? AND kind = 'send'
        AND (response_status IS NULL OR response_status IN (${[...LOST_AT_GATEWAY].join(', ')}) OR error IS NOT NULL)`,
  ).all(itemId, attemptId) as { status: number | null; error: string | null }[];
  return sends
    .filter((a) => a.status === null || LOST_AT_GATEWAY.has(a.status) || cutOffAnswer(a.error) !== null)
    .map((a) => a.error);
}

/** The status and error of the item's latest send (null: it has none). */
export function lastSend(db: Db, itemId: number): { status: number | null; error: string | null } | null {
  const r = prep(
    db,
    `SELECT response_status AS status, error FROM attempts WHERE item_id = ? AND kind = 'send' ORDER BY attempt DESC LIMIT 1`,
  ).get(itemId) as { status: number | null; error: string | null } | undefined;
  return r ?? null;
}

/** The item's latest read of its target before a write (kind 'prior'), or null when none was made. */
export function latestPriorRead(
  db: Db,
  itemId: number,
): { status: number | null; body: string; error: string | null } | null {
  const r = prep(
    db,
    `SELECT response_status AS status, COALESCE(response_body, '') AS body, error FROM attempts
      WHERE item_id = ? AND kind = 'prior' ORDER BY attempt DESC LIMIT 1`,
  ).get(itemId) as { status: number | null; body: string; error: string | null } | undefined;
  return r ?? null;
}

/**
 * The row of another item of the item's job with the same template and key (the same request) that
 * added it: it succeeded with a note starting with none of `notAdded` (found it already there), or it is
 * among `succeeding` (answered with success in the turn being written, not yet on disk). Null when none;
 * lowest row first. Asked only of an addition told 409 (answerDecision.ts `addedByRow`).
 */
export function rowThatAdded(
  db: Db,
  itemId: number,
  succeeding: readonly number[],
  notAdded: readonly string[],
): number | null {
  const r = prep(
    db,
    `SELECT o.row_number FROM job_items i JOIN job_items o ON o.job_id = i.job_id AND o.row_key = i.row_key
      WHERE i.id = ? AND o.id <> i.id AND o.template_id IS i.template_id
        AND (o.id IN (SELECT value FROM json_each(?))
             OR (o.status = 'succeeded'
                 AND (o.note IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(?) p WHERE instr(o.note, p.value) = 1))))
      ORDER BY o.row_number LIMIT 1`,
  )
    .pluck()
    .get(itemId, JSON.stringify(succeeding), JSON.stringify(notAdded)) as number | undefined;
  return r ?? null;
}

/**
 * Mid-run: a non-idempotent request failed in a way that may have reached the LMS (reset, timeout, or a
 * gateway's 502/504 in place of the LMS's answer: its status and page are kept, to say so).
 */
export function markAttemptInDoubt(db: Db, o: InDoubtMark): void {
  atomically(db, () => applyOps(db, markAttemptInDoubtOps(o)));
}

export type InDoubtMark = Omit<Outcome, 'status' | 'nextAttemptAt' | 'captured' | 'refundAttempt'>;

export function markAttemptInDoubtOps(o: InDoubtMark): WriteOp[] {
  return [
    {
      sql: `UPDATE attempts SET duration_ms = ?, response_status = ?, response_body = ?, error = ? WHERE id = ?`,
      args: [o.durationMs, o.responseStatus, o.responseStatus === null ? null : clip(o.responseBody), o.error, o.attemptId],
    },
    {
      sql: `UPDATE job_items SET status = 'in_doubt', error = ?, duration_ms = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`,
      args: [o.error, o.durationMs, o.at, o.itemId],
    },
  ];
}

export interface Settlement {
  status: 'succeeded' | 'failed' | 'pending' | 'in_doubt';
  note: string;
  error?: string | null;
  captured?: Record<string, string> | null;
  at: number;
}

/** Settles one in-doubt item (by a lookup or by the admin). No-op unless it is still in doubt. */
export function settleInDoubt(db: Db, itemId: number, s: Settlement): boolean {
  return (
    prep(
      db,
      `UPDATE job_items SET status = ?, note = ?, error = ?, captured_json = COALESCE(?, captured_json),
           next_attempt_at = NULL, updated_at = ? WHERE id = ? AND status = 'in_doubt'`,
    ).run(s.status, s.note, s.error ?? null, s.captured ? JSON.stringify(s.captured) : null, s.at, itemId)
      .changes === 1
  );
}

/** A row's error once the admin marked it failed: "Marked as failed by the admin; it was in doubt: <why>". */
const MARKED_FAILED = 'Marked as failed by the admin; it was in doubt';
/** Why the row was in doubt, without the "In doubt: " its error may start with (SQL over `error`). */
const DOUBT_REASON_SQL = `CASE WHEN error LIKE 'In doubt: %' THEN substr(error, 11) ELSE error END`;
const MARKED_FAILED_ERROR_SQL = `CASE WHEN error IS NULL OR error = '' THEN '${MARKED_FAILED}.'
  ELSE '${MARKED_FAILED}: ' || ${DOUBT_REASON_SQL} END`;
/**
 * A row marked succeeded has no error (exports list it as a success with an empty error); why it was in
 * doubt moves to its note, after the decision (the note starts with ADMIN_NOTES.markSucceeded, which
 * recipes/unknownCaptures.ts looks for).
 */
const MARKED_SUCCEEDED_NOTE_SQL = `? || CASE WHEN error IS NULL OR error = '' THEN ''
  ELSE ' It was in doubt: ' || ${DOUBT_REASON_SQL} END`;

export const ADMIN_NOTES = {
  resend: 'In doubt after the app stopped; the admin chose to send it again.',
  markSucceeded: 'In doubt after the app stopped; the admin marked it as succeeded without sending it again.',
  markFailed: 'In doubt after the app stopped; the admin marked it as failed.',
} as const;

/**
 * The admin's decision for in-doubt items of a job (all of them when `itemIds` is absent). Returns the
 * row number of each item it settled (for the job's events).
 */
export function resolveInDoubt(
  db: Db,
  jobId: string,
  action: keyof typeof ADMIN_NOTES,
  itemIds: readonly number[] | undefined,
  at: number,
): number[] {
  const status = action === 'resend' ? 'pending' : action === 'markSucceeded' ? 'succeeded' : 'failed';
  // A fresh attempt budget for a resend; the decision is kept in the note. A row marked failed says so in
  // its error too — what exports and the failed-rows file show as its cause — keeping why it was in doubt
  // (it kept "In doubt: …" as its error, under an outcome of failed); one marked succeeded has none.
  // (SQLite evaluates every SET expression from the row as it was: the note reads the error before it is cleared.)
  const sql = `UPDATE job_items SET status = ?, note = ${action === 'markSucceeded' ? MARKED_SUCCEEDED_NOTE_SQL : '?'},
               next_attempt_at = NULL, updated_at = ?
               ${action === 'resend' ? ', attempts = 0' : ''}
               ${action === 'markFailed' ? `, error = ${MARKED_FAILED_ERROR_SQL}` : ''}
               ${action === 'markSucceeded' ? ', error = NULL' : ''}
               WHERE job_id = ? AND status = 'in_doubt'`;
  return db.transaction(() => {
    if (!itemIds)
      return prep(db, `${sql} RETURNING row_number`)
        .pluck()
        .all(status, ADMIN_NOTES[action], at, jobId) as number[];
    const one = prep(db, `${sql} AND id = ? RETURNING row_number`).pluck();
    return itemIds.flatMap((id) => one.all(status, ADMIN_NOTES[action], at, jobId, id) as number[]);
  })();
}

export const IN_FLIGHT_WHEN_STOPPED =
  'The app stopped while this request was in flight; it may or may not have reached the LMS.';

/**
 * Rows still `sending` when no request of theirs is in flight any more (the process died, or the
 * database refused to take their answers): nobody knows whether they reached the LMS. `error` null
 * leaves each row's text as it is (the smallest write there is, for a disk that is full).
 */
export function markInDoubt(
  db: Db,
  jobId: string,
  at: number,
  error: string | null = IN_FLIGHT_WHEN_STOPPED,
): number {
  return prep(
    db,
    `UPDATE job_items SET status = 'in_doubt', error = COALESCE(?, error), updated_at = ?
       WHERE job_id = ? AND status = 'sending'`,
  ).run(error, at, jobId).changes;
}

/**
 * An answer came back but the turn that would have written it was refused: its status alone is kept
 * with the attempt (the row stays in doubt; its body and captures were not saved).
 */
export function keepAnswerStatus(db: Db, attemptId: number, status: number): void {
  prep(db, `UPDATE attempts SET response_status = ? WHERE id = ? AND response_status IS NULL`).run(
    status,
    attemptId,
  );
}

/** In-doubt items of an idempotent template go back to pending: sending again is harmless. */
export function requeueInDoubt(db: Db, jobId: string, at: number): number {
  return prep(
    db,
    `UPDATE job_items SET status = 'pending', note = 'In doubt after the app stopped; sent again, since this call is safe to repeat.',
         updated_at = ? WHERE job_id = ? AND status = 'in_doubt'`,
  ).run(at, jobId).changes;
}

/**
 * The credentials breaker opened: rows refused for the key, not for themselves, go back to pending with
 * a fresh budget (their refused attempts stay in history). Returns how many were still failed.
 */
export function requeueRefused(db: Db, itemIds: readonly number[], at: number): number {
  return atomically(db, () =>
    requeueRefusedOps(itemIds, at).reduce((n, op) => n + prep(db, op.sql).run(...op.args).changes, 0),
  );
}

export function requeueRefusedOps(itemIds: readonly number[], at: number, page = false): WriteOp[] {
  // `page`: a web page (a sign-in page) answered instead of the LMS's API (src-shared/runner/breakers.ts).
  const note = page
    ? 'When this row was sent, a web page answered instead of the LMS; it is sent again when the job resumes.'
    : 'The LMS refused the credentials when this row was sent; it is sent again when the job resumes.';
  return itemIds.map((id) => ({
    sql: `UPDATE job_items SET status = 'pending', attempts = 0, error = NULL, next_attempt_at = NULL,
            note = ?, updated_at = ? WHERE id = ? AND status = 'failed'`,
    args: [note, at, id],
  }));
}

/** Rerun failed rows: failed (and skipped) → pending with a fresh attempt budget; history is kept. */
export function requeueFailed(db: Db, jobId: string, at: number): number {
  return prep(
    db,
    `UPDATE job_items SET status = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = ?
       WHERE job_id = ? AND status = 'failed'`,
  ).run(at, jobId).changes;
}

/** Pending rows with a key, after `afterId`, lowest id first (a page at a time). */
export function pendingKeys(db: Db, jobId: string, afterId: number, limit: number): { id: number; key: string }[] {
  return prep(
    db,
    `SELECT id, row_key AS key FROM job_items
      WHERE job_id = ? AND status = 'pending' AND row_key IS NOT NULL AND id > ? ORDER BY id LIMIT ?`,
  ).all(jobId, afterId, limit) as { id: number; key: string }[];
}

/** The rows skipped as already sent (at the job's making, or at an earlier start), with their keys. */
export function alreadySentKeys(db: Db, jobId: string, afterId: number, limit: number): { id: number; key: string }[] {
  return prep(
    db,
    `SELECT id, row_key AS key FROM job_items
      WHERE job_id = ? AND status = 'skipped' AND skip_reason = 'alreadySent' AND row_key IS NOT NULL AND id > ?
      ORDER BY id LIMIT ?`,
  ).all(jobId, afterId, limit) as { id: number; key: string }[];
}

/** A row skipped as already sent whose send no longer holds in the LMS: pending again, its note gone. */
export function unskipAlreadySent(db: Db, itemId: number, at: number): boolean {
  return (
    prep(
      db,
      `UPDATE job_items SET status = 'pending', skip_reason = NULL, note = NULL, updated_at = ?
        WHERE id = ? AND status = 'skipped' AND skip_reason = 'alreadySent'`,
    ).run(at, itemId).changes === 1
  );
}

/** A pending row whose key succeeded elsewhere since the job was made: skipped, with why. */
export function skipAsAlreadySent(db: Db, itemId: number, note: string, at: number): boolean {
  return (
    prep(
      db,
      // A failed row put back by a rerun drops its old failure: it did not fail, it is not sent.
      `UPDATE job_items SET status = 'skipped', skip_reason = 'alreadySent', note = ?, error = NULL,
              response_status = NULL, updated_at = ?
        WHERE id = ? AND status = 'pending'`,
    ).run(note, at, itemId).changes === 1
  );
}
