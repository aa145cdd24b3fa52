// SQL for the reads the runner makes beside a row's sends — a lookup that settles a row in doubt
// (runner/inDoubt.ts), a read-back that checks a write took (runner/readBack.ts), the target's state read
// before the write for undo (runner/priorState.ts). Each is kept as an attempt of its own kind with the
// row, so the row's history shows every exchange; none uses the row's attempt budget.
import { clip } from './items';
import type { Db } from './openDb';
import { applyOps, type WriteOp } from './writeOps';

/** One read's exchange, as the lookup client reports it (runner/lookupClient.ts). */
export interface ReadExchange {
  url: string;
  /** Already redacted. */
  requestHeaders: Record<string, string>;
  startedAt: number;
  durationMs: number;
  /** null: no answer (see `error`). */
  status: number | null;
  body: string;
  error: string | null;
  /**
   * The connection was refused before the read went (a certificate not trusted here, a proxy refusing the
   * tunnel: NetworkError.refused): asked again, it meets the same. Not stored (`error` says it).
   */
  refused?: boolean;
}

export type ReadKind = 'lookup' | 'readback' | 'prior';

/**
 * The read's attempt as a write: numbered `attempt`, or after the row's latest in the same statement.
 * (A prior read fixes its number before the send that follows it in the same turn's transaction.)
 */
export function readAttemptOp(kind: ReadKind, itemId: number, r: ReadExchange, attempt?: number): WriteOp {
  const number =
    attempt === undefined ? '(SELECT COALESCE(MAX(attempt), 0) + 1 FROM attempts WHERE item_id = ?)' : '?';
  return {
    sql: `INSERT INTO attempts (item_id, attempt, started_at, duration_ms, request_headers_json, request_body,
       response_status, response_body, error, kind, url)
     VALUES (?, ${number}, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
    args: [
      itemId,
      attempt ?? itemId, // the number, or the sub-select's item id
      r.startedAt,
      r.durationMs,
      JSON.stringify(r.requestHeaders),
      r.status,
      r.status === null ? null : clip(r.body),
      r.error,
      kind,
      r.url,
    ],
  };
}

/** Writes the read's attempt now, numbered after the row's latest. */
export function recordReadAttempt(db: Db, kind: ReadKind, itemId: number, r: ReadExchange): void {
  applyOps(db, [readAttemptOp(kind, itemId, r)]);
}
