// `bulk-desk …` spawned as its own process group (as a terminal runs it: Ctrl+C reaches every process in
// it), for the tests that stop a sync or a plan from outside: what it prints so far, a wait for a line,
// and its exit code.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './runCli';

export interface SpawnedCli {
  child: ChildProcessWithoutNullStreams;
  /** What it has printed so far. */
  out: { stdout: string; stderr: string };
  /** Resolves once stderr holds `text`, or matches it (at once if it already does). */
  said: (text: string | RegExp) => Promise<void>;
  exited: Promise<number | null>;
}

export function spawnCli(args: string[]): SpawnedCli {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'cli.mjs'), ...args], {
    cwd: ROOT,
    env: process.env,
    detached: true,
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const said = (text: string | RegExp) =>
    new Promise<void>((resolve) => {
      const look = () =>
        (typeof text === 'string' ? out.stderr.includes(text) : text.test(out.stderr)) && resolve();
      child.stderr.on('data', look);
      look();
    });
  const exited = new Promise<number | null>((resolve) => child.on('close', (n) => resolve(n)));
  return { child, out, said, exited };
}
