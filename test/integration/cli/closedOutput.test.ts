// The reader of the CLI's output stops reading (`bulk-desk run … 2>&1 | head -4`, `datasets rows … | head`):
// its next write fails with EPIPE. Unhandled on stderr, that killed the CLI mid-job with a stack trace
// nobody saw, the job left interrupted and its rows in flight in doubt; on stdout, a listing ended
// "Error: write EPIPE", exit 1. Now a job pauses as on SIGTERM (the requests in flight finish and are
// saved) and every command ends quietly with 141 (128 + SIGPIPE, as the shell reports `| head`).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, ROOT, useCliWorld } from './runCli';
import { startRunningJob } from './runningJob';

const BIN = join(ROOT, 'scripts', 'cli.mjs');

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
    const child = spawn(
      process.execPath,
      [BIN, 'datasets', 'rows', datasetId, '--format', 'csv', '--data-dir', dir.path],
      { cwd: ROOT, env: process.env },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(141);
  }, 60_000);
});
