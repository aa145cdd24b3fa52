// A job's events (src-shared/runner/jobEvents.ts) in SQLite: the last EVENTS_KEPT per job, so History and
// the CLI can read why a job went as it did after the fact. Written in the runner's own transactions.
import type { JobEventDto, JobEventKind } from '../../src-shared/contract/api';
import { eventCounted, EVENTS_KEPT, rememberEventCounted } from '../../src-shared/runner/jobEvents';
import type { Db } from './openDb';
import { applyOps, type WriteOp } from './writeOps';

interface EventRow {
  job_id: string;
  seq: number;
  kind: JobEventKind;
  at: number;
  last_at: number;
  count: number;
  rows_json: string;
  status: number | null;
  retry_after_ms: number | null;
  rate_per_second: number | null;
  detail: string | null;
  retry_in_ms: number | null;
  message: string;
  /** The items the event counted, each once (a recipe job's failures, items in doubt); NULL: none. */
  item_ids_json: string | null;
  /** The rows the event counted, each once (a plain job's failures, rows in doubt), named or not; NULL: none. */
  row_numbers_json: string | null;
}

/**
 * An event as read back: with the items or rows it had counted, so a repeat of one of them is not counted
 * again (an event saved before migration 0034 knows the rows it names, as it did).
 */
function toDto(r: EventRow): JobEventDto {
  const e = dtoOf(r);
  rememberEventCounted(e, { itemIds: idsOf(r.item_ids_json), rowNumbers: idsOf(r.row_numbers_json) });
  return e;
}

const idsOf = (json: string | null): number[] => (json ? (JSON.parse(json) as number[]) : []);
const jsonOrNull = (ids: readonly number[]): string | null => (ids.length ? JSON.stringify(ids) : null);

const dtoOf = (r: EventRow): JobEventDto => ({
  jobId: r.job_id,
  seq: r.seq,
  kind: r.kind,
  at: r.at,
  lastAt: r.last_at,
  count: r.count,
  rows: JSON.parse(r.rows_json) as number[],
  status: r.status,
  retryAfterMs: r.retry_after_ms,
  ratePerSecond: r.rate_per_second,
  detail: r.detail,
  retryInMs: r.retry_in_ms,
  message: r.message,
});

const UPSERT = `INSERT INTO job_events (job_id, seq, kind, at, last_at, count, rows_json, status, retry_after_ms,
       rate_per_second, detail, retry_in_ms, message, item_ids_json, row_numbers_json)
     VALUES (@jobId, @seq, @kind, @at, @lastAt, @count, @rows, @status, @retryAfterMs, @ratePerSecond,
       @detail, @retryInMs, @message, @itemIds, @rowNumbers)
     ON CONFLICT (job_id, seq) DO UPDATE SET last_at = excluded.last_at, count = excluded.count,
       rows_json = excluded.rows_json, retry_after_ms = excluded.retry_after_ms,
       retry_in_ms = excluded.retry_in_ms, message = excluded.message, item_ids_json = excluded.item_ids_json,
       row_numbers_json = excluded.row_numbers_json`;
const TRIM = `DELETE FROM job_events WHERE job_id = ? AND seq <= ?`;

/**
 * The writes that insert or update (a folded repeat keeps its seq) the events, then drop all but the last
 * EVENTS_KEPT: run in the runner's turn (../db/writeOps.ts) or by saveJobEvents.
 */
export function saveJobEventsOps(events: readonly JobEventDto[]): WriteOp[] {
  const ops: WriteOp[] = [];
  const newest = new Map<string, number>();
  for (const e of events) {
    const { jobId, seq, kind, at, lastAt, count, status, retryAfterMs, ratePerSecond, detail, retryInMs, message } = e;
    const row = { jobId, seq, kind, at, lastAt, count, status, retryAfterMs, ratePerSecond, detail, retryInMs, message };
    const { itemIds, rowNumbers } = eventCounted(e);
    ops.push({
      sql: UPSERT,
      args: [{ ...row, rows: JSON.stringify(e.rows), itemIds: jsonOrNull(itemIds), rowNumbers: jsonOrNull(rowNumbers) }],
    });
    newest.set(e.jobId, Math.max(newest.get(e.jobId) ?? 0, e.seq));
  }
  for (const [jobId, seq] of newest) if (seq > EVENTS_KEPT) ops.push({ sql: TRIM, args: [jobId, seq - EVENTS_KEPT] });
  return ops;
}

/** Writes the events at once (in the caller's transaction when there is one). */
export function saveJobEvents(db: Db, events: readonly JobEventDto[]): void {
  if (events.length === 0) return;
  const ops = saveJobEventsOps(events);
  if (db.inTransaction) applyOps(db, ops);
  else db.transaction(() => applyOps(db, ops))();
}

/** The job's last `limit` events, oldest first. */
export function listJobEvents(db: Db, jobId: string, limit = EVENTS_KEPT): JobEventDto[] {
  const rows = db
    .prepare(`SELECT * FROM job_events WHERE job_id = ? ORDER BY seq DESC LIMIT ?`)
    .all(jobId, limit) as EventRow[];
  return rows.reverse().map(toDto);
}
