// A stop reason stored with a bare `bulk-desk …` hint (made in the runner, or before hints knew their
// folder), shown by the CLI for a data folder that is not the default: each command it prints carries
// that folder's --data-dir, so the admin's pasted command reads the same database. Found by an audit:
// "look at them (bulk-desk jobs in-doubt <job>)" reached the default folder. What is stored is not
// rewritten (`--json` gives it as it is).
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';
import { killedWhileSending } from './killedJob';
import { cli, CLI_LIMIT_MS, json, useCliWorld } from './runCli';

describe('hints stored in words, shown by the CLI', () => {
  const w = useCliWorld();

  it('a job Bulk Desk stopped while it sent: `jobs show` and `jobs events` give its hints with --data-dir', async () => {
    const dir = (w.dir = tempDir()).path;
    // Killed while row 2's request was out: the job is left running with the row `sending`.
    const jobId = await killedWhileSending(dir, 'stored-hints-secret');
    const D = ['--data-dir', dir];
    // The next start finds it and stores why it stopped, with a bare hint (recoverJobs.ts).
    const limit = { timeoutMs: CLI_LIMIT_MS };
    const stored = json<JobSummary>(await cli(['jobs', 'show', jobId, '--json', ...D], limit));
    expect(stored.stopReason?.message).toContain(`(bulk-desk jobs in-doubt ${jobId}) before`);

    // Both only read: side by side.
    const [shown, events] = await Promise.all([
      cli(['jobs', 'show', jobId, ...D], limit),
      cli(['jobs', 'events', jobId, ...D], limit),
    ]);
    expect(shown.code, shown.stderr).toBe(0);
    const hint = `(bulk-desk jobs in-doubt ${jobId} --data-dir ${dir}) before`;
    expect(shown.stdout).toMatch(new RegExp(`^Stopped    closed: .*${escape(hint)}`, 'm'));
    expect(shown.stdout).toContain(
      `What happened (latest; bulk-desk jobs events ${jobId} --data-dir ${dir} for more)`,
    );
    expect(shown.stdout).not.toContain(`in-doubt ${jobId})`);

    expect(events.stdout).toContain(hint);
    expect(events.stdout).not.toContain(`in-doubt ${jobId})`);
    // Stored as it was: history is not rewritten.
    const s = await createServices({ dataDir: dir, sandbox: false });
    try {
      expect((await callOk(s, 'jobs.get', { jobId })).stopReason?.message).toBe(stored.stopReason?.message);
    } finally {
      await s.close();
    }
  }, 80_000); // set-up, then two rounds of commands, each within CLI_LIMIT_MS (30 s)
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
