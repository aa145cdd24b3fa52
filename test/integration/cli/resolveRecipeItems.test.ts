// `jobs resolve --rows N` on a recipe job decides every item of row N in doubt. A row of a recipe job can
// have several items in doubt at once — the items of one step sent side by side, as the enrolments in a
// row's courses are — and the decision took only one of them (the rows were mapped to one item each),
// leaving the others in doubt while saying "1 row … marked". Real sandbox, real SQLite file, the built CLI.
// The items are put in doubt by editing the job's rows in its database, as a crash mid-step leaves them:
// which requests a crash catches in flight cannot be chosen from outside.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, json, useCliWorld } from './runCli';
import { onboardedHires } from './onboardedHires';

describe('jobs resolve --rows on a recipe job', () => {
  const w = useCliWorld();

  it('decides every item of the row in doubt, and says items', async () => {
    const { dir, D, job } = await onboardedHires(w, 41, 'resolve.test');

    // Both rows' two enrolments (step 1) in doubt, the job paused.
    const db = new Database(join(dir, 'bulk-desk.sqlite'));
    try {
      const changed = db
        .prepare(
          `UPDATE job_items SET status = 'in_doubt', error = 'In doubt: no answer saved' WHERE job_id = ? AND step = 1`,
        )
        .run(job.id).changes;
      expect(changed).toBe(4);
      db.prepare(`UPDATE jobs SET state = 'paused' WHERE id = ?`).run(job.id);
    } finally {
      db.close();
    }

    const r = await cli(['jobs', 'resolve', job.id, '--rows', '2', '--mark-succeeded', ...D]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`2 items of row 2 of job ${job.id} marked as succeeded (not sent again).`);
    const left = json<{ rowNumber: number }[]>(await cli(['jobs', 'in-doubt', job.id, '--json', ...D]));
    expect(left.map((x) => x.rowNumber)).toEqual([3, 3]);
  }, 120_000);
});
