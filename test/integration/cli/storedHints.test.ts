// A stop reason stored with a bare `bulk-desk …` hint (made in the runner, or before hints knew their
// folder), shown by the CLI for a data folder that is not the default: each command it prints carries
// that folder's --data-dir, so the admin's pasted command reads the same database. Found by an audit:
// "look at them (bulk-desk jobs in-doubt <job>)" reached the default folder. What is stored is not
// rewritten (`--json` gives it as it is).
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { tempDir } from '../../helpers/tempDir';
import { killedWhileSending } from './killedJob';
import { cli, json, useCliWorld } from './runCli';

describe('hints stored in words, shown by the CLI', () => {
  const w = useCliWorld();

  it('a job Bulk Desk stopped while it sent: `jobs show` and `jobs events` give its hints with --data-dir', async () => {
    const dir = (w.dir = tempDir()).path;
    // Killed while row 2's request was out: the job is left running with the row `sending`.
    const jobId = await killedWhileSending(dir, 'stored-hints-secret');
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
