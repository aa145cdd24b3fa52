// `bulk-desk sync run` waiting as the LMS asked (Retry-After): it said nothing until the next list
// started, so a wait of minutes looked like a hang. It now prints one line saying until when, and that
// Ctrl+C stops it (resumable). Real sandbox LMS with a small per-minute limit, the bin in its own process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, ROOT, useCliWorld } from './runCli';

describe('sync run told to wait', () => {
  const w = useCliWorld();

  it('says until when it waits, and Ctrl+C stops it there (130)', async () => {
    const dir = (w.dir = tempDir());
    // Three requests a minute: the fourth is answered 429 with a Retry-After of most of a minute.
    const sandbox = (w.sandbox = await startSandbox({ seed: 13, coursepathLimit: { requests: 3, windowMs: 60_000 } }));
    await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Academy');
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'cli.mjs'), 'sync', 'run', '--data-dir', dir.path], {
      cwd: ROOT,
      env: process.env,
      detached: true,
    });
    let stderr = '';
    const waiting = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/waiting until/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', (n) => resolve(n)));
    await waiting;
    expect(stderr).toMatch(
      /: waiting until \d{1,2} \w{3} \d{4}, \d\d:\d\d(:\d\d)?, as the LMS asked \(Retry-After\) · \d+ rows so far; Ctrl\+C stops, and `sync run` goes on from there\n/,
    );
    // Each line names the connection as the admin named it, not by its id (a walk-through's lines all began
    // "d5e6a706-dda4-…:").
    expect(stderr).toMatch(/^Academy: Courses \(1\/\d\) · \d+ rows so far/m);
    expect(stderr).toMatch(/^Academy: waiting until /m);
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
  }, 60_000);
});
