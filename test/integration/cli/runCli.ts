// Runs the `bulk-desk` bin (scripts/cli.mjs) as a separate process, as an admin's script does, and
// collects its exit code and both streams.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import type { Services } from '../../../src-main/services';
import type { Sandbox } from '../../../src-main/sandbox/index';
import type { tempDir } from '../../helpers/tempDir';

type TempDir = ReturnType<typeof tempDir>;

export const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'scripts', 'cli.mjs');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A limit for one command of a test that sets it (`timeoutMs`), on a loaded machine: a command starts and
 * answers in 1–3 s, up to 10 s with every core busy. A test's own timeout covers its commands' limits.
 */
export const CLI_LIMIT_MS = 30_000;

/**
 * `timeoutMs`: after that long the process and its tsx child are killed (SIGKILL to their own process
 * group: a CLI stuck in a synchronous loop never runs its SIGTERM handler) and the code is null, so a
 * hang fails the test instead of stalling it.
 */
export function cli(
  args: string[],
  opts: { input?: string; cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
      detached: opts.timeoutMs !== undefined,
    });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), opts.timeoutMs);
    child.on('close', () => clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** stdout as JSON, or a thrown error with the exit code and stderr. */
export const json = <T>(r: Ran): T => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

/**
 * `connections add` of a Coursepath academy (the secret on stdin, as an admin's script gives it) in the
 * data folder `dataDir`; the new connection as `--json` prints it.
 */
export async function addCoursepath<T extends { id: string } = { id: string }>(
  academy: { baseUrl: string; email: string; apiKey: string },
  dataDir: string,
  name: string,
  email = academy.email,
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  const args = ['connections', 'add', '--api', 'coursepath', '--name', name, '--base-url', academy.baseUrl];
  return json<T>(
    await cli([...args, '--email', email, '--secret-stdin', '--json', '--data-dir', dataDir], {
      input: academy.apiKey,
      ...opts,
    }),
  );
}

/**
 * What a CLI test sets up — a data folder, a sandbox LMS, services opened on the folder the way the app
 * opens it — closed and removed after each test. Call inside a `describe`.
 */
export function useCliWorld(): { dir: TempDir | null; sandbox: Sandbox | null; services: Services | null } {
  const world: { dir: TempDir | null; sandbox: Sandbox | null; services: Services | null } = {
    dir: null,
    sandbox: null,
    services: null,
  };
  afterEach(async () => {
    await world.services?.close();
    await world.sandbox?.close();
    world.dir?.remove();
    Object.assign(world, { dir: null, sandbox: null, services: null });
  });
  return world;
}
