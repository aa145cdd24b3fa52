// Issue 13 after an upgrade: items sent before migration 0005 have no row key, so a file sent then never
// counted as already sent. Their keys need the app's own request building (the dataset row, the job's
// mapping and template), which SQL cannot do and a migration must not freeze: this step only records the
// backfill as pending, and src-main/safety/legacyRowKeys.ts does it once, at the next open, with the
// code that keys new jobs.
//  - backfills: one row per such one-time step; done_at is set when it has finished.
//  - job_items_succeeded_unkeyed: the succeeded items still without a key — the backfill's work list,
//    and afterwards the few it could not key, counted by the preflight ("could not be checked").
export const up = `
CREATE TABLE backfills (
  name    TEXT PRIMARY KEY,
  done_at INTEGER
) WITHOUT ROWID;
INSERT INTO backfills (name) VALUES ('legacy-row-keys');
CREATE INDEX job_items_succeeded_unkeyed ON job_items (job_id, row_number) WHERE status = 'succeeded' AND row_key IS NULL;
`;
