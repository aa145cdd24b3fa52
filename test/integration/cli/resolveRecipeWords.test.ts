// `jobs resolve` on a recipe job counts items — a row of it has several (its steps, its enrolments) — and
// says so. Found at the last stop: a resend on a paused recipe job with other items unsent said "it is
// paused with 2 other rows not sent yet" (2 items of one row), and a resolve with nothing left in doubt said
// "has no rows in doubt". Real sandbox, real SQLite file, the built CLI. The items are put in doubt by
// editing the job's rows in its database, as a crash mid-step leaves them.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, useCliWorld } from './runCli';
import { onboardedHires } from './onboardedHires';

describe('jobs resolve on a recipe job', () => {
  const w = useCliWorld();

  it('says items where it counts items', async () => {
    const { dir, D, job } = await onboardedHires(w, 43, 'words.test');

    // Row 2's two enrolments (step 1) in doubt; row 3's not sent yet; the job paused by the admin.
    const db = new Database(join(dir, 'bulk-desk.sqlite'));
    try {
      const set = (status: string, row: number) =>
        db
          .prepare(
            `UPDATE job_items SET status = ?, error = NULL WHERE job_id = ? AND step = 1 AND row_number = ?`,
          )
          .run(status, job.id, row).changes;
      expect(set('in_doubt', 2)).toBe(2);
      expect(set('pending', 3)).toBe(2);
      db.prepare(`UPDATE jobs SET state = 'paused', stop_reason_json = NULL WHERE id = ?`).run(job.id);
    } finally {
      db.close();
    }

    const r = await cli(['jobs', 'resolve', job.id, '--rows', '2', '--resend', ...D]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`2 items of row 2 of job ${job.id} set to be sent again.`);
    expect(r.stderr).toContain(
      'it is paused with 2 other items not sent yet, and only resuming it sends them all',
    );
    expect(r.stderr).not.toMatch(/\brows?\b.*not sent yet/);

    const none = await cli(['jobs', 'resolve', job.id, '--all', '--mark-failed', ...D]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain(`Job ${job.id} has no items in doubt.`);
  }, 120_000);
});
