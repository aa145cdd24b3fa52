// The first schema. Secrets have no column anywhere: they live in the OS keychain only.
export const up = `
CREATE TABLE connections (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  api           TEXT NOT NULL CHECK (api IN ('coursepath', 'coassemble')),
  base_url      TEXT NOT NULL,
  identity_json TEXT NOT NULL,          -- email / workspace id / user id: who, never the key
  is_sandbox    INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE datasets (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  columns_json TEXT NOT NULL,
  row_count    INTEGER NOT NULL DEFAULT 0,
  delimiter    TEXT NOT NULL,
  encoding     TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'importing' CHECK (state IN ('importing', 'ready')),
  imported_at  INTEGER NOT NULL
);

-- One row per spreadsheet row; cells as a JSON array of strings, in column order.
CREATE TABLE dataset_rows (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  row_number INTEGER NOT NULL,
  cells_json TEXT NOT NULL,
  PRIMARY KEY (dataset_id, row_number)
) WITHOUT ROWID;

-- A job is a snapshot: template, connection, dataset and mapping as they were when it was created.
CREATE TABLE jobs (
  id              TEXT PRIMARY KEY,
  template_id     TEXT NOT NULL,
  template_name   TEXT NOT NULL,
  connection_id   TEXT NOT NULL,
  connection_name TEXT NOT NULL,
  dataset_id      TEXT NOT NULL REFERENCES datasets(id),
  file_name       TEXT NOT NULL,
  mapping_json    TEXT NOT NULL,
  options_json    TEXT NOT NULL,
  state           TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  started_at      INTEGER,
  finished_at     INTEGER
);

CREATE TABLE job_items (
  id              INTEGER PRIMARY KEY,
  job_id          TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  row_number      INTEGER NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  method          TEXT NOT NULL DEFAULT '',
  url             TEXT NOT NULL DEFAULT '',
  response_status INTEGER,
  response_body   TEXT,
  error           TEXT,
  captured_json   TEXT,
  duration_ms     INTEGER,
  next_attempt_at INTEGER,
  updated_at      INTEGER NOT NULL,
  UNIQUE (job_id, row_number)
);
CREATE INDEX job_items_by_status ON job_items (job_id, status, id);

-- Every attempt of every item, with the request as sent (Authorization redacted) and what came back.
CREATE TABLE attempts (
  id                   INTEGER PRIMARY KEY,
  item_id              INTEGER NOT NULL REFERENCES job_items(id) ON DELETE CASCADE,
  attempt              INTEGER NOT NULL,
  started_at           INTEGER NOT NULL,
  duration_ms          INTEGER,
  request_headers_json TEXT NOT NULL,
  request_body         TEXT,
  response_status      INTEGER,
  response_body        TEXT,
  error                TEXT
);
CREATE INDEX attempts_by_item ON attempts (item_id, attempt);

-- Test sends from the preview screen, kept as history of their own.
CREATE TABLE test_calls (
  id                   INTEGER PRIMARY KEY,
  connection_id        TEXT NOT NULL,
  template_id          TEXT NOT NULL,
  dataset_id           TEXT NOT NULL,
  row_number           INTEGER NOT NULL,
  method               TEXT NOT NULL,
  url                  TEXT NOT NULL,
  request_headers_json TEXT NOT NULL,
  request_body         TEXT,
  response_status      INTEGER,
  response_body        TEXT,
  error                TEXT,
  duration_ms          INTEGER NOT NULL,
  sent_at              INTEGER NOT NULL
);
`;
