// What was sent to a connection since a moment: the rows of each job that wrote to it (a request other
// than a read, really sent — not a dry run's recorded request nor a lookup). A plan read before then is
// out of date (PlanDto.sentSince): its verdicts describe the LMS as it was.
import type { SentSinceJob } from '../../src-shared/contract/api';
import type { Db } from './openDb';

/**
 * The jobs on `connectionId` that sent a write at or after `since`, oldest first, with how many of their
 * rows did. Only jobs that ran after `since` are looked at: a job finished before is not scanned. The
 * sends since then are found by their index (attempts_sends_by_time, migration 0035), not by reading
 * every attempt of those jobs.
 */
export function sentSince(db: Db, connectionId: string, since: number): SentSinceJob[] {
  return db
    .prepare(
      `SELECT j.id AS id, j.template_name AS templateName, j.file_name AS fileName,
              COUNT(DISTINCT i.row_number) AS rows, MIN(a.started_at) AS firstAt
         FROM jobs j
         JOIN job_items i ON i.job_id = j.id
         JOIN attempts a ON a.item_id = i.id
        WHERE j.connection_id = ?
          AND j.started_at IS NOT NULL AND (j.finished_at IS NULL OR j.finished_at >= ?)
          AND i.method <> 'GET' AND a.kind = 'send' AND a.started_at >= ?
        GROUP BY j.id
        ORDER BY firstAt, j.id`,
    )
    .all(connectionId, since, since)
    .map((r) => {
      const { id, templateName, fileName, rows } = r as SentSinceJob;
      return { id, templateName, fileName, rows };
    });
}
