// sentSince (what was sent to a connection since a plan was read; plan fetch and `plans list` ask it each
// time) found the sends by reading every attempt of every job — no index led to a send by its time — so a
// plan's fetch grew with all the folder had ever sent. An index of the sends by time (migration 0035)
// makes it a lookup of the sends since then; what it answers is unchanged. Real parts: a SQLite file.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/db/openDb';
import { sentSince } from '../../../src-main/db/sentSince';
import { useTempDb } from '../../helpers/tempDb';

/** The query sentSince prepares, as SQLite plans it for these values: a line per table it reads. */
function planOf(db: Db, ...args: unknown[]): string[] {
  const prepare = db.prepare.bind(db);
  let sql = '';
  const spy = Object.assign(Object.create(db) as Db, {
    prepare: (s: string) => ((sql = s), prepare(s)),
  });
  sentSince(spy, args[0] as string, args[1] as number);
  return (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(args[0], args[1], args[1]) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

describe('sentSince', () => {
  const temp = useTempDb();

  it('finds the sends since a moment by an index, not by reading every attempt, and answers as before', () => {
    const db = temp.open(Infinity);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, row_count, delimiter, encoding, state, imported_at)
        VALUES ('d', 'd', 'd.csv', '["email"]', 9, ',', 'utf-8', 'ready', 1);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
          mapping_json, options_json, state, created_at, started_at, finished_at) VALUES
        ('before', 't', 'Finished before', 'c', 'C', 'd', 'a.csv', '{}', '{}', 'completed', 0, 100, 500),
        ('long', 't', 'Still running', 'c', 'C', 'd', 'b.csv', '{}', '{}', 'paused', 0, 900, NULL),
        ('later', 't', 'Ran later', 'c', 'C', 'd', 'c.csv', '{}', '{}', 'completed', 0, 2000, 3000),
        ('elsewhere', 't', 'Other connection', 'o', 'O', 'd', 'd.csv', '{}', '{}', 'completed', 0, 1000, 2000),
        ('never', 't', 'Never started', 'c', 'C', 'd', 'e.csv', '{}', '{}', 'ready', 0, NULL, NULL);
      INSERT INTO job_items (id, job_id, row_number, status, method, updated_at) VALUES
        (1, 'before', 2, 'succeeded', 'POST', 0),
        (2, 'long', 2, 'succeeded', 'POST', 0),
        (3, 'long', 3, 'succeeded', 'POST', 0),
        (4, 'long', 4, 'succeeded', 'POST', 0),
        (5, 'long', 5, 'succeeded', 'GET', 0),
        (6, 'long', 6, 'succeeded', 'PUT', 0),
        (7, 'later', 2, 'succeeded', 'DELETE', 0),
        (8, 'elsewhere', 2, 'succeeded', 'POST', 0);
      INSERT INTO attempts (item_id, attempt, started_at, request_headers_json, url, kind) VALUES
        (1, 1, 400, '{}', 'u', 'send'),
        (2, 1, 950, '{}', 'u', 'send'),   -- before the moment: not counted
        (3, 1, 1100, '{}', 'u', 'send'),
        (3, 2, 1200, '{}', 'u', 'send'),  -- one row, sent twice: one row
        (4, 1, 1300, '{}', 'u', 'dry_run'),
        (5, 1, 1400, '{}', 'u', 'send'),   -- a read
        (6, 1, 1500, '{}', 'u', 'lookup'),
        (6, 2, 1600, '{}', 'u', 'send'),
        (7, 1, 2500, '{}', 'u', 'send'),
        (8, 1, 1500, '{}', 'u', 'send');
    `);

    expect(sentSince(db, 'c', 1000)).toEqual([
      { id: 'long', templateName: 'Still running', fileName: 'b.csv', rows: 2 },
      { id: 'later', templateName: 'Ran later', fileName: 'c.csv', rows: 1 },
    ]);
    expect(sentSince(db, 'c', 2600)).toEqual([]);
    expect(sentSince(db, 'c', 0).map((j) => j.id)).toEqual(['before', 'long', 'later']);

    // Each table is reached by a lookup: the sends since the moment by their index, each one's item and job
    // by their keys. No table is read from end to end.
    const plan = planOf(db, 'c', 1000);
    expect(plan.filter((line) => /^SCAN /.test(line))).toEqual([]);
    expect(plan.join('\n')).toMatch(/SEARCH a USING INDEX attempts_sends_by_time/);
  });
});
