// Bulk Desk's side of the throughput, memory and rate-limit figures: the real services (SQLite in a
// temporary data folder, the job runner, signing per attempt) driven through the contract exactly as
// the app and the CLI drive them. The secret is held in memory here (the bench may run where no
// keychain is unlocked); everything else is the production path.
//   node --import tsx bench/compare/runnerChild.ts --csv F --base-url U --email E --secret S
//        [--concurrency 8|auto] [--rate N] [--limit REQUESTS/WINDOW_MS] [--gc-before-samples]
// --concurrency auto (the app's default) lets the runner find it; the result then says where it went.
// --gc-before-samples (with node --expose-gc): a full GC before each memory sample, so the growth slopes
// measure live memory. Without it V8 lets garbage pile up between major GCs (RSS climbs by ~100 MB over
// a fast 100k-row job and drops back after one), which says how lazy the GC is, not what the job keeps.
// It slows the job, so bench/run.ts uses it for the memory run only, never for rows/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { JobProgress } from '../../src-shared/contract/api';
import { createServices } from '../../src-main/services';
import { slope } from './slope';
import { call, memoryStore } from './benchServices';
import { arg, emit, peakRssMb, profileSendingWindow, type CpuSendResult } from './child';

export interface RunnerResult extends CpuSendResult {
  /**
   * Least-squares slope against rows done, from 10% of the job on, sampled every 500 ms (RSS) and after
   * each major GC (live heap); with --gc-before-samples both right after a forced full GC.
   */
  rssGrowthPerRowBytes: number;
  heapGrowthPerRowBytes: number;
  importRowsPerSec: number;
  /** Time the event loop (the thread that sends) was busy, per row: the writer thread's share is not in it. */
  mainThreadUsPerRow: number;
  /** Requests allowed in flight, from job:progress: the average over each half of the rows, and the last. */
  concurrency: { firstHalf: number; secondHalf: number; last: number; mode: string; reason: string } | null;
}

async function main() {
  const csv = arg('csv')!;
  const concurrencyArg = arg('concurrency') ?? '8';
  const concurrency = concurrencyArg === 'auto' ? undefined : Number(concurrencyArg);
  const rate = arg('rate');
  // The LMS's rolling window as the admin enters it (Coassemble's 100/60000 is the built-in default).
  const limit = arg('limit')?.split('/').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-runnerbench-'));
  const s = await createServices({ dataDir: dir, sandbox: false, credentials: memoryStore() });
  try {
    const conn = await call(s, 'connections.save', {
      name: 'Bench LMS',
      baseUrl: arg('base-url')!,
      identity: { api: 'coursepath', email: arg('email')! },
      secret: arg('secret')!,
    });
    const t0 = performance.now();
    const dataset = await call(s, 'datasets.import', { source: { kind: 'path', path: csv } });
    const importMs = performance.now() - t0;
    const job = await call(s, 'jobs.create', {
      datasetId: dataset.id,
      connectionId: conn.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: {
          email: { kind: 'column', column: 'email' },
          name: { kind: 'template', template: '{first_name} {last_name}' },
        },
      },
      options: {
        canary: 0, // a benchmark of the whole run, not of the canary pause
        ...(concurrency !== undefined ? { concurrency } : {}),
        ratePerSecond: rate ? Number(rate) : null,
        ...(limit ? { rateLimit: { requests: limit[0]!, windowMs: limit[1]! } } : {}),
      },
    });
    const rows = job.counts.total;
    const rssPoints: [number, number][] = [];
    const heapPoints: [number, number][] = [];
    let done = 0;
    // The concurrency over time: a sum weighted by the time each value held, per half of the rows.
    const halves = [
      { sum: 0, ms: 0 },
      { sum: 0, ms: 0 },
    ];
    let lastLimit: { at: number; limit: number; half: number } | null = null;
    let lastConcurrency: JobProgress['concurrency'] = null;
    const off = s.events.subscribe((m) => {
      const p = m.payload as JobProgress; // checked by the event name below
      if (m.event === 'job:progress' && p.jobId === job.id) {
        const c = p.counts;
        done = c.succeeded + c.failed + c.skipped;
        if (p.concurrency) {
          const at = performance.now();
          if (lastLimit) {
            halves[lastLimit.half]!.sum += lastLimit.limit * (at - lastLimit.at);
            halves[lastLimit.half]!.ms += at - lastLimit.at;
          }
          lastLimit = { at, limit: p.concurrency.limit, half: done < rows / 2 ? 0 : 1 };
          lastConcurrency = p.concurrency;
        }
      }
    });
    const wantGc = process.argv.includes('--gc-before-samples');
    const forceGc = wantGc ? globalThis.gc : undefined;
    if (wantGc && !forceGc) throw new Error('--gc-before-samples needs node --expose-gc');
    const gcs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = (e as { detail?: { kind?: number } }).detail?.kind;
        if (!forceGc && kind === constants.NODE_PERFORMANCE_GC_MAJOR && done >= rows * 0.1)
          heapPoints.push([done, process.memoryUsage().heapUsed]);
      }
    });
    gcs.observe({ entryTypes: ['gc'] });
    const timer = setInterval(() => {
      if (done >= rows * 0.1) {
        forceGc?.();
        rssPoints.push([done, process.memoryUsage.rss()]);
        if (forceGc) heapPoints.push([done, process.memoryUsage().heapUsed]);
      }
      emit('progress', {
        done,
        rows,
        elapsedMs: Math.round(performance.now() - started),
        peakRssMb: peakRssMb(),
      });
    }, 500);
    const stopProfile = await profileSendingWindow();
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    await call(s, 'jobs.start', { jobId: job.id });
    const summary = await s.runner.whenSettled(job.id);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    await stopProfile();
    clearInterval(timer);
    gcs.disconnect();
    off();
    const result: RunnerResult = {
      rows,
      succeeded: summary.counts.succeeded,
      failed: summary.counts.failed + summary.counts.skipped,
      ms: Math.round(ms),
      cpuUsPerRow: Math.round((cpu.user + cpu.system) / rows),
      mainThreadUsPerRow: Math.round((elu.active * 1000) / rows),
      rowsPerSec: Math.round(summary.counts.succeeded / (ms / 1000)),
      peakRssMb: peakRssMb(),
      rssGrowthPerRowBytes: Math.round(slope(rssPoints)),
      heapGrowthPerRowBytes: Math.round(slope(heapPoints)),
      importRowsPerSec: Math.round(rows / (importMs / 1000)),
      concurrency: lastConcurrency
        ? {
            firstHalf: halves[0]!.ms ? halves[0]!.sum / halves[0]!.ms : 0,
            secondHalf: halves[1]!.ms ? halves[1]!.sum / halves[1]!.ms : 0,
            last: (lastConcurrency as NonNullable<JobProgress['concurrency']>).limit,
            mode: (lastConcurrency as NonNullable<JobProgress['concurrency']>).mode,
            reason: (lastConcurrency as NonNullable<JobProgress['concurrency']>).reason,
          }
        : null,
    };
    emit('result', result);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`runner bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
