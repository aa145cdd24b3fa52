// SIGTERM (a service manager, `kill`) pauses the job like Ctrl+C, and the CLI says which stopped it by
// its exit code: 143 (128 + SIGTERM), not Ctrl+C's 130.
import { describe, expect, it } from 'vitest';
import { cli, json, useCliWorld } from './runCli';
import { startRunningJob } from './runningJob';

describe('signals', () => {
  const w = useCliWorld();

  const startJob = (extra: string[]) => startRunningJob(w, extra);

  it('SIGTERM pauses the job and exits 143', async () => {
    const { child, out, exited } = await startJob(['--rate', '2']);
    child.kill('SIGTERM');
    const code = await exited;
    expect(out.stderr).toContain('Pausing');
    expect(code, out.stderr).toBe(143);
  }, 60_000);

  it('SIGHUP (the terminal or SSH session closed) pauses the job with nothing in doubt and exits 129', async () => {
    // Slow answers: requests are in flight when the terminal goes. It used to kill the CLI outright: the
    // job interrupted, its rows in flight in doubt.
    const { child, out, exited, dir } = await startJob([
      '--concurrency',
      '4',
      '--sandbox-options',
      JSON.stringify({ faults: 'latency:400-400' }),
    ]);
    child.kill('SIGHUP');
    const code = await exited;
    expect(code, out.stderr).toBe(129);
    const jobId = /Job ([0-9a-f-]{36})/.exec(out.stderr)![1]!;
    const shown = json<{ state: string; counts: { in_doubt: number; sending: number } }>(
      await cli(['jobs', 'show', jobId, '--json', '--data-dir', dir]),
    );
    expect(shown.state).toBe('paused');
    expect(shown.counts.in_doubt).toBe(0);
    expect(shown.counts.sending).toBe(0);
  }, 60_000);

  it('a second Ctrl+C while pausing stops waiting for the answers: said, exit 130 at once, the job paused with its rows in flight in doubt', async () => {
    // Each answer takes 5 s: the pause would wait for the requests in flight.
    const { child, out, exited, dir } = await startJob([
      '--concurrency',
      '2',
      '--sandbox-options',
      JSON.stringify({ faults: 'latency:5000-5000' }),
    ]);
    const ctrlC = () => process.kill(-child.pid!, 'SIGINT');
    ctrlC();
    await new Promise((r) => setTimeout(r, 300));
    const second = Date.now();
    ctrlC();
    const code = await exited;
    expect(Date.now() - second).toBeLessThan(2500);
    expect(code, out.stderr).toBe(130);
    expect(out.stderr).toMatch(/Stopping now.*in doubt/s);
    const jobId = /Job ([0-9a-f-]{36})/.exec(out.stderr)![1]!;
    // The admin asked twice to stop: paused (not interrupted, as after a crash, which a start with
    // autoResume would carry on), saying the answers were not waited for.
    const shown = json<{
      state: string;
      counts: { in_doubt: number; sending: number };
      stopReason: { kind: string; message: string } | null;
    }>(await cli(['jobs', 'show', jobId, '--json', '--data-dir', dir]));
    expect(shown.state).toBe('paused');
    expect(shown.counts.in_doubt).toBeGreaterThan(0);
    expect(shown.counts.sending).toBe(0);
    expect(shown.stopReason?.kind).toBe('stoppedInFlight');
    expect(shown.stopReason?.message).toMatch(/You stopped this job .*before the answers/);
    expect(out.stderr).toContain(`Resume with: bulk-desk jobs resume ${jobId} --data-dir ${dir}`);
    // Resumable: the rows in doubt are settled first, as after a crash (a lookup finds each or not).
    const resumed = await cli(['jobs', 'resume', jobId, '--data-dir', dir, '--with-sandbox']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/completed: 40 succeeded/);
  }, 60_000);
});
