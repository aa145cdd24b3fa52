// The job events tests' fixture: a job row 'j' (on a one-column dataset 'd') for events to belong to, and
// the runner's event log over a database with a clock the test moves.
import type { Db } from '../../src-main/db/openDb';
import { JobEventLog } from '../../src-main/runner/jobEventLog';
import { createEventBus } from '../../src-main/services/eventHub';

/** Inserts dataset 'd' and job 'j' (started at 1000) in `state`. */
export function insertEventJob(db: Db, state: string): void {
  db.exec(`
    INSERT INTO datasets (id, name, file_name, columns_json, row_count, delimiter, encoding, state, imported_at)
      VALUES ('d', 'd', 'd.csv', '["email"]', 1, ',', 'utf-8', 'ready', 1);
    INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
        mapping_json, options_json, state, created_at, started_at)
      VALUES ('j', 't', 'T', 'c', 'C', 'd', 'd.csv', '{"fields":{}}', '{}', '${state}', 0, 1000);
  `);
}

/** A new event log over `db` (as a new process makes one), its clock read from `now()`. */
export const eventLogOver = (db: Db, now: () => number): JobEventLog =>
  new JobEventLog(db, createEventBus(), now, () => {});
