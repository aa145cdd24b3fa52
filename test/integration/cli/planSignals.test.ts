// `bulk-desk plan` stopped while it reads the academy: by SIGTERM (a service manager, `kill`) it exits
// 143 as a job and a sync do, not Ctrl+C's 130 — it said 130 for both, so a script could not tell a
// person's Ctrl+C from the service manager's stop. Either way the plan stays resumable, and says how.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/dataFiles';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { sandboxReceived } from '../../helpers/sandboxReceived';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';
import { spawnCli } from './spawnedCli';

/** The address of the sandbox the child started (`--with-sandbox`), as it registered its connection. */
function childSandboxUrl(dataDir: string): string {
  const db = new Database(join(dataDir, DB_FILE), { readonly: true });
  try {
    return db.prepare('SELECT base_url FROM connections WHERE id = ?').pluck().get(SANDBOX_COURSEPATH_ID) as string;
  } finally {
    db.close();
  }
}

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
      const { child, out, said, exited } = spawnCli([...args, '--auto', '--data-dir', dir.path]);
      await said('reading members');
      // A read has reached the LMS and waits for its slow answer (it used to be a fixed 1 s sleep).
      await sandboxReceived(childSandboxUrl(dir.path));
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else child.kill('SIGTERM');
      const exitCode = await exited;
      expect(exitCode, out.stderr).toBe(code);
      expect(out.stderr).toMatch(
        /stopped before it finished reading; nothing was sent\. Resume with: bulk-desk plan --resume [0-9a-f-]{36}/,
      );
    }, 60_000);
  }

  // A second Ctrl+C cut a job's run short but not a plan's: the plan waited for its reads in flight, as
  // long as a slow LMS took to answer them (15 s here). Now it stops at once, as `run` does, exit 130,
  // the plan left interrupted and resumable.
  it('Ctrl+C twice: stops at once, without waiting for the reads in flight, exit 130', async () => {
    const dir = (w.dir = tempDir());
    const csv = join(dir.path, 'few.csv');
    writeFileSync(csv, 'email\nsig1@example.com\nsig2@example.com\n');
    const datasetId = json<{ id: string }>(await cli(['import', csv, '--json', '--data-dir', dir.path])).id;
    const slow = ['--with-sandbox', '--sandbox-options', JSON.stringify({ faults: 'latency:15000-15000' })];
    const { child, out, said, exited } = spawnCli([
      'plan',
      '--dataset',
      datasetId,
      '--connection',
      'sandbox-coursepath',
      '--template',
      'coursepath.members.create',
      '--auto',
      ...slow,
      '--data-dir',
      dir.path,
    ]);
    await said('reading members');
    // A read is in flight, its answer 15 s away (it used to be a fixed 1 s sleep).
    await sandboxReceived(childSandboxUrl(dir.path));
    process.kill(-child.pid!, 'SIGINT');
    await said('Stopping the plan');
    const again = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited, out.stderr).toBe(130);
    expect(Date.now() - again).toBeLessThan(5000);
    expect(out.stderr).toContain('Stopping now without waiting for the answers.');
    const planId = /Plan ([0-9a-f-]{36}): reading/.exec(out.stderr)![1]!;
    expect(out.stderr).toContain(`Resume with: bulk-desk plan --resume ${planId} --data-dir ${dir.path}`);
    const plans = json<{ id: string; state: string }[]>(
      await cli(['plans', 'list', '--json', '--data-dir', dir.path]),
    );
    expect(plans.find((p) => p.id === planId)?.state).toBe('interrupted');
    // Shown later, it is said stopped, exit 0: `plans show` was not itself stopped by a Ctrl+C (it said 130).
    const shown = await cli(['plans', 'show', planId, '--data-dir', dir.path]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain(`Plan ${planId} stopped before it finished reading`);
  }, 60_000);
});
