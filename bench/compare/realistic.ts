// Automatic concurrency against the realistic sandbox (issue 19), side by side in one run:
//  1. a sweep of fixed concurrencies (each run capped in time, or run whole when the LMS changes
//     mid-job), to find the best fixed number an admin could have picked had they known the LMS;
//  2. alternating rounds of the whole job with automatic concurrency and with that best number;
// reporting rows per second, the share of requests answered 429/503, and where automatic concurrency
// went in each half of the job.
import { runChild } from './child';
import type { RunnerResult } from './runnerChild';
import { spread, type Spread } from './rounds';
import { target, type SandboxProcess } from './sandboxProcess';

interface Progress {
  done: number;
  rows: number;
  elapsedMs: number;
}

export interface SweepPoint {
  concurrency: number;
  rowsPerSec: number;
  refusedShare: number;
}

export interface AutoVsFixed {
  sweep: SweepPoint[];
  best: SweepPoint;
  auto: { rowsPerSec: Spread; refusedShare: number; firstHalf: number; secondHalf: number; reason: string };
  fixed: { rowsPerSec: Spread; refusedShare: number };
  /** Auto's rows/s over the best fixed's, per round (each round's pair ran back to back). */
  ratio: Spread;
}

const share = (r: { requests: number; refused429: number; refused503: number }) =>
  r.requests ? (r.refused429 + r.refused503) / r.requests : 0;

/** One job of the sandbox's file with `concurrency` (a number or 'auto'); stopped after `timeoutMs` if given. */
async function one(sb: SandboxProcess, csv: string, concurrency: string, timeoutMs?: number) {
  await sb.reset();
  const r = await runChild<RunnerResult, Progress>(
    'runnerChild.ts',
    [...target(sb, csv), '--concurrency', concurrency],
    timeoutMs ? { timeoutMs } : {},
  );
  const rowsPerSec = r.result
    ? (r.result.succeeded / r.result.ms) * 1000
    : r.progress && r.progress.elapsedMs
      ? (r.progress.done / r.progress.elapsedMs) * 1000
      : 0;
  return { rowsPerSec, result: r.result, refused: await sb.refusals() };
}

export async function autoVsFixed(opts: {
  sandbox: SandboxProcess;
  csv: string;
  sweep: number[];
  /** Each sweep point runs at most this long (its rate so far counts); absent: the whole job. */
  sweepMs?: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<AutoVsFixed> {
  const { sandbox: sb, csv, log } = opts;
  const sweep: SweepPoint[] = [];
  for (const c of opts.sweep) {
    const r = await one(sb, csv, String(c), opts.sweepMs);
    sweep.push({ concurrency: c, rowsPerSec: r.rowsPerSec, refusedShare: share(r.refused) });
    log(`  fixed ${c}: ${r.rowsPerSec.toFixed(1)} rows/s, ${(100 * share(r.refused)).toFixed(1)}% refused`);
  }
  // The best fixed number an admin could keep: the fastest with under 1% of requests refused (the same
  // bar automatic concurrency is held to). Faster settings that hammer the LMS with 503s show in the sweep.
  const fastest = (xs: SweepPoint[]) => xs.reduce((a, b) => (b.rowsPerSec > a.rowsPerSec ? b : a));
  const clean = sweep.filter((p) => p.refusedShare < 0.01);
  const best = fastest(clean.length ? clean : sweep);
  log(
    `  best fixed: ${best.concurrency}; now ${opts.rounds} alternating rounds of the whole job, automatic and ${best.concurrency}…`,
  );
  const auto: Awaited<ReturnType<typeof one>>[] = [];
  const fixed: Awaited<ReturnType<typeof one>>[] = [];
  for (let i = 1; i <= opts.rounds; i++) {
    auto.push(await one(sb, csv, 'auto'));
    const a = auto.at(-1)!;
    log(
      `  round ${i}: automatic ${a.rowsPerSec.toFixed(1)} rows/s (${(100 * share(a.refused)).toFixed(2)}% refused; ` +
        `${a.result?.concurrency?.firstHalf.toFixed(1)} then ${a.result?.concurrency?.secondHalf.toFixed(1)} in flight)`,
    );
    fixed.push(await one(sb, csv, String(best.concurrency)));
    log(`  round ${i}: fixed ${best.concurrency} ${fixed.at(-1)!.rowsPerSec.toFixed(1)} rows/s`);
  }
  const sumShare = (xs: typeof auto) => {
    const t = xs.reduce(
      (a, x) => ({
        requests: a.requests + x.refused.requests,
        refused429: a.refused429 + x.refused.refused429,
        refused503: a.refused503 + x.refused.refused503,
      }),
      { requests: 0, refused429: 0, refused503: 0 },
    );
    return share(t);
  };
  const mid = (xs: number[]) => spread(xs).median;
  return {
    sweep,
    best,
    auto: {
      rowsPerSec: spread(auto.map((a) => a.rowsPerSec)),
      refusedShare: sumShare(auto),
      firstHalf: mid(auto.map((a) => a.result?.concurrency?.firstHalf ?? 0)),
      secondHalf: mid(auto.map((a) => a.result?.concurrency?.secondHalf ?? 0)),
      reason: auto.at(-1)?.result?.concurrency?.reason ?? '',
    },
    fixed: { rowsPerSec: spread(fixed.map((f) => f.rowsPerSec)), refusedShare: sumShare(fixed) },
    ratio: spread(auto.map((a, i) => a.rowsPerSec / fixed[i]!.rowsPerSec)),
  };
}
