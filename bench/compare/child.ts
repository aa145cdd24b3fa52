// How bench/run.ts measures each tool in a process of its own, so one tool's heap never inflates
// another's peak memory: a child prints JSON lines on stdout — `{"progress": …}` while it works and
// one `{"result": …}` at the end — and the parent keeps the last of each. A child that runs past its
// time limit is stopped and its last progress line is what is reported.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What every tool's child reports when its run ends (Newman, the bare loop, the runner). */
export interface SendResult {
  rows: number;
  succeeded: number;
  failed: number;
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
}

/** The runner and the bare loop also report their CPU time, so the two can be compared row for row. */
export interface CpuSendResult extends SendResult {
  /** The process's CPU time (user + system) per row sent, in µs: steadier than rows/s on a busy machine. */
  cpuUsPerRow: number;
  /** Time its event loop was busy, per row, in µs (the sending thread alone). */
  mainThreadUsPerRow: number;
}

/** The process's peak resident set size so far (the kernel's high-water mark), in MB. */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export const rssMb = (): number => Math.round((process.memoryUsage.rss() / (1024 * 1024)) * 10) / 10;

/** In a child: one JSON line on stdout. */
export function emit(kind: 'progress' | 'result', value: unknown): void {
  process.stdout.write(`${JSON.stringify({ [kind]: value })}\n`);
}

/**
 * With `--cpu-profile FILE`: a V8 CPU profile of this thread (the one that sends) from now until the
 * returned function is called, written to FILE — the sending window alone, not the import or the job's
 * creation before it (bench/profileSendingThread.ts reads it). Without the flag, nothing is started.
 */
export async function profileSendingWindow(): Promise<() => Promise<void>> {
  const file = arg('cpu-profile');
  if (!file) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** In a child: `--name value` from argv. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export interface ChildOutcome<R, P> {
  result: R | null;
  progress: P | null;
  timedOut: boolean;
  wallMs: number;
}

/** Children built by ./builtChildren.ts, by script name: started as plain JavaScript, without tsx. */
let built = new Map<string, string>();

/** From now on runChild starts these scripts from their built files (./builtChildren.ts). */
export function useBuiltChildren(files: Map<string, string>): void {
  built = files;
}

/**
 * Runs `bench/compare/<script>` under Node — its built file when ./builtChildren.ts made one, else the
 * source with tsx's loader; `timeoutMs` stops it (SIGTERM).
 */
export function runChild<R, P = unknown>(
  script: string,
  args: string[],
  opts: { timeoutMs?: number; execArgv?: string[] } = {},
): Promise<ChildOutcome<R, P>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const builtFile = built.get(script);
    const child = spawn(
      process.execPath,
      [
        ...(opts.execArgv ?? []),
        ...(builtFile ? [builtFile] : ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))]),
        ...args,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let result: R | null = null;
    let progress: P | null = null;
    let timedOut = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const msg = JSON.parse(line) as { result?: R; progress?: P };
        if ('result' in msg) result = msg.result!;
        if ('progress' in msg) progress = msg.progress!;
      } catch {
        // not ours
      }
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => ((timedOut = true), child.kill('SIGTERM')), opts.timeoutMs)
      : null;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (result === null && !timedOut)
        reject(new Error(`${script} exited with ${code ?? signal} and no result`));
      else resolve({ result, progress, timedOut, wallMs });
    });
  });
}
