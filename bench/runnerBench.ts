// The runner's own benchmark: a Coursepath create-member job of `rows` rows against the sandbox with no
// limits, the sandbox in its own process (so its ledger does not count towards our memory), the runner
// in this one with the production path (SQLite, signing per attempt, the contract). Rows are written
// into the dataset in chunks, never held as a whole. Prints rows per second and memory:
//   node --expose-gc --import tsx bench/runnerBench.ts 1000 10000 100000 [--concurrency 16]
// With --expose-gc, a GC runs before each memory sample (every 200 ms once 10% of the rows are done), so
// the growth slope measures live memory. BENCH_TRACE=1 also prints RSS and live heap at each stage and
// every 2,000 rows (with a GC first), which shows where memory goes.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { JobProgress } from '../src-shared/contract/api';
import { createDataset, finishDataset, rowAppender } from '../src-main/db/datasets';
import type { Db } from '../src-main/db/openDb';
import { createServices } from '../src-main/services';
import { slope } from './compare/slope';
import { call, memoryStore } from './compare/benchServices';

export interface RunnerBenchOptions {
  /** Requests in flight (default 16). */
  concurrency?: number;
  /** Also fetch the sandbox ledger and count rows sent more than once or never (default false). */
  verify?: boolean;
  /** Sandbox faults, e.g. "latency:1-5" (default none). */
  faults?: string;
}

export interface RunnerBenchResult {
  rows: number;
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
  /** Least-squares slope of RSS against rows done, from 10% of the job on (after a GC when --expose-gc). */
  rssGrowthPerRowBytes: number;
  succeeded: number;
  /** With `verify`: emails created more than once, and rows the sandbox never received. */
  duplicates?: number;
  missing?: number;
}

const SANDBOX_CLI = fileURLToPath(new URL('../src-main/sandbox/cli.ts', import.meta.url));


interface SandboxChild {
  proc: ChildProcess;
  url: string;
  coursepath: { baseUrl: string; email: string; apiKey: string };
}

async function startSandboxProcess(faults?: string): Promise<SandboxChild> {
  const args = [
    '--import',
    'tsx',
    SANDBOX_CLI,
    '--port',
    '0',
    '--seed',
    '1',
    '--no-limits',
    '--credentials-json',
  ];
  if (faults) args.push('--faults', faults);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (line) => {
      rl.close();
      resolve(line);
    });
    proc.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const creds = JSON.parse(first) as { coursepath: SandboxChild['coursepath'] };
  return { proc, url: new URL(creds.coursepath.baseUrl).origin, coursepath: creds.coursepath };
}


/** A dataset of `rows` generated rows (email, name), written a chunk at a time. */
function seedRows(db: Db, rows: number): string {
  const datasetId = randomUUID();
  createDataset(db, { id: datasetId, name: 'bench', fileName: 'bench.csv', importedAt: Date.now() });
  const append = rowAppender(db, datasetId);
  for (let i = 0; i < rows; i += 1000) {
    const n = Math.min(1000, rows - i);
    append(
      Array.from({ length: n }, (_, k) => [`bench${i + k + 1}@example.com`, `Bench ${i + k + 1}`]),
      i + 2,
    );
  }
  finishDataset(db, datasetId, {
    columns: ['email', 'name'],
    rowCount: rows,
    delimiter: ',',
    encoding: 'utf-8',
  });
  return datasetId;
}

/** Counts, from the sandbox ledger, members created more than once and rows never received. */
async function verifyLedger(url: string, rows: number): Promise<{ duplicates: number; missing: number }> {
  const seen = new Map<string, number>();
  for (let since = 0; ;) {
    const page = (await (await fetch(`${url}/__sandbox/ledger?since=${since}`)).json()) as {
      seq: number;
      method: string;
      path: string;
      status: number;
      body?: { email?: string };
    }[];
    if (page.length === 0) break;
    for (const e of page) {
      if (e.method === 'POST' && e.path === '/api/v1/members' && e.status === 201) {
        const email = String(e.body?.email);
        seen.set(email, (seen.get(email) ?? 0) + 1);
      }
    }
    since = page.at(-1)!.seq;
  }
  let duplicates = 0;
  for (const n of seen.values()) if (n > 1) duplicates++;
  let missing = 0;
  for (let i = 1; i <= rows; i++) if (!seen.has(`bench${i}@example.com`)) missing++;
  return { duplicates, missing };
}

export async function benchRunner(rows: number, opts: RunnerBenchOptions = {}): Promise<RunnerBenchResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const sandbox = await startSandboxProcess(opts.faults);
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-runnerbench-'));
  // The dataset is written by another process first: importing is csvImportBench's subject, and its
  // memory would otherwise count towards the job's peak here.
  const datasetId = await inChild<string>(['--seed', dir, String(rows)]);
  const s = await createServices({ dataDir: dir, sandbox: false, credentials: memoryStore() });
  try {
    const conn = await call(s, 'connections.save', {
      name: 'Bench sandbox',
      baseUrl: sandbox.coursepath.baseUrl,
      identity: { api: 'coursepath', email: sandbox.coursepath.email },
      secret: sandbox.coursepath.apiKey,
    });
    if (process.env.BENCH_TRACE)
      console.error(`rss at start ${(process.memoryUsage.rss() / 1048576).toFixed(1)} MB`);
    const job = await call(s, 'jobs.create', {
      datasetId,
      connectionId: conn.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
      },
      options: { concurrency: opts.concurrency ?? 16, canary: 0 },
    });

    gc?.();
    if (process.env.BENCH_TRACE)
      console.error(`rss before job ${(process.memoryUsage.rss() / 1048576).toFixed(1)} MB`);
    let peak = process.memoryUsage.rss();
    const points: [number, number][] = [];
    let lastDone = 0;
    let lastSampleAt = 0;
    let traced = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
    const unsubscribe = s.events.subscribe((m) => {
      const p = m.payload as JobProgress;
      if (p.jobId !== job.id) return;
      lastDone = p.counts.succeeded + p.counts.failed + p.counts.skipped;
      const now = performance.now();
      if (process.env.BENCH_TRACE && lastDone - traced >= 2000) {
        traced = lastDone;
        gc?.();
        const mu = process.memoryUsage();
        console.error(
          `${lastDone} rss ${(mu.rss / 1048576).toFixed(1)} heap ${(mu.heapUsed / 1048576).toFixed(1)} ext ${(mu.external / 1048576).toFixed(1)}`,
        );
      }
      if (lastDone >= rows * 0.1 && now - lastSampleAt >= 200) {
        lastSampleAt = now;
        gc?.();
        points.push([lastDone, process.memoryUsage.rss()]);
      }
    });
    const t0 = performance.now();
    await call(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    const ms = performance.now() - t0;
    clearInterval(sampler);
    unsubscribe();
    peak = Math.max(peak, process.memoryUsage.rss());
    const result: RunnerBenchResult = {
      rows,
      ms: Math.round(ms),
      rowsPerSec: Math.round((rows / ms) * 1000),
      peakRssMb: Math.round((peak / 1024 / 1024) * 10) / 10,
      rssGrowthPerRowBytes: Math.round(slope(points) * 10) / 10,
      succeeded: done.counts.succeeded,
    };
    if (opts.verify) Object.assign(result, await verifyLedger(sandbox.url, rows));
    return result;
  } finally {
    await s.close();
    sandbox.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: each size in a fresh process (so one size's memory does not count towards the next),
// one line per size, then the difference in peak memory between the largest and the smallest.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const ci = args.indexOf('--concurrency');
  const concurrency = ci >= 0 ? Number(args.splice(ci, 2)[1]) : 16;
  const one = args.indexOf('--one');
  const seed = args.indexOf('--seed');
  if (seed >= 0) {
    const s = await createServices({ dataDir: args[seed + 1]!, sandbox: false, credentials: memoryStore() });
    const id = seedRows(s.db, Number(args[seed + 2]));
    await s.close();
    process.stdout.write(`${JSON.stringify(id)}\n`);
  } else if (one >= 0) {
    const r = await benchRunner(Number(args[one + 1]), { concurrency, verify: true });
    process.stdout.write(`${JSON.stringify(r)}\n`);
  } else {
    const sizes = (args.length ? args : ['1000', '10000']).map(Number);
    const results: RunnerBenchResult[] = [];
    for (const n of sizes) {
      const r = await inChild<RunnerBenchResult>(['--one', String(n), '--concurrency', String(concurrency)]);
      results.push(r);
      console.log(
        `${n.toLocaleString('en')} rows: ${r.rowsPerSec} rows/s, peak RSS ${r.peakRssMb} MB, ` +
          `RSS growth ${r.rssGrowthPerRowBytes} B/row, ${r.succeeded} succeeded, ${r.duplicates} duplicates, ${r.missing} missing`,
      );
    }
    if (results.length > 1) {
      const d = results.at(-1)!.peakRssMb - results[0]!.peakRssMb;
      console.log(
        `peak RSS, ${sizes.at(-1)} rows vs ${sizes[0]} rows: ${d >= 0 ? '+' : ''}${d.toFixed(1)} MB`,
      );
    }
  }
}

/** Runs this file with `args` in a fresh Node process; its last stdout line is the JSON result. */
function inChild<T>(args: string[]): Promise<T> {
  const gcFlag = (globalThis as { gc?: unknown }).gc ? ['--expose-gc'] : [];
  const child = spawn(
    process.execPath,
    [...gcFlag, '--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line) resolve(JSON.parse(line) as T);
      else reject(new Error(`runnerBench ${args.join(' ')} exited with ${code}`));
    }),
  );
}
