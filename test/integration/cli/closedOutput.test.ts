// The reader of the CLI's output stops reading (`bulk-desk run … 2>&1 | head -4`, `datasets rows … | head`):
// its next write fails with EPIPE. Unhandled on stderr, that killed the CLI mid-job with a stack trace
// nobody saw, the job left interrupted and its rows in flight in doubt; on stdout, a listing ended
// "Error: write EPIPE", exit 1. Now a job pauses as on SIGTERM (the requests in flight finish and are
// saved) and every command ends quietly with 141 (128 + SIGPIPE, as the shell reports `| head`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';
import { spawnMemberRun, startRunningJob } from './runningJob';
import { spawnCli } from './spawnedCli';

describe('output closed by its reader', () => {
  const w = useCliWorld();

  it('stderr closed mid-job: the job pauses with nothing in doubt, exit 141, and resumes to the end', async () => {
    const { child, out, exited, dir } = await startRunningJob(w, [
      '--concurrency',
      '4',
      // Slow answers: requests are in flight when the pipe closes.
      '--sandbox-options',
      JSON.stringify({ faults: 'latency:400-400' }),
    ]);
    // `| head` has read what it wanted and exits: the pipe's read end closes.
    child.stderr.destroy();
    const code = await exited;
    expect(code, out.stderr).toBe(141);
    const jobId = out.stdout.trim();
    const shown = json<{ state: string; counts: { in_doubt: number; sending: number; succeeded: number } }>(
      await cli(['jobs', 'show', jobId, '--json', '--data-dir', dir]),
    );
    expect(shown.state).toBe('paused');
    expect(shown.counts.in_doubt).toBe(0);
    expect(shown.counts.sending).toBe(0);
    expect(shown.counts.succeeded).toBeLessThan(40);
    const resumed = await cli(['jobs', 'resume', jobId, '--data-dir', dir, '--with-sandbox']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/completed: 40 succeeded/);
  }, 60_000);

  it('stdout closed by `| head`: no "Error: write EPIPE", exit 141', async () => {
    const dir = (w.dir = tempDir());
    const csv = join(dir.path, 'many.csv');
    // Far more than a pipe holds (64 KiB), so the CLI is still writing when the reader goes.
    writeFileSync(
      csv,
      'email,name\n' +
        Array.from({ length: 20_000 }, (_, i) => `many${i}@example.com,Person ${i}`).join('\n') +
        '\n',
    );
    const datasetId = json<{ id: string }>(await cli(['import', csv, '--json', '--data-dir', dir.path])).id;
    const { child, out, exited } = spawnCli([
      'datasets',
      'rows',
      datasetId,
      '--format',
      'csv',
      '--data-dir',
      dir.path,
    ]);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await exited;
    expect(out.stderr).toBe('');
    expect(code).toBe(141);
  }, 60_000);

  // `bulk-desk run … | true`: the reader went before the job's id was written. The job was made but never
  // started — left `ready`, exit 141, with not a word of it. Now it stays ready (started only to pause at
  // once would say no more) and stderr says so, with the command that starts it.
  it('stdout closed before the job starts: the job is left ready, said with how to start it, exit 141', async () => {
    const { child, out, exited, dir } = await spawnMemberRun(w, [
      'early1@example.com',
      'early2@example.com',
      'early3@example.com',
    ]);
    // `| true`: the reader is gone before the CLI has written anything.
    child.stdout.destroy();
    const code = await exited;
    expect(code, out.stderr).toBe(141);
    const jobs = json<{ id: string; state: string }[]>(
      await cli(['jobs', 'list', '--json', '--data-dir', dir]),
    );
    expect(jobs).toHaveLength(1);
    const jobId = jobs[0]!.id;
    expect(jobs[0]!.state).toBe('ready');
    expect(out.stderr).toContain(
      `Job ${jobId} was made but not started: its output closed before it began. Start it with: bulk-desk jobs resume ${jobId} --data-dir ${dir}`,
    );
    const started = await cli(['jobs', 'resume', jobId, '--data-dir', dir, '--with-sandbox']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).toMatch(/completed: 3 succeeded/);
  }, 60_000);
});
