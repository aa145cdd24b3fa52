// The sandbox LMS in a process of its own, as `npm run sandbox` runs it, for the benchmarks: started with
// its flags, its credentials read from the first stdout line, reset and read through its test hooks.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SandboxCredentials } from '../../src-main/sandbox/index';
import { ROOT } from './child';

export interface SandboxProcess {
  creds: SandboxCredentials;
  url: string;
  reset(): Promise<void>;
  /** Requests it answered to the job's calls (POST /api/v1/members): all, and those refused 429 or 503. */
  refusals(): Promise<{ requests: number; refused429: number; refused503: number }>;
  /** The sandbox process's CPU time so far (user + system), in µs; null where /proc cannot tell. */
  cpuUs(): number | null;
  stop(): Promise<void>;
}

export async function startSandboxProcess(extra: string[]): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src-main/sandbox/cli.ts'),
      '--port',
      '0',
      '--seed',
      '1',
      '--credentials-json',
      ...extra,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited early (${code})`)));
  });
  child.stdout!.resume();
  const creds = JSON.parse(first) as SandboxCredentials;
  const url = creds.coursepath.baseUrl;
  return {
    creds,
    url,
    reset: async () => void (await fetch(`${url}/__sandbox/reset`, { method: 'POST' })).text(),
    async refusals() {
      const entries = (await (await fetch(`${url}/__sandbox/ledger?since=0`)).json()) as {
        status: number;
        method: string;
        path: string;
      }[];
      const calls = entries.filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
      return {
        requests: calls.length,
        refused429: calls.filter((e) => e.status === 429).length,
        refused503: calls.filter((e) => e.status === 503).length,
      };
    },
    cpuUs: () => processCpuUs(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The runner child's arguments for a Coursepath create-member job against `sb` from `csv`. */
export function target(sb: SandboxProcess, csv: string): string[] {
  const c = sb.creds.coursepath;
  return ['--csv', csv, '--base-url', c.baseUrl, '--email', c.email, '--secret', c.apiKey];
}

/** A process's user + system time from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuUs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}
