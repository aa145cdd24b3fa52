// `jobs resolve --rows` naming more rows than one call took (10,000) settled them in batches: a failure in a
// later batch left the first settled without a word, and on a destructive template each batch asked for its
// own phrase (10,000 rows, then the rest), so the phrase printed for the whole choice was refused. One call
// now takes every row a job can have in doubt. A real SQLite file; the rows put in doubt as a crash leaves them.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const N = 15_000;

describe('resolving more than 10,000 rows in doubt', () => {
  const temp = useTempServices();

  it('one call settles 15,000 chosen rows, and a destructive resend asks one phrase counting them all', async () => {
    const s = await temp.open({ sandbox: { seed: 3, coassembleLimit: null } });
    const rows = Array.from({ length: N + 10 }, (_, i) => [String(900_000 + i)]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['Course'], rows),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.manual',
      mapping: { fields: {}, manual: { method: 'POST', url: '/api/v1/headless/course/{Course}/archive', exclude: ['Course'] } },
      options: { rateLimit: null, canary: 0 },
    });
    // As a crash leaves them: every row in doubt.
    s.db.prepare(`UPDATE job_items SET status = 'in_doubt' WHERE job_id = ?`).run(job.id);
    const ids = s.db.prepare(`SELECT id FROM job_items WHERE job_id = ? ORDER BY id LIMIT ?`).pluck().all(job.id, N) as number[];

    const refused = await s.dispatch('jobs.resolveInDoubt', { jobId: job.id, action: 'resend', itemIds: ids });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.details).toMatchObject({
        field: 'confirm',
        phrase: 'POST 15000 records to /api/v1/headless/course/{Course}/archive on Sandbox · Coassemble',
      });

    const done = await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed', itemIds: ids });
    expect(done.counts).toMatchObject({ failed: N, in_doubt: 10 });
  }, 120_000);
});
