// "Was this already sent?": the latest success of a row key on one LMS and template, in any job or test
// send (a recipe job's items count under their own step's template), unless an undo job has since undone
// that row. One LMS: the connection, and any other that points at the same address and account now (a
// second connection saved to the same LMS under another name must not send a file again). Keys are stored with each job item and test call (migration 0005), and successes are
// found through a partial index of succeeded items by key, so one lookup costs the same in a store of ten
// jobs or ten thousand.
import { sameTarget } from '../../src-shared/connections/connectionTarget';
import type { PriorSend } from '../../src-shared/safety/rowVerdicts';
import { getConnection, listConnections } from './connections';
import type { Db } from './openDb';

/** The connection and every other that now points at the same address and account (few: a handful). */
export function sameLmsConnections(db: Db, connectionId: string): string[] {
  const c = getConnection(db, connectionId);
  if (!c) return [connectionId];
  const others = listConnections(db).filter(
    (o) => o.id !== c.id && sameTarget({ baseUrl: o.baseUrl, identity: o.identity }, c),
  );
  return [c.id, ...others.map((o) => o.id)];
}

/** `?, ?, ?` for an IN list of n. */
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * A lookup for one connection and template. `excludeJobId`: the job being created or resumed (its own
 * rows are not "already sent" by an earlier job).
 */
export function priorSends(
  db: Db,
  connectionId: string,
  templateId: string,
  excludeJobId: string | null = null,
): (key: string) => PriorSend | null {
  const ids = sameLmsConnections(db, connectionId);
  const inJobs = db.prepare(
    `SELECT j.id AS jobId, j.file_name AS fileName, i.updated_at AS at
       FROM job_items i JOIN jobs j ON j.id = i.job_id
      WHERE i.row_key = ? AND i.status = 'succeeded'
        AND j.connection_id IN (${marks(ids.length)}) AND COALESCE(i.template_id, j.template_id) = ? AND j.id IS NOT ?
        -- A row undone since (an undo job of its job succeeded on the same row) no longer counts as sent.
        AND NOT EXISTS (SELECT 1 FROM jobs u JOIN job_items ui ON ui.job_id = u.id
                         WHERE u.undo_of = j.id AND ui.row_number = i.row_number AND ui.status = 'succeeded')
      ORDER BY i.updated_at DESC LIMIT 1`,
  );
  const inTests = db
    .prepare(
      `SELECT MAX(sent_at) FROM test_calls
        WHERE connection_id IN (${marks(ids.length)}) AND template_id = ? AND row_key = ?
          AND response_status BETWEEN 200 AND 299`,
    )
    .pluck();
  return (key) => {
    const job = inJobs.get(key, ...ids, templateId, excludeJobId) as PriorSend | undefined;
    const testAt = inTests.get(...ids, templateId, key) as number | null;
    if (testAt !== null && (!job || testAt > job.at)) return { jobId: null, fileName: null, at: testAt };
    return job ?? null;
  };
}

/**
 * Whether anything may have succeeded on this LMS (sameLmsConnections) and template since `since` outside `jobId`: a
 * job that ran (or is running) since then, or a successful test send. Cheap (jobs and test calls are
 * few), so a job's start can skip the per-row check when nothing happened in between.
 */
export function sentSince(db: Db, connectionId: string, templateId: string, jobId: string, since: number): boolean {
  const ids = sameLmsConnections(db, connectionId);
  const job = db
    .prepare(
      `SELECT 1 FROM jobs WHERE connection_id IN (${marks(ids.length)}) AND (template_id = ? OR recipe_json IS NOT NULL) AND id != ? AND started_at IS NOT NULL
         AND (finished_at IS NULL OR finished_at >= ?) LIMIT 1`,
    )
    .get(...ids, templateId, jobId, since);
  if (job) return true;
  return (
    db
      .prepare(
        `SELECT 1 FROM test_calls WHERE connection_id IN (${marks(ids.length)}) AND template_id = ? AND sent_at >= ?
           AND response_status BETWEEN 200 AND 299 LIMIT 1`,
      )
      .get(...ids, templateId, since) !== undefined
  );
}
