// Plans (issue 17, part 1): what a file would do to the academy, row by row, stored with its dataset.
//  - plans: one per "Plan" of a dataset + connection + template + mapping; where the LMS's state came from
//    (`live`, or the synced catalog with `synced_at`, its age), its state while it reads, its counts and the
//    API calls its reads made, and the job made from it (`job_id`), so a plan is run once.
//  - plan_rows: each row's class, the fields that differ (diff_json: [{field, old, new}]), why (note),
//    the call running it sends (`POST /api/v1/members/1042`), the values it resolved (resolved_json: the
//    member id a create-or-update updates) and the fingerprint of its request as planned, so a row edited
//    since is not sent on an old verdict.
//  - plan_reads and plan_lists: what the plan has read so far (a record, or NULL: read and not in the LMS)
//    and where each list it pages through stands. Written as the reads come back, so a plan killed while
//    it reads resumes where it stopped and sends nothing: a plan only reads.
export const up = `
CREATE TABLE plans (
  id              TEXT PRIMARY KEY,
  dataset_id      TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  file_name       TEXT NOT NULL,
  connection_id   TEXT NOT NULL,
  connection_name TEXT NOT NULL,
  template_id     TEXT NOT NULL,
  template_name   TEXT NOT NULL,
  run_template_id TEXT NOT NULL,
  mapping_json    TEXT NOT NULL,
  options_json    TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('live', 'sync')),
  synced_at       INTEGER,
  state           TEXT NOT NULL CHECK (state IN ('reading', 'ready', 'interrupted', 'failed')),
  error           TEXT,
  counts_json     TEXT,
  row_count       INTEGER NOT NULL DEFAULT 0,
  calls           INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  job_id          TEXT
);
CREATE INDEX plans_by_dataset ON plans (dataset_id, created_at);

CREATE TABLE plan_rows (
  plan_id       TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  row_number    INTEGER NOT NULL,
  class         TEXT NOT NULL
                CHECK (class IN ('create', 'update', 'unchanged', 'conflict', 'missing', 'invalid', 'duplicate')),
  row_key       TEXT,
  diff_json     TEXT,
  note          TEXT,
  call          TEXT,
  resolved_json TEXT,
  fingerprint   TEXT,
  PRIMARY KEY (plan_id, row_number)
) WITHOUT ROWID;
CREATE INDEX plan_rows_by_class ON plan_rows (plan_id, class, row_number);

CREATE TABLE plan_reads (
  plan_id     TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  reader      TEXT NOT NULL,
  key         TEXT NOT NULL,
  record_json TEXT,
  PRIMARY KEY (plan_id, reader, key)
) WITHOUT ROWID;

CREATE TABLE plan_lists (
  plan_id   TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  source    TEXT NOT NULL,
  scope     TEXT NOT NULL DEFAULT '',
  next_page INTEGER NOT NULL DEFAULT 0,   -- Coursepath offset, Coassemble page index
  pages     INTEGER NOT NULL DEFAULT 0,
  honoured  INTEGER NOT NULL DEFAULT 0,   -- a page came back as long as asked: the server keeps our page size
  done      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (plan_id, source, scope)
) WITHOUT ROWID;
`;
