// What the screens, the CLI and the export read of a job's rows: a page of rows filtered by status and
// text (History), a row's attempts, the export's pages in row order, the in-doubt rows with their last send.
// Reads only; the runner's state changes are in ./items.ts.
// Every address read here is shown (job review, attempts, in-doubt rows, exports): a user name and password
// saved in a legacy connection's address (connections/baseUrl.ts) are masked.
import { maskUrlUserinfo } from '../../src-shared/util/redact';
import { composedKey } from '../../src-shared/connectors/rowKeys';
import type {
  AttemptDto,
  InDoubtRowDto,
  ItemStatus,
  JobItemDto,
  Page,
  SkipReason,
} from '../../src-shared/contract/api';
import { inDoubtAnswer } from '../../src-shared/runner/inDoubtAnswer';
import type { BlockReader } from './datasetBlocks';
import { datasetReader, datasetRow } from './datasets';
import type { Db } from './openDb';
import { prep } from './writeOps';

/** An address as shown: a user name and password saved in a legacy connection's address masked. */
const shownUrl = (url: string | null): string | null => (url === null ? null : maskUrlUserinfo(url));

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
  note: string | null;
  captured_json: string | null;
  duration_ms: number | null;
  updated_at: number;
  skip_reason: SkipReason | null;
  row_key: string | null;
  step: number;
  fan_value: string | null;
}

const parseCaptured = (json: string | null): Record<string, string> | null =>
  json ? (JSON.parse(json) as Record<string, string>) : null;

/** A text search counts its matches up to this many (then `capped`): the count never scans more than that. */
export const ITEMS_QUERY_CAP = 10_000;

export interface ItemFilter {
  status?: ItemStatus | undefined;
  /** Row number, or text in the row's key, cells, error or note (case-insensitive for ASCII). */
  query?: string | undefined;
}

/** `%text%` for LIKE … ESCAPE '\', with the text's own % and _ taken literally. */
const likeArg = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Row numbers whose cells contain `text`, case-insensitively (as LIKE compares), in one pass over the file. */
function rowsWhoseCellsHold(reader: BlockReader, text: string): number[] {
  const needle = text.toLowerCase();
  const found: number[] = [];
  for (let after = 0; ;) {
    const page = reader.after(after, 5000);
    if (page.length === 0) return found;
    for (const r of page) if (r.cells.some((c) => c.toLowerCase().includes(needle))) found.push(r.rowNumber);
    after = page[page.length - 1]!.rowNumber;
  }
}

/**
 * A page of a job's rows in row order, filtered by status and text. `keyCells` turns a row's cells into
 * its key cells (the handler knows the job's columns). The rows' dataset cells are read with them for the
 * key cells, and once over the whole file for a text search.
 */
export function listItems(
  db: Db,
  jobId: string,
  filter: ItemFilter,
  offset: number,
  limit: number,
  keyCells: (cells: string[]) => Record<string, string> = () => ({}),
): Page<JobItemDto> & { capped?: boolean } {
  const conds = ['i.job_id = @jobId'];
  const args: Record<string, unknown> = { jobId, limit, offset, cap: ITEMS_QUERY_CAP + 1 };
  if (filter.status) {
    conds.push('i.status = @status');
    args.status = filter.status;
  }
  const q = filter.query?.trim() ?? '';
  const datasetId = prep(db, 'SELECT dataset_id FROM jobs WHERE id = ?').pluck().get(jobId) as
    string | undefined;
  const reader = datasetId ? datasetReader(db, datasetId) : undefined;
  if (q) {
    const text = [
      // Keys are stored composed (rowKeys.ts composedKey): a name typed on a Mac finds them too.
      `i.row_key LIKE @likeKey ESCAPE '\\'`,
      `i.error LIKE @like ESCAPE '\\'`,
      `i.note LIKE @like ESCAPE '\\'`,
    ];
    if (/^\d{1,9}$/.test(q)) {
      text.unshift('i.row_number = @rowNumber');
      args.rowNumber = Number(q);
    }
    // Cells live in compressed blocks (datasetBlocks.ts), not one SQL row each: the rows whose cells hold
    // the text are found by one pass over the file here, then joined as a list.
    const inCells = reader ? rowsWhoseCellsHold(reader, q) : [];
    if (inCells.length) {
      text.push('i.row_number IN (SELECT value FROM json_each(@inCells))');
      args.inCells = JSON.stringify(inCells);
    }
    conds.push(`(${text.join(' OR ')})`);
    args.like = likeArg(q);
    args.likeKey = likeArg(composedKey(q));
  }
  const from = `FROM job_items i WHERE ${conds.join(' AND ')}`;
  // Without a text query the count is an index count; with one it stops at the cap.
  const total = q
    ? (prep(db, `SELECT COUNT(*) FROM (SELECT 1 ${from} LIMIT @cap)`).pluck().get(args) as number)
    : (prep(db, `SELECT COUNT(*) ${from}`).pluck().get(args) as number);
  // The response body is kept once, with the attempt: the row shows its last send's (older versions also
  // kept a copy in job_items.response_body, read first).
  const rows = prep(
    db,
    `SELECT i.*, COALESCE(i.response_body, (SELECT a.response_body FROM attempts a
                                              WHERE a.item_id = i.id AND a.kind = 'send'
                                              ORDER BY a.attempt DESC LIMIT 1)) AS response_body
       ${from} ORDER BY i.row_number, i.step, i.fan_index LIMIT @limit OFFSET @offset`,
  ).all(args) as ItemRow[];
  return {
    total: Math.min(total, q ? ITEMS_QUERY_CAP : total),
    ...(q && total > ITEMS_QUERY_CAP ? { capped: true } : {}),
    items: rows.map((r) => ({
      id: r.id,
      rowNumber: r.row_number,
      status: r.status,
      attempts: r.attempts,
      method: r.method,
      url: maskUrlUserinfo(r.url),
      responseStatus: r.response_status,
      responseBody: r.response_body,
      error: r.error,
      note: r.note,
      captured: parseCaptured(r.captured_json),
      durationMs: r.duration_ms,
      updatedAt: r.updated_at,
      skipReason: r.status === 'skipped' ? r.skip_reason : null,
      key: r.row_key,
      keyCells: keyCells(reader?.row(r.row_number) ?? []),
      step: r.step,
      fanValue: r.fan_value,
    })),
  };
}

/** An `attempts` row as SQLite gives it (the columns the screens, the export and the audit read). */
export interface AttemptRow {
  attempt: number;
  kind: AttemptDto['kind'];
  url: string | null;
  started_at: number;
  duration_ms: number | null;
  request_headers_json: string;
  request_body: string | null;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
}

export function attemptDto(a: AttemptRow): AttemptDto {
  return {
    attempt: a.attempt,
    kind: a.kind,
    url: shownUrl(a.url),
    startedAt: a.started_at,
    durationMs: a.duration_ms,
    requestHeaders: JSON.parse(a.request_headers_json) as Record<string, string>,
    requestBody: a.request_body,
    responseStatus: a.response_status,
    responseBody: a.response_body,
    error: a.error,
  };
}

export function listAttempts(db: Db, jobId: string, itemId: number): AttemptDto[] {
  const rows = prep(
    db,
    `SELECT a.* FROM attempts a JOIN job_items i ON i.id = a.item_id WHERE i.job_id = ? AND a.item_id = ? ORDER BY a.attempt`,
  ).all(jobId, itemId) as AttemptRow[];
  return rows.map(attemptDto);
}

export interface ExportRow {
  rowNumber: number;
  /** A recipe item's step and fan-out value (0 and null for a one-template job). */
  step: number;
  fanIndex: number;
  fanValue: string | null;
  cells: string[];
  status: ItemStatus;
  responseStatus: number | null;
  attempts: number;
  error: string | null;
  note: string | null;
  key: string | null;
  skipReason: SkipReason | null;
  captured: Record<string, string> | null;
}

/** Where an export page ends: the last item's row, step and value position (a row may have many items). */
export interface ExportCursor {
  row: number;
  step: number;
  fan: number;
}

/**
 * One page of a job's items with their original cells, after `after` (a row number: every item after that
 * row; or the last page's cursor) — keyset paging: flat memory.
 */
export function exportPage(
  db: Db,
  jobId: string,
  status: ItemStatus | undefined,
  after: number | ExportCursor,
  limit: number,
): ExportRow[] {
  const c = typeof after === 'number' ? { row: after, step: 2 ** 31, fan: 2 ** 31 } : after;
  const rows = prep(
    db,
    `SELECT i.row_number, i.step, i.fan_index, i.fan_value, i.status, i.response_status, i.attempts, i.error, i.note,
            i.row_key, i.skip_reason,
            i.captured_json, j.dataset_id
       FROM job_items i JOIN jobs j ON j.id = i.job_id
       WHERE i.job_id = ? AND (i.row_number, i.step, i.fan_index) > (?, ?, ?) ${status ? 'AND i.status = ?' : ''}
       ORDER BY i.row_number, i.step, i.fan_index LIMIT ?`,
  ).all(
    ...(status ? [jobId, c.row, c.step, c.fan, status, limit] : [jobId, c.row, c.step, c.fan, limit]),
  ) as {
    row_number: number;
    step: number;
    fan_index: number;
    fan_value: string | null;
    status: ItemStatus;
    response_status: number | null;
    attempts: number;
    error: string | null;
    note: string | null;
    row_key: string | null;
    skip_reason: SkipReason | null;
    captured_json: string | null;
    dataset_id: string;
  }[];
  const reader = rows[0] ? datasetReader(db, rows[0].dataset_id) : undefined;
  return rows.map((r) => ({
    rowNumber: r.row_number,
    step: r.step,
    fanIndex: r.fan_index,
    fanValue: r.fan_value,
    cells: reader?.row(r.row_number) ?? [],
    status: r.status,
    responseStatus: r.response_status,
    attempts: r.attempts,
    error: r.error,
    note: r.note,
    key: r.row_key,
    skipReason: r.status === 'skipped' ? r.skip_reason : null,
    captured: parseCaptured(r.captured_json),
  }));
}

/** An in-doubt row as the contract gives it, with its cells instead of the key cells (the handler picks those). */
export interface InDoubtRow extends Omit<InDoubtRowDto, 'keyCells'> {
  cells: string[];
  /** A recipe item's step and value (0 and null for a one-template job). */
  step: number;
  fanValue: string | null;
}

/** A page of the job's in-doubt rows in row order, each with its cells and its last send attempt. */
export function inDoubtPage(db: Db, jobId: string, offset: number, limit: number): Page<InDoubtRow> {
  const total = prep(db, `SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'in_doubt'`)
    .pluck()
    .get(jobId) as number;
  const rows = prep(
    db,
    `SELECT i.id, i.row_number, i.row_key, i.method, i.url AS item_url, i.error AS item_error, i.note,
            i.attempts, j.dataset_id, a.url AS sent_url, a.response_status, a.error AS sent_error, a.started_at,
            i.step, i.fan_value
       FROM job_items i JOIN jobs j ON j.id = i.job_id
       LEFT JOIN attempts a ON a.id = (SELECT id FROM attempts WHERE item_id = i.id AND kind = 'send'
                                         ORDER BY attempt DESC LIMIT 1)
       WHERE i.job_id = ? AND i.status = 'in_doubt' ORDER BY i.row_number, i.step, i.fan_index LIMIT ? OFFSET ?`,
  ).all(jobId, limit, offset) as {
    id: number;
    row_number: number;
    row_key: string | null;
    method: string;
    item_url: string;
    item_error: string | null;
    note: string | null;
    attempts: number;
    dataset_id: string;
    sent_url: string | null;
    response_status: number | null;
    sent_error: string | null;
    started_at: number | null;
    step: number;
    fan_value: string | null;
  }[];
  return {
    total,
    items: rows.map((r) => ({
      step: r.step,
      fanValue: r.fan_value,
      itemId: r.id,
      rowNumber: r.row_number,
      rowKey: r.row_key,
      method: r.method,
      url: shownUrl(r.sent_url ?? (r.item_url || null)),
      status: r.response_status,
      error: r.sent_error ?? r.item_error,
      sentAt: r.started_at,
      attempts: r.attempts,
      note: r.note,
      answer: inDoubtAnswer({ status: r.response_status, sendError: r.sent_error }),
      cells: datasetRow(db, r.dataset_id, r.row_number) ?? [],
    })),
  };
}
