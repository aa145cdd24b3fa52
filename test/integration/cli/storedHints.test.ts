// A stop reason stored with a bare `bulk-desk …` hint (made in the runner, or before hints knew their
// folder), shown by the CLI for a data folder that is not the default: each command it prints carries
// that folder's --data-dir, so the admin's pasted command reads the same database. Found by an audit:
// "look at them (bulk-desk jobs in-doubt <job>)" reached the default folder. What is stored is not
// rewritten (`--json` gives it as it is).
import { describe, expect, it } from 'vitest';
import * as items from '../../../src-main/db/items';
import { setJobState } from '../../../src-main/db/jobs';
import { createServices } from '../../../src-main/services';
import type { JobSummary } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

describe('hints stored in words, shown by the CLI', () => {
  const w = useCliWorld();

  it('a job Bulk Desk stopped while it sent: `jobs show` and `jobs events` give its hints with --data-dir', async () => {
    const dir = (w.dir = tempDir()).path;
    const s = await createServices({ dataDir: dir, sandbox: false });
    let jobId: string;
    try {
      const connection = await callOk(s, 'connections.save', {
        name: 'Acme Academy',
        baseUrl: 'http://127.0.0.1:9',
        identity: { api: 'coursepath', email: 'admin@example.com' },
        secret: 'stored-hints-secret',
      });
      const job = await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['email', 'first', 'last'], userRows(3)),
        connectionId: connection.id,
        templateId: 'coursepath.members.create',
        mapping: { fields: { email: { kind: 'column', column: 'email' } } },
        options: { canary: 0 },
      });
      jobId = job.id;
      // Killed while row 2's request was out: the job is left running with the row `sending`.
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
    const D = ['--data-dir', dir];
    // The next start finds it and stores why it stopped, with a bare hint (recoverJobs.ts).
    const stored = json<JobSummary>(await cli(['jobs', 'show', jobId, '--json', ...D]));
    expect(stored.stopReason?.message).toContain(`(bulk-desk jobs in-doubt ${jobId}) before`);

    const shown = await cli(['jobs', 'show', jobId, ...D]);
    expect(shown.code, shown.stderr).toBe(0);
    const hint = `(bulk-desk jobs in-doubt ${jobId} --data-dir ${dir}) before`;
    expect(shown.stdout).toMatch(new RegExp(`^Stopped    closed: .*${escape(hint)}`, 'm'));
    expect(shown.stdout).toContain(
      `What happened (latest; bulk-desk jobs events ${jobId} --data-dir ${dir} for more)`,
    );
    expect(shown.stdout).not.toContain(`in-doubt ${jobId})`);

    const events = await cli(['jobs', 'events', jobId, ...D]);
    expect(events.stdout).toContain(hint);
    expect(events.stdout).not.toContain(`in-doubt ${jobId})`);
    // Stored as it was: history is not rewritten.
    expect(json<JobSummary>(await cli(['jobs', 'show', jobId, '--json', ...D])).stopReason?.message).toBe(
      stored.stopReason?.message,
    );
  }, 60_000);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
