// `jobs in-doubt` says what is known, no more: a row in doubt was marked `sending` before its request
// left (rows reserved ahead are marked well before), so the runner cannot know that it left. It used to
// say "the request left for …" with a "last sent" line for rows that never left, and offered
// --mark-succeeded first, which would record a member never sent as created.
import { describe, expect, it } from 'vitest';
import * as items from '../../../src-main/db/items';
import { setJobState } from '../../../src-main/db/jobs';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { cli, useCliWorld } from './runCli';

describe('jobs in-doubt: what is known of a row in doubt', () => {
  const w = useCliWorld();

  it('says the request may have left, and offers --mark-succeeded only once checked in the LMS', async () => {
    const dir = (w.dir = tempDir()).path;
    const s = await createServices({ dataDir: dir, sandbox: false });
    let jobId: string;
    try {
      const connection = await callOk(s, 'connections.save', {
        name: 'Acme Academy',
        baseUrl: 'http://127.0.0.1:9',
        identity: { api: 'coursepath', email: 'admin@example.com' },
        secret: 'in-doubt-wording-secret',
      });
      const job = await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['email', 'first', 'last'], userRows(3)),
        connectionId: connection.id,
        templateId: 'coursepath.members.create',
        mapping: { fields: { email: { kind: 'column', column: 'email' } } },
        options: { canary: 0 },
      });
      jobId = job.id;
      // Killed while row 2 was marked `sending`: whether its request had left is not known.
      const first = s.db
        .prepare('SELECT id FROM job_items WHERE job_id = ? ORDER BY id')
        .pluck()
        .get(jobId) as number;
      items.markSending(s.db, {
        itemId: first,
        method: 'POST',
        url: 'http://127.0.0.1:9/api/v1/members',
        requestHeaders: {},
        requestBody: 'x',
        startedAt: 1,
      });
      setJobState(s.db, jobId, 'running', 1);
    } finally {
      await s.close();
    }
    const r = await cli(['jobs', 'in-doubt', jobId, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/request left for|last sent/);
    expect(r.stdout).toContain('was ready to leave, or left, when the app stopped');
    const out = r.stdout.split('\n');
    const resend = out.findIndex((l) => l.includes('--resend'));
    const marked = out.findIndex((l) => l.includes('--mark-succeeded'));
    expect(resend).toBeGreaterThan(-1);
    expect(marked).toBeGreaterThan(resend);
    expect(out[marked]).toContain('only if you have checked in the LMS');
  }, 60_000);
});
