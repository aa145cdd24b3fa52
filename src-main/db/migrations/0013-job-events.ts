// Issue 16, "the desk, legible" (runs that explain themselves, durations that stop when idle):
//  - job_events: what a job said about itself — the LMS asking to slow down, the pace lowered, rows
//    failing, pauses — as src-shared/runner/jobEvents.ts words it, so History and `jobs show` can read a
//    job's story after the fact. The runner keeps the last 200 per job (older ones are deleted); repeats
//    fold into one row (`count`, `last_at`).
//  - jobs.run_ms / jobs.running_since: time spent running. A paused or interrupted job's duration no
//    longer grows while it sits idle. Existing jobs get their duration as well as it can be known: a
//    finished one from its start to its end, a stopped one to its rows' last change.
export const up = `
CREATE TABLE job_events (
  job_id          TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  at              INTEGER NOT NULL,
  last_at         INTEGER NOT NULL,
  count           INTEGER NOT NULL DEFAULT 1,
  rows_json       TEXT NOT NULL DEFAULT '[]',
  status          INTEGER,
  retry_after_ms  INTEGER,
  rate_per_second REAL,
  detail          TEXT,
  retry_in_ms     INTEGER,
  message         TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;

ALTER TABLE jobs ADD COLUMN run_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN running_since INTEGER;
UPDATE jobs SET run_ms = MAX(0, finished_at - started_at)
  WHERE started_at IS NOT NULL AND finished_at IS NOT NULL;
UPDATE jobs SET run_ms = MAX(0, COALESCE((SELECT MAX(updated_at) FROM job_items i WHERE i.job_id = jobs.id), started_at) - started_at)
  WHERE started_at IS NOT NULL AND finished_at IS NULL AND state <> 'running';
UPDATE jobs SET running_since = started_at WHERE state = 'running' AND started_at IS NOT NULL;
`;
