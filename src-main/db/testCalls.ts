// Test sends from the preview screen, kept like job attempts (Authorization redacted).
import { maskUrlUserinfo } from '../../src-shared/util/redact';
import { targetJson, type ConnectionTarget } from '../../src-shared/connections/connectionTarget';
import type { Page, TestCallDto } from '../../src-shared/contract/api';
import type { Db } from './openDb';
import { clip } from './items';

/** A test call as it is stored: the contract's TestCallDto before SQLite gives it an id. */
export type TestCallRecord = Omit<TestCallDto, 'id'>;

/**
 * `rowKey`: what the row acts on; a successful test send counts as sent where it went, `target` (the
 * connection's address and account, never its secret; src-main/db/sentKeys.ts).
 */
export function insertTestCall(
  db: Db,
  t: TestCallRecord,
  rowKey: string | null,
  target: ConnectionTarget,
): void {
  db.prepare(
    `INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
       request_body, response_status, response_body, error, duration_ms, sent_at, row_key, target_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    t.connectionId,
    t.templateId,
    t.datasetId,
    t.rowNumber,
    t.method,
    t.url,
    JSON.stringify(t.requestHeaders),
    clip(t.requestBody),
    t.responseStatus,
    clip(t.responseBody),
    t.error,
    t.durationMs,
    t.sentAt,
    rowKey,
    targetJson(target),
  );
}

interface TestCallDbRow {
  id: number;
  connection_id: string;
  template_id: string;
  dataset_id: string;
  row_number: number;
  method: string;
  url: string;
  request_headers_json: string;
  request_body: string | null;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
  sent_at: number;
}

const toDto = (r: TestCallDbRow): TestCallDto => ({
  id: r.id,
  connectionId: r.connection_id,
  templateId: r.template_id,
  datasetId: r.dataset_id,
  rowNumber: r.row_number,
  method: r.method,
  // Shown (test-call history): a password saved in a legacy connection's address is masked.
  url: maskUrlUserinfo(r.url),
  requestHeaders: JSON.parse(r.request_headers_json) as Record<string, string>,
  requestBody: r.request_body,
  responseStatus: r.response_status,
  responseBody: r.response_body,
  error: r.error,
  durationMs: r.duration_ms,
  sentAt: r.sent_at,
});

/** Test calls, newest first, optionally of one dataset and/or one connection. */
export function listTestCalls(
  db: Db,
  f: { datasetId?: string; connectionId?: string; offset: number; limit: number },
): Page<TestCallDto> {
  const where = ['(? IS NULL OR dataset_id = ?)', '(? IS NULL OR connection_id = ?)'].join(' AND ');
  const args = [f.datasetId ?? null, f.datasetId ?? null, f.connectionId ?? null, f.connectionId ?? null];
  const total = (
    db.prepare(`SELECT count(*) AS n FROM test_calls WHERE ${where}`).get(...args) as { n: number }
  ).n;
  const rows = db
    .prepare(`SELECT * FROM test_calls WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...args, f.limit, f.offset) as TestCallDbRow[];
  return { total, items: rows.map(toDto) };
}
