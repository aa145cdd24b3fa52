// The safety round's schema step (issues 13, 14, 17, 20).
//  - jobs.stop_reason_json: why the app itself (not the admin) paused or interrupted a job — a circuit
//    breaker, the canary, a read-back mismatch, a storage fault — as {kind, message, at}; cleared when the
//    job runs again. The admin's own pause leaves it NULL.
//  - job_items.row_key: what the row acts on, as the LMS compares it (a member's email lower-cased, a
//    course id + member id…), so a file's duplicates and rows already sent by an earlier job can be found;
//    job_items.skip_reason: why a row was not sent ('duplicate', 'alreadySent', 'invalid', or 'dryRun'
//    for a dry run's "would send").
//  - test_calls.row_key: a test send counts as sent.
//  - attempts.kind gains 'readback' (the write read back from the LMS to check it took) and 'prior' (the
//    target's state read just before a write, for undo). SQLite cannot change a CHECK in place, so the
//    table is rebuilt with the same rows and ids.
export const up = `
ALTER TABLE jobs ADD COLUMN stop_reason_json TEXT;
ALTER TABLE job_items ADD COLUMN row_key TEXT;
ALTER TABLE job_items ADD COLUMN skip_reason TEXT;
ALTER TABLE test_calls ADD COLUMN row_key TEXT;
CREATE INDEX job_items_succeeded_by_key ON job_items (row_key) WHERE status = 'succeeded' AND row_key IS NOT NULL;
CREATE INDEX test_calls_by_key ON test_calls (connection_id, template_id, row_key) WHERE row_key IS NOT NULL;

CREATE TABLE attempts_rebuilt (
  id                   INTEGER PRIMARY KEY,
  item_id              INTEGER NOT NULL REFERENCES job_items(id) ON DELETE CASCADE,
  attempt              INTEGER NOT NULL,
  started_at           INTEGER NOT NULL,
  duration_ms          INTEGER,
  request_headers_json TEXT NOT NULL,
  request_body         TEXT,
  response_status      INTEGER,
  response_body        TEXT,
  error                TEXT,
  kind                 TEXT NOT NULL DEFAULT 'send' CHECK (kind IN ('send', 'lookup', 'dry_run', 'readback', 'prior')),
  url                  TEXT
);
INSERT INTO attempts_rebuilt (id, item_id, attempt, started_at, duration_ms, request_headers_json, request_body,
                              response_status, response_body, error, kind, url)
  SELECT id, item_id, attempt, started_at, duration_ms, request_headers_json, request_body,
         response_status, response_body, error, kind, url FROM attempts;
DROP TABLE attempts;
ALTER TABLE attempts_rebuilt RENAME TO attempts;
CREATE INDEX attempts_by_item ON attempts (item_id, attempt);
`;
