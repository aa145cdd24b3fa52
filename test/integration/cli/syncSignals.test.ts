// `bulk-desk sync run` stopped by a signal: Ctrl+C (130) or SIGTERM (143, a service manager, `kill`),
// as jobs and plans are. Either stops the sync at its last saved page, says so, prints where each
// connection was left, and the next `sync run` resumes it. SIGTERM used to kill the process mid-page
// without a word (the run left `running` until the next start), Ctrl+C to exit 1 as if it had failed.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { holdingProxy, type Hold, type HoldingProxy } from '../../helpers/holdingProxy';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, useCliWorld } from './runCli';
import { spawnCli } from './spawnedCli';

describe('sync run stopped by a signal', () => {
  const w: ReturnType<typeof useCliWorld> & { proxy?: HoldingProxy | null } = useCliWorld();
  afterEach(async () => {
    await w.proxy?.close();
    w.proxy = null;
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: stops at the last saved page, says so, exit ${code}; the next sync finishes it`, async () => {
      const dir = (w.dir = tempDir());
      // Slow answers, so the signal lands mid-sync.
      const sandbox = (w.sandbox = await startSandbox({ seed: 13, faults: 'latency:60-90' }));
      const c = await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Academy');
      const { child, out, said, exited } = spawnCli(['sync', 'run', '--data-dir', dir.path]);
      await said('Course members and results');
      // SIGINT to the group, as a terminal's Ctrl+C; SIGTERM to the process a service manager started.
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else child.kill('SIGTERM');
      expect(await exited).toBe(code);
      expect(out.stderr).toContain('Stopping the sync; the next `sync run` resumes where it stopped.');
      expect(out.stdout).toMatch(/Academy .*interrupted/);

      const again = await cli(['sync', 'run', '--connection', c.id, '--data-dir', dir.path]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Academy .*completed/);
    }, 60_000);
  }

  // A second Ctrl+C cut a job's run short but not a sync's: it waited for the pages in flight, as long as
  // a slow LMS took to answer them. Now it stops at once, as `run` does, exit 130, the run left
  // interrupted and resumable. A proxy answers the first page and keeps the answers of every later one
  // (they reached the LMS), so a page is in flight by construction and would never end on its own; the
  // sandbox used to answer every request in 15 s, first page included (15 s of waiting for its line).
  it('Ctrl+C twice: stops at once, without waiting for the pages in flight, exit 130', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 13 }));
    let seen = 0;
    const proxy = (w.proxy = await holdingProxy(sandbox.url, (): Hold => (++seen > 1 ? 'late' : 'pass')));
    const cp = sandbox.credentials.coursepath;
    const viaProxy = { ...cp, baseUrl: cp.baseUrl.replace(sandbox.url, proxy.url) };
    const c = await addCoursepath(viaProxy, dir.path, 'Academy');
    const { child, out, said, exited } = spawnCli(['sync', 'run', '--data-dir', dir.path]);
    await said('rows so far');
    // A page has reached the LMS and its answer is kept (it used to be a fixed 1 s sleep).
    while (proxy.held() < 1) await new Promise((r) => setTimeout(r, 20));
    process.kill(-child.pid!, 'SIGINT');
    await said('Stopping the sync');
    const again = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    // Answered 6 s on, as a slow LMS would: a CLI that waits for them fails the 5 s below, not the timeout.
    const answered = setTimeout(() => proxy.release(), 6000);
    expect(await exited, out.stderr).toBe(130);
    clearTimeout(answered);
    expect(Date.now() - again).toBeLessThan(5000);
    expect(out.stderr).toContain('Stopping now without waiting for the answers.');
    const status = await cli(['sync', 'status', '--json', '--data-dir', dir.path]);
    expect(status.code, status.stderr).toBe(0);
    const mine = (
      JSON.parse(status.stdout) as { connectionId: string; lastRun: { state: string } | null }[]
    ).find((x) => x.connectionId === c.id);
    expect(mine?.lastRun?.state).toBe('interrupted');
  }, 60_000);
});
