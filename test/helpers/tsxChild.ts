// A TypeScript helper script in a child process (node --import tsx), for tests that kill it mid-work
// (SIGKILL) and check what the data folder kept. Its stdout is collected; its stderr is printed only when
// it exits with an error, so a crash test's failure says why.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TsxChild {
  child: ChildProcess;
  /** Resolves when the process exits (code null when it was killed). */
  exited: Promise<{ code: number | null; stdout: string }>;
}

const HELPERS = dirname(fileURLToPath(import.meta.url));

/** Node's arguments that run `script` (a helper in this folder): its build when there is one, else through tsx. */
export function childArgv(script: string): string[] {
  // Built by builtChildren.globalSetup.ts at the start of this vitest run: the same code, started in a
  // third of tsx's CPU time. Otherwise (bench/crashSoak.ts, a failed build) the source through tsx.
  const built =
    process.env.BULKDESK_TEST_CHILDREN_DIR && dirname(script) === HELPERS
      ? join(process.env.BULKDESK_TEST_CHILDREN_DIR, basename(script).replace(/\.ts$/, '.js'))
      : null;
  return built && existsSync(built) ? [built] : ['--import', 'tsx', script];
}

export function tsxChild(script: string, args: string[]): TsxChild {
  const child = spawn(process.execPath, [...childArgv(script), ...args], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('exit', (code) => {
      if (code !== null && code !== 0) process.stderr.write(`child exited ${code}:\n${stderr}\n`);
      resolve({ code, stdout });
    }),
  );
  return { child, exited };
}

const RUNNER_CHILD = fileURLToPath(new URL('./runnerChild.ts', import.meta.url));

/** A runner in its own process that starts (or resumes) `jobId` on `dataDir` (./runnerChild.ts). */
export function runnerChild(dataDir: string, jobId: string): TsxChild {
  return tsxChild(RUNNER_CHILD, [dataDir, jobId]);
}
