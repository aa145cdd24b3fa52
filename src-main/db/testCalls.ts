// Test sends from the preview screen, kept like job attempts (Authorization redacted).
import type { Db } from './openDb';
import { clip } from './items';

export interface TestCallRecord {
  connectionId: string;
  templateId: string;
  datasetId: string;
  rowNumber: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  sentAt: number;
}

export function insertTestCall(db: Db, t: TestCallRecord): void {
  db.prepare(
    `INSERT INTO test_calls (connection_id, template_id, dataset_id, row_number, method, url, request_headers_json,
       request_body, response_status, response_body, error, duration_ms, sent_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
  );
}
