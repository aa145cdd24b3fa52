// SQL for the audit record (src-main/audit/): the job's audit JSON (who made and ran it, the connection as
// it was, its plan), the file it ran on, and its rows with every exchange, a page at a time.
import type { AuditRequestDto, ItemStatus, SkipReason } from '../../src-shared/contract/api';
import type { Db } from './openDb';
import { datasetRow } from './datasets';
import { attemptDto, type AttemptRow } from './itemReads';

export function readAuditJson(db: Db, jobId: string): Record<string, unknown> | null {
  const json = db.prepare('SELECT audit_json FROM jobs WHERE id = ?').pluck().get(jobId) as string | null | undefined;
  return json ? (JSON.parse(json) as Record<string, unknown>) : null;
}

export function writeAuditJson(db: Db, jobId: string, audit: Record<string, unknown>): void {
  db.prepare('UPDATE jobs SET audit_json = ? WHERE id = ?').run(JSON.stringify(audit), jobId);
}

export interface DatasetAudit {
  fileName: string;
  sha256: string | null;
  sizeBytes: number | null;
  rows: number;
  importedAt: number;
  source: Record<string, unknown> | null;
}

export function datasetAudit(db: Db, datasetId: string): DatasetAudit | null {
  const r = db
    .prepare('SELECT file_name, sha256, size_bytes, row_count, imported_at, source_json FROM datasets WHERE id = ?')
    .get(datasetId) as
    | {
        file_name: string;
        sha256: string | null;
        size_bytes: number | null;
        row_count: number;
        imported_at: number;
        source_json: string | null;
      }
    | undefined;
  if (!r) return null;
  return {
    fileName: r.file_name,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    rows: r.row_count,
    importedAt: r.imported_at,
    source: r.source_json ? (JSON.parse(r.source_json) as Record<string, unknown>) : null,
  };
}

/**
 * The plan a job was made from (issue 17 part 1 keeps it in `plans`, with the job it made as `job_id`):
 * what it compared, when, from which source, and its counts. Null when the job was not made from a plan
 * (or the store has no plans yet).
 */
export function planOfJob(db: Db, jobId: string): Record<string, unknown> | null {
  const r = db
    .prepare(
      `SELECT id, template_id, run_template_id, source, synced_at, counts_json, calls, created_at, finished_at
         FROM plans WHERE job_id = ? LIMIT 1`,
    )
    .get(jobId) as
    | {
        id: string;
        template_id: string;
        run_template_id: string;
        source: string;
        synced_at: number | null;
        counts_json: string | null;
        calls: number;
        created_at: number;
        finished_at: number | null;
      }
    | undefined;
  if (!r) return null;
  return {
    id: r.id,
    templateId: r.template_id,
    runTemplateId: r.run_template_id,
    source: r.source,
    syncedAt: r.synced_at,
    counts: r.counts_json ? (JSON.parse(r.counts_json) as unknown) : null,
    calls: r.calls,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

/** The jobs that undo this one, oldest first. */
export function undoneByJobs(db: Db, jobId: string): string[] {
  return db.prepare('SELECT id FROM jobs WHERE undo_of = ? ORDER BY created_at').pluck().all(jobId) as string[];
}

export interface AuditRowRecord {
  itemId: number;
  rowNumber: number;
  key: string | null;
  status: ItemStatus;
  skipReason: SkipReason | null;
  error: string | null;
  note: string | null;
  captured: Record<string, string> | null;
  attempts: number;
  method: string;
  cells: string[];
  requests: AuditRequestDto[];
}

/** A page of the job's rows after `afterRow`, in row order, each with its cells and every exchange it made. */
export function auditRowsPage(db: Db, jobId: string, afterRow: number, limit: number): AuditRowRecord[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.row_number, i.row_key, i.status, i.skip_reason, i.error, i.note, i.captured_json, i.attempts,
              i.method, j.dataset_id
         FROM job_items i JOIN jobs j ON j.id = i.job_id
        WHERE i.job_id = ? AND i.row_number > ? ORDER BY i.row_number LIMIT ?`,
    )
    .all(jobId, afterRow, limit) as {
    id: number;
    row_number: number;
    row_key: string | null;
    status: ItemStatus;
    skip_reason: SkipReason | null;
    error: string | null;
    note: string | null;
    captured_json: string | null;
    attempts: number;
    method: string;
    dataset_id: string;
  }[];
  if (rows.length === 0) return [];
  const byItem = new Map<number, AuditRequestDto[]>();
  const attempts = db
    .prepare(
      `SELECT a.* FROM attempts a JOIN job_items i ON i.id = a.item_id
        WHERE i.job_id = ? AND i.row_number BETWEEN ? AND ? ORDER BY a.item_id, a.attempt, a.id`,
    )
    .all(jobId, rows[0]!.row_number, rows.at(-1)!.row_number) as (AttemptRow & { item_id: number })[];
  const methodOf = new Map(rows.map((r) => [r.id, r.method]));
  for (const a of attempts) {
    const list = byItem.get(a.item_id) ?? [];
    // The stored number counts every exchange (a prior read is 1, its send 2); an auditor counts sends:
    // the first send is attempt 1, and a read or a dry run is no attempt (null).
    const sends = list.filter((q) => q.kind === 'send').length;
    list.push({
      ...attemptDto(a),
      attempt: a.kind === 'send' ? sends + 1 : null,
      // Reads (prior state, read-back, lookup) are GETs; a send or dry run is the row's own call.
      method: a.kind === 'send' || a.kind === 'dry_run' ? (methodOf.get(a.item_id) ?? '') : 'GET',
    });
    byItem.set(a.item_id, list);
  }
  return rows.map((r) => ({
    itemId: r.id,
    rowNumber: r.row_number,
    key: r.row_key,
    status: r.status,
    skipReason: r.status === 'skipped' ? r.skip_reason : null,
    error: r.error,
    note: r.note,
    captured: r.captured_json ? (JSON.parse(r.captured_json) as Record<string, string>) : null,
    attempts: r.attempts,
    method: r.method,
    // In row order, so the dataset's reader reads on through its blocks (datasetBlocks.ts).
    cells: datasetRow(db, r.dataset_id, r.row_number) ?? [],
    requests: byItem.get(r.id) ?? [],
  }));
}
