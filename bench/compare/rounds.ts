// Runner beside the bare loop, a few rounds each, alternating (runner, bare, runner, bare, …) so a burst
// of load from elsewhere on the machine lands on both, and the median of each figure. On a shared
// 2-core machine one run's rows/s moves by ±15%; the median of three alternating rounds is what the
// README quotes, with the range beside it.
import type { BareResult } from './bareLoop';
import { runChild } from './child';
import type { RunnerResult } from './runnerChild';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v.at(-1)! };
}

export interface RoundsResult {
  rounds: number;
  runner: RunnerResult[];
  bare: BareResult[];
  /** Median over rounds of each figure. */
  runnerRowsPerSec: Spread;
  bareRowsPerSec: Spread;
  /** Runner rows/s as a share of the bare loop's, per round (each round's pair ran back to back). */
  vsCeiling: Spread;
  runnerCpuUsPerRow: number;
  bareCpuUsPerRow: number;
  /** Event-loop busy time per row (the sending thread alone; the runner's writer thread is not in it). */
  runnerMainUsPerRow: number;
  bareMainUsPerRow: number;
  runnerPeakRssMb: number;
  barePeakRssMb: number;
  /**
   * The sandbox's CPU per row while each side ran (median over rounds), in µs; null where /proc cannot
   * tell. Both sides share the machine's cores with it, so it says how much CPU was left for the client.
   */
  runnerSandboxUsPerRow: number | null;
  bareSandboxUsPerRow: number | null;
  /** Rows that did not succeed, summed over rounds (0 expected against a sandbox with no faults). */
  runnerFailed: number;
  bareFailed: number;
}

export async function runnerBesideBare(opts: {
  rounds: number;
  args: string[];
  reset: () => Promise<void>;
  /** The sandbox process's CPU time so far, in µs (SandboxProcess.cpuUs). */
  sandboxCpuUs?: () => number | null;
  log: (line: string) => void;
}): Promise<RoundsResult> {
  const runner: RunnerResult[] = [];
  const bare: BareResult[] = [];
  const sandboxUs = { runner: [] as number[], bare: [] as number[] };
  // The sandbox's CPU while `child` ran, per row; nothing recorded where it cannot be read.
  const measured = async <R extends { rows: number }>(side: 'runner' | 'bare', child: () => Promise<R>) => {
    const before = opts.sandboxCpuUs?.() ?? null;
    const r = await child();
    const after = opts.sandboxCpuUs?.() ?? null;
    if (before !== null && after !== null) sandboxUs[side].push((after - before) / r.rows);
    return r;
  };
  for (let i = 1; i <= opts.rounds; i++) {
    await opts.reset();
    opts.log(`  round ${i}/${opts.rounds}: runner…`);
    runner.push(
      await measured(
        'runner',
        async () => (await runChild<RunnerResult>('runnerChild.ts', opts.args)).result!,
      ),
    );
    await opts.reset();
    opts.log(`  round ${i}/${opts.rounds}: bare loop…`);
    bare.push(
      await measured('bare', async () => (await runChild<BareResult>('bareLoop.ts', opts.args)).result!),
    );
  }
  const med = (xs: number[]) => spread(xs).median;
  return {
    rounds: opts.rounds,
    runner,
    bare,
    runnerRowsPerSec: spread(runner.map((r) => r.rowsPerSec)),
    bareRowsPerSec: spread(bare.map((b) => b.rowsPerSec)),
    vsCeiling: spread(runner.map((r, i) => r.rowsPerSec / bare[i]!.rowsPerSec)),
    runnerCpuUsPerRow: med(runner.map((r) => r.cpuUsPerRow)),
    bareCpuUsPerRow: med(bare.map((b) => b.cpuUsPerRow)),
    runnerMainUsPerRow: med(runner.map((r) => r.mainThreadUsPerRow)),
    bareMainUsPerRow: med(bare.map((b) => b.mainThreadUsPerRow)),
    runnerPeakRssMb: med(runner.map((r) => r.peakRssMb)),
    barePeakRssMb: med(bare.map((b) => b.peakRssMb)),
    runnerSandboxUsPerRow: sandboxUs.runner.length ? med(sandboxUs.runner) : null,
    bareSandboxUsPerRow: sandboxUs.bare.length ? med(sandboxUs.bare) : null,
    runnerFailed: runner.reduce((a, r) => a + r.failed, 0),
    bareFailed: bare.reduce((a, b) => a + b.failed, 0),
  };
}
