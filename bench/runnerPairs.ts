// A change to the runner's hot path, measured against its predecessor: two builds of the bench's runner
// child (bench/compare/builtChildren.ts) and the bare loop, run in alternating rounds against one sandbox
// in its own process — A, B, bare, then B, A, bare, … — so a burst of load from elsewhere on the machine
// lands on both sides of a pair. Each pair prints both rows/s, B's share of A's, each side's share of
// the bare loop's in the same round, and the load average as the round ended.
//   npx vite build --config bench/compare/children.vite.config.ts && cp -r out/bench out/bench-a
//   (change the runner) npx vite build --config bench/compare/children.vite.config.ts
//   npx tsx bench/runnerPairs.ts --a out/bench-a [--b out/bench] [--rows 10000] [--concurrency 8] [--pairs 8]
// Read the pairs, not the medians alone: on a shared 2-core machine one run's rows/s moves by ±15%.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeUsersCsv } from './csvImportBench';
import { arg, ROOT, runChild, useBuiltChildren } from './compare/child';
import type { BareResult } from './compare/bareLoop';
import { spread } from './compare/rounds';
import type { RunnerResult } from './compare/runnerChild';
import { startSandboxProcess, target } from './compare/sandboxProcess';

async function main() {
  const a = resolve(ROOT, arg('a') ?? 'out/bench-a');
  const b = resolve(ROOT, arg('b') ?? 'out/bench');
  const rows = Number(arg('rows') ?? 10_000);
  const concurrency = arg('concurrency') ?? '8';
  const pairs = Number(arg('pairs') ?? 8);
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-pairs-'));
  const csv = writeUsersCsv(join(dir, `users-${rows}.csv`), rows);
  const sandbox = await startSandboxProcess(['--no-limits']);
  const args = [...target(sandbox, csv), '--rows', String(rows), '--concurrency', concurrency];
  const runFrom = async (built: string): Promise<RunnerResult> => {
    useBuiltChildren(new Map([['runnerChild.ts', join(built, 'runnerChild.js')]]));
    await sandbox.reset().catch(() => sandbox.reset());
    return (await runChild<RunnerResult>('runnerChild.ts', args)).result!;
  };
  const bareRun = async (): Promise<BareResult> => {
    useBuiltChildren(new Map([['bareLoop.ts', join(b, 'bareLoop.js')]]));
    await sandbox.reset().catch(() => sandbox.reset());
    return (await runChild<BareResult>('bareLoop.ts', args)).result!;
  };
  const ratios: number[] = [];
  const vsBare = { a: [] as number[], b: [] as number[] };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${rows} rows, concurrency ${concurrency}; A = ${a}, B = ${b}`);
  out(
    'pair  A rows/s  B rows/s  B/A    A/bare  B/bare  bare rows/s  A cpu·loop µs/row  B cpu·loop µs/row  load',
  );
  try {
    for (let i = 1; i <= pairs; i++) {
      const aFirst = i % 2 === 1;
      const first = await runFrom(aFirst ? a : b);
      const second = await runFrom(aFirst ? b : a);
      const [ra, rb] = aFirst ? [first, second] : [second, first];
      const bare = await bareRun();
      const bad = ra.failed + rb.failed + bare.failed;
      ratios.push(rb.rowsPerSec / ra.rowsPerSec);
      vsBare.a.push(ra.rowsPerSec / bare.rowsPerSec);
      vsBare.b.push(rb.rowsPerSec / bare.rowsPerSec);
      const pct = (x: number) => `${Math.round(x * 100)}%`.padEnd(6);
      out(
        `${String(i).padEnd(4)}  ${String(ra.rowsPerSec).padEnd(8)}  ${String(rb.rowsPerSec).padEnd(8)}  ` +
          `${pct(ratios.at(-1)!)} ${pct(vsBare.a.at(-1)!)}  ${pct(vsBare.b.at(-1)!)}  ${String(bare.rowsPerSec).padEnd(11)}  ` +
          `${`${ra.cpuUsPerRow}·${ra.mainThreadUsPerRow}`.padEnd(17)}  ${`${rb.cpuUsPerRow}·${rb.mainThreadUsPerRow}`.padEnd(17)}  ` +
          `${loadavg()[0]!.toFixed(1)}${aFirst ? '' : '  (B ran first)'}${bad ? `  ${bad} rows not sent!` : ''}`,
      );
    }
    const s = spread(ratios);
    const m = (xs: number[]) => spread(xs);
    const f = (x: { median: number; min: number; max: number }) =>
      `${Math.round(x.median * 100)}% (${Math.round(x.min * 100)}–${Math.round(x.max * 100)})`;
    out(`B/A median ${f(s)}; B won ${ratios.filter((r) => r > 1).length} of ${pairs} pairs`);
    out(`A/bare ${f(m(vsBare.a))}; B/bare ${f(m(vsBare.b))}`);
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`runner pairs failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
