// The LMS's own data, synced for offline reports and mapping lookups (issue 8).
//  - sync_runs: one per "Sync now" of one connection; a run that stops (network down, app closed) is
//    resumed, not restarted: sync_cursors keeps, per entity and parent (e.g. the trackings of one
//    course), the next page to fetch.
//  - synced_*: the current state, one row per (connection_id, the LMS's own id), upserted, so a second
//    sync updates rather than duplicates. Each row says which run last saw it and when (synced_at).
//  - enrolment_snapshots: every tracking / course result as each run saw it, so progress can be compared
//    between two dates. Times are epoch ms; progress and score 0–100.
export const up = `
CREATE TABLE sync_runs (
  id            INTEGER PRIMARY KEY,
  connection_id TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('running', 'completed', 'failed', 'interrupted')),
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  requests      INTEGER NOT NULL DEFAULT 0,
  retries       INTEGER NOT NULL DEFAULT 0,
  error         TEXT
);
CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, id);

CREATE TABLE sync_cursors (
  run_id     INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  entity     TEXT NOT NULL,
  scope      TEXT NOT NULL DEFAULT '',
  next_page  INTEGER NOT NULL DEFAULT 0,   -- Coassemble page index, Coursepath offset
  fetched    INTEGER NOT NULL DEFAULT 0,
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'unavailable')),
  note       TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, entity, scope)
) WITHOUT ROWID;

CREATE TABLE synced_courses (
  connection_id     TEXT NOT NULL,
  course_id         TEXT NOT NULL,
  title             TEXT NOT NULL,
  description       TEXT,
  status            TEXT,
  client_identifier TEXT,
  created_at        INTEGER,
  updated_at        INTEGER,
  published_at      INTEGER,
  screens_count     INTEGER,
  run_id            INTEGER NOT NULL,
  synced_at         INTEGER NOT NULL,
  PRIMARY KEY (connection_id, course_id)
) WITHOUT ROWID;

CREATE TABLE synced_course_screens (
  connection_id TEXT NOT NULL,
  course_id     TEXT NOT NULL,
  screen_id     TEXT NOT NULL,
  sequence      INTEGER,
  type_id       TEXT,
  type_name     TEXT NOT NULL,
  type_title    TEXT NOT NULL,
  run_id        INTEGER NOT NULL,
  synced_at     INTEGER NOT NULL,
  PRIMARY KEY (connection_id, course_id, screen_id)
) WITHOUT ROWID;

CREATE TABLE synced_screen_types (
  connection_id TEXT NOT NULL,
  type_id       TEXT NOT NULL,
  name          TEXT NOT NULL,
  title         TEXT,
  description   TEXT,
  run_id        INTEGER NOT NULL,
  synced_at     INTEGER NOT NULL,
  PRIMARY KEY (connection_id, type_id)
) WITHOUT ROWID;

CREATE TABLE synced_clients (
  connection_id     TEXT NOT NULL,
  client_identifier TEXT NOT NULL,
  company           TEXT,          -- metadata.company when the client has one
  metadata_json     TEXT,          -- the client's free-form metadata, as the API sent it
  user_count        INTEGER,
  created_at        INTEGER,
  updated_at        INTEGER,
  run_id            INTEGER NOT NULL,
  synced_at         INTEGER NOT NULL,
  PRIMARY KEY (connection_id, client_identifier)
) WITHOUT ROWID;

-- Coassemble users and Coursepath members.
CREATE TABLE synced_learners (
  connection_id     TEXT NOT NULL,
  learner_id        TEXT NOT NULL,
  email             TEXT,
  name              TEXT,
  company           TEXT,
  department        TEXT,
  client_identifier TEXT,
  country           TEXT,
  external_id       TEXT,
  role              TEXT,
  metadata_json     TEXT,
  created_at        INTEGER,
  updated_at        INTEGER,
  run_id            INTEGER NOT NULL,
  synced_at         INTEGER NOT NULL,
  PRIMARY KEY (connection_id, learner_id)
) WITHOUT ROWID;
CREATE INDEX synced_learners_by_email ON synced_learners (connection_id, email COLLATE NOCASE);

CREATE TABLE synced_groups (
  connection_id TEXT NOT NULL,
  group_id      TEXT NOT NULL,
  name          TEXT NOT NULL,
  member_count  INTEGER,
  created_at    INTEGER,
  run_id        INTEGER NOT NULL,
  synced_at     INTEGER NOT NULL,
  PRIMARY KEY (connection_id, group_id)
) WITHOUT ROWID;

CREATE TABLE synced_group_members (
  connection_id TEXT NOT NULL,
  group_id      TEXT NOT NULL,
  learner_id    TEXT NOT NULL,
  run_id        INTEGER NOT NULL,
  synced_at     INTEGER NOT NULL,
  PRIMARY KEY (connection_id, group_id, learner_id)
) WITHOUT ROWID;

-- Coassemble trackings (record_id = tracking id) and Coursepath course members with their result
-- (record_id = courseId:memberId).
CREATE TABLE synced_enrolments (
  connection_id TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  course_id     TEXT NOT NULL,
  learner_id    TEXT NOT NULL,
  status        TEXT,
  progress      REAL,
  score         REAL,
  passed        INTEGER,
  enrolled_at   INTEGER,
  started_at    INTEGER,
  completed_at  INTEGER,
  total_time_s  INTEGER,
  certificate   TEXT,
  run_id        INTEGER NOT NULL,
  synced_at     INTEGER NOT NULL,
  PRIMARY KEY (connection_id, record_id)
) WITHOUT ROWID;
CREATE INDEX synced_enrolments_by_course ON synced_enrolments (connection_id, course_id);

CREATE TABLE enrolment_snapshots (
  run_id        INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  record_id     TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  course_id     TEXT NOT NULL,
  learner_id    TEXT NOT NULL,
  progress      REAL,
  score         REAL,
  started_at    INTEGER,
  completed_at  INTEGER,
  taken_at      INTEGER NOT NULL,
  PRIMARY KEY (run_id, record_id)
) WITHOUT ROWID;
`;
