// `bulk-desk sync run` stopped by a signal: Ctrl+C (130) or SIGTERM (143, a service manager, `kill`),
// as jobs and plans are. Either stops the sync at its last saved page, says so, prints where each
// connection was left, and the next `sync run` resumes it. SIGTERM used to kill the process mid-page
// without a word (the run left `running` until the next start), Ctrl+C to exit 1 as if it had failed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, ROOT, useCliWorld } from './runCli';

describe('sync run stopped by a signal', () => {
  const w = useCliWorld();

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal}: stops at the last saved page, says so, exit ${code}; the next sync finishes it`, async () => {
      const dir = (w.dir = tempDir());
      // Slow answers, so the signal lands mid-sync.
      const sandbox = (w.sandbox = await startSandbox({ seed: 13, faults: 'latency:60-90' }));
      const c = await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Academy');
      const child = spawn(process.execPath, [join(ROOT, 'scripts', 'cli.mjs'), 'sync', 'run', '--data-dir', dir.path], {
        cwd: ROOT,
        env: process.env,
        detached: true,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const reading = new Promise<void>((resolve) =>
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('Course members and results')) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on('close', (n) => resolve(n)));
      await reading;
      // SIGINT to the group, as a terminal's Ctrl+C; SIGTERM to the process a service manager started.
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else child.kill('SIGTERM');
      expect(await exited).toBe(code);
      expect(stderr).toContain('Stopping the sync; the next `sync run` resumes where it stopped.');
      expect(stdout).toMatch(/Academy .*interrupted/);

      const again = await cli(['sync', 'run', '--connection', c.id, '--data-dir', dir.path]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Academy .*completed/);
    }, 60_000);
  }
});
