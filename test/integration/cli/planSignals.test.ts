// `bulk-desk plan` stopped while it reads the academy: by SIGTERM (a service manager, `kill`) it exits
// 143 as a job and a sync do, not Ctrl+C's 130 — it said 130 for both, so a script could not tell a
// person's Ctrl+C from the service manager's stop. Either way the plan stays resumable, and says how.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, ROOT, useCliWorld } from './runCli';

describe('plan stopped by a signal', () => {
  const w = useCliWorld();

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: stopped while reading, resumable, exit ${code}`, async () => {
      const dir = (w.dir = tempDir());
      const csv = join(dir.path, 'few.csv');
      writeFileSync(csv, 'email\nsig1@example.com\nsig2@example.com\n');
      const datasetId = json<{ id: string }>(await cli(['import', csv, '--json', '--data-dir', dir.path])).id;
      // Slow answers: the plan is still reading when the signal comes.
      const slow = ['--with-sandbox', '--sandbox-options', JSON.stringify({ faults: 'latency:4000-4000' })];
      const args = [
        'plan',
        '--dataset',
        datasetId,
        '--connection',
        'sandbox-coursepath',
        '--template',
        'coursepath.members.create',
        ...slow,
      ];
      const child = spawn(
        process.execPath,
        [join(ROOT, 'scripts', 'cli.mjs'), ...args, '--auto', '--data-dir', dir.path],
        {
          cwd: ROOT,
          env: process.env,
          detached: true,
        },
      );
      let stderr = '';
      const reading = new Promise<void>((resolve) =>
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('reading members')) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on('close', (n) => resolve(n)));
      await reading;
      await new Promise((r) => setTimeout(r, 1000));
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else child.kill('SIGTERM');
      const exitCode = await exited;
      expect(exitCode, stderr).toBe(code);
      expect(stderr).toMatch(
        /stopped before it finished reading; nothing was sent\. Resume with: bulk-desk plan --resume [0-9a-f-]{36}/,
      );
    }, 60_000);
  }
});
