// SIGTERM (a service manager, `kill`) pauses the job like Ctrl+C, and the CLI says which stopped it by
// its exit code: 143 (128 + SIGTERM), not Ctrl+C's 130.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, ROOT, useCliWorld } from './runCli';

describe('signals', () => {
  const w = useCliWorld();

  it('SIGTERM pauses the job and exits 143', async () => {
    const dir = (w.dir = tempDir());
    const csv = join(dir.path, 'members.csv');
    writeFileSync(
      csv,
      'email\n' + Array.from({ length: 40 }, (_, i) => `sig${i}@example.com`).join('\n') + '\n',
    );
    const datasetId = json<{ id: string }>(await cli(['import', csv, '--json', '--data-dir', dir.path])).id;
    const map = join(dir.path, 'map.json');
    writeFileSync(map, JSON.stringify({ fields: { email: { kind: 'column', column: 'email' } } }));
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'scripts', 'cli.mjs'),
        'run',
        '--dataset',
        datasetId,
        '--connection',
        'sandbox-coursepath',
        '--template',
        'coursepath.members.create',
        '--mapping',
        map,
        '--rate',
        '2',
        '--data-dir',
        dir.path,
        '--with-sandbox',
      ],
      { cwd: ROOT, env: process.env },
    );
    let stderr = '';
    const running = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/running \d+\/40/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await running;
    child.kill('SIGTERM');
    const code = await exited;
    expect(stderr).toContain('Pausing');
    expect(code, stderr).toBe(143);
  }, 60_000);
});
