// `npm run bench [-- --quick] [-- --only realistic,throughput,lan,window,cli,recipe,import,ui,crash,faults]`: every figure the
// README quotes, measured side by side in one run on this machine, printed as one table. Each tool runs in a child process of its own (bench/compare/*) against
// the same sandbox LMS, itself in its own process (as `npm run sandbox` runs it), reset between runs so
// every tool creates the same members from the same CSV file:
//   - Bulk Desk's runner (the real services: SQLite, signing per attempt, throttle) — runnerChild.ts
//   - Newman 6.2.2 with a generated Postman collection and a CryptoJS pre-request script — newmanChild.ts
//   - a bare HTTP loop with the same concurrency, signing and HTTP exchange, the ceiling — bareLoop.ts
// The runner and the bare loop run three alternating rounds per size (bench/compare/rounds.ts).
// plus the rate-limit run (a sandbox enforcing a short rolling window), the CSV import beside papaparse
// alone (bench/csvImportBench.ts), a 50,000-row workbook import and the storage ratio
// (bench/storageBench.ts), a 4-step recipe beside the same calls one at a time (bench/recipeBench.ts),
// and the sandbox's own req/s (bench/sandboxBench.ts).
// Issue 19 adds, each side by side in the same run: against the realistic sandbox (80–400 ms per request,
// a capacity it does not announce), automatic concurrency beside the best fixed concurrency of a sweep
// of 1–64 (bench/compare/realistic.ts), also with the capacity dropping half-way; a 100-per-minute
// window at realistic latency; and the command line end to end beside Newman's (bench/compare/cliChild.ts).
// With the runner beside the bare loop: the sandbox's own CPU per row while each ran, the durable writes
// alone with no HTTP (bench/compare/durableFloorChild.ts), and the pair again against an LMS answering in
// 5 ms (section lan).
// --only picks sections: throughput (runner vs bare loop, memory, durable floor), lan, realistic, window, cli, recipe, import
// (CSV and workbook import, storage ratio, mapping), ui, crash (the kill -9 crash-recovery soak,
// bench/crashSoak.ts: fails the bench if a round loses or repeats anything), faults (the volume-and-faults
// soak, bench/faultSoak.ts: 10,000 rows exactly once and 2,500 under faults, judged as the test judges 3,000 and 800).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchCsvImport, writeUsersCsv } from './csvImportBench';
import { benchSandbox } from './sandboxBench';
import { benchStorageRatios, benchWorkbookImport, type ImportResult } from './storageBench';
import { benchMapping } from './mappingBench';
import { benchUi } from './uiBench';
import { benchRecipe, type RecipeBenchResult } from './recipeBench';
import { spawnSync } from 'node:child_process';
import { ROOT, runChild } from './compare/child';
import { buildChildren } from './compare/builtChildren';
import type { NewmanResult } from './compare/newmanChild';
import type { PlanResult } from './compare/planChild';
import type { RunnerResult } from './compare/runnerChild';
import { runnerBesideBare, type RoundsResult, type Spread } from './compare/rounds';
import { autoVsFixed, type AutoVsFixed } from './compare/realistic';
import { startSandboxProcess, target as targetOf, type SandboxProcess } from './compare/sandboxProcess';
import type { CliResult } from './compare/cliChild';
import type { DurableFloorResult } from './compare/durableFloorChild';
import type { CrashSoakResult } from './crashSoak';

const QUICK = process.argv.includes('--quick');
const ONLY = (() => {
  const i = process.argv.indexOf('--only');
  return i >= 0 ? new Set(process.argv[i + 1]!.split(',')) : null;
})();
const run = (section: string) => !ONLY || ONLY.has(section);
/**
 * Rows in flight for the runner and the bare loop (Newman sends one at a time, as it does). 16 rather
 * than the app's default of 4 for Coursepath: an admin raises it for an API with no limit, and the bench
 * measures what the runner costs when the LMS is fast, not how long it waits. A concurrency-8 row sits
 * beside it in the table.
 */
const CONCURRENCY = 16;
const LOW_CONCURRENCY = 8;
const PLAN = QUICK
  ? {
      sizes: [200, 2000],
      rounds: 1,
      newmanMax: 200,
      newmanTimeoutMs: 60_000,
      rateRows: 40,
      planRows: 2000,
      recipeRows: 200,
      csvRows: 100_000,
      sandboxMs: 2000,
      workbookRows: 5000,
      ratioMb: 4,
      realisticRows: 600,
      sweep: [1, 4, 16, 32, 64],
      sweepMs: 6000,
      changeSweep: [8, 24, 48],
      realisticRounds: 1,
      windowRows: 20,
      cliRows: 300,
      lanRows: 1000,
    }
  : {
      sizes: [1000, 10_000, 100_000],
      rounds: 3,
      newmanMax: 10_000,
      newmanTimeoutMs: 180_000,
      rateRows: 200,
      planRows: 10_000,
      recipeRows: 1000,
      csvRows: 1_000_000,
      sandboxMs: 5000,
      workbookRows: 50_000,
      ratioMb: 40,
      realisticRows: 5000,
      sweep: [1, 2, 4, 8, 16, 24, 32, 48, 64],
      sweepMs: 20_000,
      changeSweep: [8, 16, 24, 32, 48],
      realisticRounds: 3,
      windowRows: 250,
      cliRows: 5000,
      lanRows: 10_000,
    };
/** The realistic sandbox of (a): 80–400 ms per request, 24 served at once + 24 waiting, then 503. */
const REALISTIC = ['--realistic', '--no-limits'];
/** (b): the same LMS at 32 + 32, dropping to 8 + 8 half-way through the job. */
const changeAt = (rows: number) => [
  '--realistic',
  '--no-limits',
  '--capacity',
  '32+32',
  '--capacity-change',
  `${rows / 2}:8+8`,
];
/**
 * (d) beside an LMS that answers in a fixed 5 ms and never turns a request away (a realistic-mode sandbox
 * with a capacity far above 16): an LMS on the same network, the fastest an admin could have.
 */
const LAN = { serviceMs: 5, flags: ['--no-limits', '--service-time', '5-5', '--capacity', '256+256'] };
/** (c): a documented window of 100 per rolling minute per client, at realistic latency. */
const WINDOW = { requests: 100, windowMs: 60_000 };
/** The enforced limit of the rate run: 20 requests per rolling 2 s, i.e. 10 req/s allowed. */
const LIMIT = { requests: 20, windowMs: 2000 };
const ALLOWED = LIMIT.requests / (LIMIT.windowMs / 1000);

interface Progress {
  done: number;
  rows: number;
  elapsedMs: number;
  peakRssMb: number;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** A sandbox process with `extra` flags (bench/compare/sandboxProcess.ts), in the shape the sections use. */
async function startSandbox(extra: string[]) {
  const sb = await startSandboxProcess(extra);
  return { ...sb, creds: sb.creds, url: sb.url, stop: sb.stop };
}
const reset = async (url: string) => void (await fetch(`${url}/__sandbox/reset`, { method: 'POST' })).text();
const ledger = async (url: string) =>
  (await (await fetch(`${url}/__sandbox/ledger?since=0`)).json()) as { status: number; path: string }[];
const target = (creds: SandboxProcess['creds'], csv: string) => targetOf({ creds } as SandboxProcess, csv);

interface SizeRow {
  rows: number;
  pair: RoundsResult;
  newman: { result: NewmanResult | null; progress: Progress | null; timedOut: boolean; skipped: boolean };
}

async function main() {
  const cpu = cpus();
  const machine = [
    `CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} logical cores`,
    `RAM: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `Node ${process.version} on ${process.platform}/${process.arch}`,
    `Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? '   (--quick: smoke sizes, not for quoting)' : ''}`,
  ];
  log(machine.join(' · '));
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-bench-'));
  // Built first: the CLI rows run the built CLI (as installed), the UI bench the built renderer.
  const built = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' }).status === 0;
  if (!built) log('electron-vite build failed: the CLI and UI rows are skipped');
  // Then the children that measure the runner, built as the app is (./compare/builtChildren.ts says why).
  const childrenBuilt = buildChildren();
  if (!childrenBuilt) log('building the bench children failed: they run through tsx');
  const sizes: SizeRow[] = [];
  let low: RoundsResult | null = null;
  let memory: RunnerResult | null = null;
  let planned: PlanResult | null = null;
  let floor: DurableFloorResult | null = null;
  let rate: {
    bd: RunnerResult;
    bd429: number;
    blind: { sent: number; rows: number; rowsPerSec: number; stopped: boolean };
    blind429: number;
  } | null = null;
  const sandbox = run('throughput') ? await startSandbox(['--no-limits']) : null;
  if (sandbox)
    try {
      for (const rows of PLAN.sizes) {
        const csv = writeUsersCsv(join(dir, `users-${rows}.csv`), rows);
        const base = [...target(sandbox.creds, csv), '--rows', String(rows)];
        log(
          `runner beside the bare loop, ${fmt(rows)} rows, concurrency ${CONCURRENCY}, ${PLAN.rounds} rounds…`,
        );
        const pair = await runnerBesideBare({
          rounds: PLAN.rounds,
          args: [...base, '--concurrency', String(CONCURRENCY)],
          reset: () => reset(sandbox.url),
          sandboxCpuUs: sandbox.cpuUs,
          log,
        });
        let newman: SizeRow['newman'] = { result: null, progress: null, timedOut: false, skipped: true };
        if (rows <= PLAN.newmanMax) {
          await reset(sandbox.url);
          log(`newman, ${fmt(rows)} rows (stopped after ${PLAN.newmanTimeoutMs / 1000} s)…`);
          const n = await runChild<NewmanResult, Progress>('newmanChild.ts', base, {
            timeoutMs: PLAN.newmanTimeoutMs,
          });
          newman = { result: n.result, progress: n.progress, timedOut: n.timedOut, skipped: false };
        }
        sizes.push({ rows, pair, newman });
      }
      // The same pair at the runner's lower concurrency, to show what group commit gains from more rows in
      // flight (fewer SQLite commits per row).
      const lowRows = PLAN.sizes[1]!;
      log(`runner beside the bare loop, ${fmt(lowRows)} rows, concurrency ${LOW_CONCURRENCY}…`);
      low = await runnerBesideBare({
        rounds: PLAN.rounds,
        args: [
          ...target(sandbox.creds, join(dir, `users-${lowRows}.csv`)),
          '--rows',
          String(lowRows),
          '--concurrency',
          String(LOW_CONCURRENCY),
        ],
        reset: () => reset(sandbox.url),
        sandboxCpuUs: sandbox.cpuUs,
        log,
      });
      // The durable writes alone, no HTTP: what no optimisation of the runner can take off its CPU per row.
      log(`durable floor: the runner's reads and writes for ${fmt(PLAN.sizes.at(-1)!)} rows, no HTTP…`);
      floor = (
        await runChild<DurableFloorResult>('durableFloorChild.ts', [
          '--csv',
          join(dir, `users-${PLAN.sizes.at(-1)!}.csv`),
        ]).catch((e: unknown) => (log(`durable floor failed: ${String(e)}`), { result: null }))
      ).result;
      // Memory growth: the biggest job once more, with a full GC before each sample (slower, so apart).
      const bigRows = PLAN.sizes.at(-1)!;
      await reset(sandbox.url);
      log(`memory: runner, ${fmt(bigRows)} rows, a full GC before each sample…`);
      memory = (
        await runChild<RunnerResult>(
          'runnerChild.ts',
          [
            ...target(sandbox.creds, join(dir, `users-${bigRows}.csv`)),
            '--concurrency',
            String(CONCURRENCY),
            '--gc-before-samples',
          ],
          { execArgv: ['--expose-gc'] },
        )
      ).result;
      // Plan speed: a file half of whose members the academy has, planned against the same sandbox.
      await reset(sandbox.url);
      log(`plan: ${fmt(PLAN.planRows)} rows against the sandbox (members listed 500 to a page)…`);
      planned = (
        await runChild<PlanResult>('planChild.ts', [
          '--rows',
          String(PLAN.planRows),
          '--base-url',
          sandbox.creds.coursepath.baseUrl,
          '--email',
          sandbox.creds.coursepath.email,
          '--secret',
          sandbox.creds.coursepath.apiKey,
        ]).catch((e: unknown) => (log(`plan bench failed: ${String(e)}`), { result: null }))
      ).result;
    } finally {
      await sandbox.stop();
    }

  // (d) again against an LMS that answers each request in LAN.serviceMs: the runner's overhead where the
  // LMS's latency, not the client's CPU, sets the pace (the fastest LMS an admin could have).
  const lan: { c16: RoundsResult; c8: RoundsResult } | null = run('lan')
    ? await (async () => {
        const l = await startSandbox(LAN.flags);
        try {
          const csv = writeUsersCsv(join(dir, 'users-lan.csv'), PLAN.lanRows);
          const args = (c: number) => [
            ...target(l.creds, csv),
            '--rows',
            String(PLAN.lanRows),
            '--concurrency',
            String(c),
          ];
          log(
            `(d) at ${LAN.serviceMs} ms per request: runner beside the bare loop, ${fmt(PLAN.lanRows)} rows, concurrency ${CONCURRENCY}…`,
          );
          const c16 = await runnerBesideBare({
            rounds: PLAN.rounds,
            args: args(CONCURRENCY),
            reset: l.reset,
            sandboxCpuUs: l.cpuUs,
            log,
          });
          log(`(d) at ${LAN.serviceMs} ms per request, concurrency ${LOW_CONCURRENCY}…`);
          const c8 = await runnerBesideBare({
            rounds: PLAN.rounds,
            args: args(LOW_CONCURRENCY),
            reset: l.reset,
            sandboxCpuUs: l.cpuUs,
            log,
          });
          return { c16, c8 };
        } finally {
          await l.stop();
        }
      })()
    : null;

  // (a) and (b): automatic concurrency beside the best fixed number of a sweep, against the realistic
  // sandbox, then with its capacity dropping half-way through the job.
  let steady: AutoVsFixed | null = null;
  let change: AutoVsFixed | null = null;
  if (run('realistic')) {
    const csv = writeUsersCsv(join(dir, 'users-realistic.csv'), PLAN.realisticRows);
    const a = await startSandbox(REALISTIC);
    try {
      log(
        `(a) realistic sandbox, ${fmt(PLAN.realisticRows)} rows: sweep of fixed concurrency (${PLAN.sweepMs / 1000} s each)…`,
      );
      steady = await autoVsFixed({
        sandbox: a,
        csv,
        sweep: PLAN.sweep,
        sweepMs: PLAN.sweepMs,
        rounds: PLAN.realisticRounds,
        log,
      });
    } finally {
      await a.stop();
    }
    const b = await startSandbox(changeAt(PLAN.realisticRows));
    try {
      log(
        `(b) capacity 32+32 dropping to 8+8 half-way, ${fmt(PLAN.realisticRows)} rows: sweep of whole jobs…`,
      );
      change = await autoVsFixed({
        sandbox: b,
        csv,
        sweep: PLAN.changeSweep,
        rounds: Math.min(2, PLAN.realisticRounds),
        log,
      });
    } finally {
      await b.stop();
    }
  }

  // (c): a documented window of 100 per rolling minute at realistic latency, automatic concurrency.
  let windowRun: { r: RunnerResult; refused: number; requests: number } | null = null;
  if (run('window')) {
    const w = await startSandbox([
      '--realistic',
      '--coassemble-limit',
      'none',
      '--coursepath-limit',
      `${WINDOW.requests}/${WINDOW.windowMs}ms`,
    ]);
    try {
      const csv = writeUsersCsv(join(dir, 'users-window.csv'), PLAN.windowRows);
      await w.reset();
      log(
        `(c) ${WINDOW.requests} per rolling minute, realistic latency, ${PLAN.windowRows} rows, automatic concurrency…`,
      );
      const r = (
        await runChild<RunnerResult>('runnerChild.ts', [
          ...target(w.creds, csv),
          '--concurrency',
          'auto',
          '--limit',
          `${WINDOW.requests}/${WINDOW.windowMs}`,
        ])
      ).result!;
      const f = await w.refusals();
      windowRun = { r, refused: f.refused429, requests: f.requests };
    } finally {
      await w.stop();
    }
  }

  // (e) and (f): the command line's start, and import + run end to end beside Newman's command line.
  let cli: CliResult | null = null;
  if (run('cli') && built) {
    const c = await startSandbox(['--no-limits']);
    try {
      const csv = writeUsersCsv(join(dir, 'users-cli.csv'), PLAN.cliRows);
      log(
        `(e, f) the CLI: --help, then import + run of ${fmt(PLAN.cliRows)} rows; Newman's CLI on the same file…`,
      );
      cli = await inKeyringSession<CliResult>('bench/compare/cliChild.ts', [...target(c.creds, csv)]).catch((e: unknown) => {
        log(`CLI bench not run: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      });
    } finally {
      await c.stop();
    }
  }

  // Rate limit: a sandbox enforcing 20 per rolling 2 s. First as an admin would run it, telling the runner
  // the LMS's documented window (as the Coassemble default does); then without telling the runner (it learns from 429 + Retry-After).
  const limited = run('window')
    ? await startSandbox(['--coursepath-limit', `${LIMIT.requests}/${LIMIT.windowMs}ms`])
    : null;
  if (limited)
    try {
      const csv = writeUsersCsv(join(dir, `users-rate.csv`), PLAN.rateRows);
      const args = [...target(limited.creds, csv), '--concurrency', '4'];
      const count429 = async () => (await ledger(limited.url)).filter((e) => e.status === 429).length;
      await reset(limited.url);
      log(
        `rate limit ${LIMIT.requests}/${LIMIT.windowMs} ms, the runner told the window, ${PLAN.rateRows} rows…`,
      );
      const bd = (
        await runChild<RunnerResult>('runnerChild.ts', [
          ...args,
          '--limit',
          `${LIMIT.requests}/${LIMIT.windowMs}`,
        ])
      ).result!;
      const bd429 = await count429();
      await reset(limited.url);
      log('rate limit, rate not set…');
      // Backing off on every Retry-After can be slow; stop after a minute and report the rate so far.
      const b = await runChild<RunnerResult, Progress>('runnerChild.ts', args, {
        timeoutMs: QUICK ? 30_000 : 60_000,
      });
      const blind429 = await count429();
      const sent = b.result?.succeeded ?? b.progress?.done ?? 0;
      const blindRate =
        b.result?.rowsPerSec ?? (b.progress?.elapsedMs ? (sent / b.progress.elapsedMs) * 1000 : 0);
      rate = {
        bd,
        bd429,
        blind: { sent, rows: PLAN.rateRows, rowsPerSec: blindRate, stopped: b.timedOut },
        blind429,
      };
    } finally {
      await limited.stop();
    }

  // Recipes (issue 18): a 4-step recipe over N rows against 4 × N single calls at the same concurrency,
  // with an LMS that answers in 15–25 ms (what the pipeline has to hide), and with one that answers at once
  // (what the per-step bookkeeping costs in CPU); and with both jobs' concurrency automatic (issue 19).
  const recipes: RecipeBenchResult[] = [];
  if (run('recipe'))
    for (const [latency, concurrency] of [
      ['15-25', 8],
      ['0-1', 16],
      ['15-25', 'auto'], // automatic concurrency: one limit shared by every step
    ] as const) {
      log(
        `recipe: ${fmt(PLAN.recipeRows)} rows × 4 steps vs ${fmt(PLAN.recipeRows * 4)} single calls, latency ${latency} ms, concurrency ${concurrency}…`,
      );
      const r = await benchRecipe({
        rows: PLAN.recipeRows,
        concurrency,
        rounds: PLAN.rounds,
        latency,
        log,
      }).catch((e: unknown) => (log(`recipe bench failed: ${String(e)}`), null));
      if (r) recipes.push(r);
    }

  // The kill -9 crash-recovery proofs at soak size (bench/crashSoak.ts): `npm test` runs each small; here
  // round after round at the sizes that show a rare interleaving. Judged by the tests' own promises.
  let crash: CrashSoakResult | null = null;
  let crashFailure: string | null = null;
  if (run('crash')) {
    log(`crash soak: create-member, recipe, undo and plan jobs SIGKILLed and resumed, ${QUICK ? 'smoke sizes' : 'soak sizes'}…`);
    crash = await inKeyringSession<CrashSoakResult>('bench/crashSoak.ts', QUICK ? ['--quick'] : []).catch(
      (e: unknown) => ((crashFailure = e instanceof Error ? e.message : String(e)), null),
    );
  }

  // The volume-and-faults proofs at soak size (bench/faultSoak.ts; largeAndFaulty.test.ts runs them small).
  // Secrets in memory: no keyring session. Its lines go to stderr as it runs; a broken promise fails the bench.
  let faults: { ok: boolean; secs: number } | null = null;
  if (run('faults')) {
    const sizes = QUICK ? ['--rounds', '1', '--clean', '3000', '--faulty', '800'] : [];
    log(`fault soak: create-member jobs clean and under faults, ${QUICK ? 'test sizes' : 'soak sizes'}…`);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/faultSoak.ts', ...sizes], {
      cwd: ROOT,
      stdio: ['ignore', 2, 'inherit'],
    });
    faults = { ok: r.status === 0, secs: (Date.now() - t0) / 1000 };
  }

  const importing = run('import');
  if (importing) log(`CSV import, ${fmt(PLAN.csvRows)} rows (readCsvFile and papaparse alone)…`);
  const csvBench = importing ? await benchCsvImport(PLAN.csvRows) : null;
  if (importing) log(`CSV import into SQLite, ${fmt(PLAN.csvRows)} rows…`);
  const fullImport = importing
    ? await runChild<ImportResult>('importChild.ts', [
        '--csv',
        writeUsersCsv(join(dir, 'users-import.csv'), PLAN.csvRows),
      ]).then(
        (r) => r.result,
        (e: unknown) => (log(`import into SQLite failed: ${String(e)}`), null),
      )
    : null;
  if (importing) log(`workbook import, ${fmt(PLAN.workbookRows)} rows (.xlsx)…`);
  const workbook = importing
    ? await benchWorkbookImport(dir, PLAN.workbookRows).catch(
        (e: unknown) => (log(`workbook import failed: ${String(e)}`), null),
      )
    : null;
  if (importing) log(`database bytes per CSV byte at 200 B, 1.1 KB and 4 KB rows (${PLAN.ratioMb} MB each)…`);
  const ratios = importing
    ? await benchStorageRatios(dir, PLAN.ratioMb).catch(
        (e: unknown) => (log(`storage ratios failed: ${String(e)}`), []),
      )
    : [];
  if (run('throughput')) log('sandbox req/s…');
  const sb = run('throughput') ? await benchSandbox({ durationMs: PLAN.sandboxMs }) : null;
  if (importing) log('mapping: validate and build 100,000 rows…');
  const mapping = importing ? benchMapping(100_000) : null;
  if (run('ui')) log('UI: first rows of a 100 MB CSV and grid scrolling…');
  const ui =
    run('ui') && built
      ? await benchUi().catch((e: unknown) => (log(`UI bench failed: ${String(e)}`), null))
      : null;
  rmSync(dir, { recursive: true, force: true });

  // ---------- the table ----------
  const out: string[] = [];
  const row = (...cells: string[]) => out.push(`| ${cells.join(' | ')} |`);
  row('Figure', 'Bulk Desk', 'Newman 6.2.2', 'Bare HTTP loop (ceiling)', 'Bulk Desk vs Newman · vs ceiling');
  row('---', '---:', '---:', '---:', '---');
  const rounds = PLAN.rounds > 1 ? `median of ${PLAN.rounds}` : '1 round';
  // "2,301 (2,050–2,410)": the median and, over several rounds, the range.
  const cell = (x: Spread, f: (n: number) => string = fmt) =>
    PLAN.rounds > 1 ? `${f(x.median)} (${f(x.min)}–${f(x.max)})` : f(x.median);
  const pct = (n: number) => `${Math.round(100 * n)}%`;
  const sbUs = (n: number | null) => (n === null ? '?' : fmt(n));
  for (const s of sizes) {
    const n = s.newman;
    const p = s.pair;
    const nRate = n.result
      ? n.result.rowsPerSec
      : n.progress && n.progress.elapsedMs
        ? (n.progress.done / n.progress.elapsedMs) * 1000
        : null;
    const nCell = n.skipped
      ? `not run (capped at ${k(PLAN.newmanMax)} rows)`
      : n.result
        ? fmt(n.result.rowsPerSec)
        : `${fmt(nRate ?? 0)} (stopped at ${PLAN.newmanTimeoutMs / 60_000} min after ${fmt(n.progress?.done ?? 0)} rows)`;
    const vsN = nRate ? `${(p.runnerRowsPerSec.median / nRate).toFixed(1)}×` : '–';
    row(
      `Rows/s, ${k(s.rows)} rows, no limit (concurrency ${CONCURRENCY}, ${rounds}; Newman is serial, 1 run)`,
      cell(p.runnerRowsPerSec),
      nCell,
      cell(p.bareRowsPerSec),
      `${vsN} · ${cell(p.vsCeiling, pct)}`,
    );
    const nRss = n.skipped
      ? '–'
      : n.result
        ? n.result.peakRssMb.toFixed(0)
        : `≥ ${n.progress?.peakRssMb.toFixed(0) ?? '?'}`;
    row(
      `Peak RSS MB · CPU µs per row (all threads) · event-loop µs per row · the sandbox's CPU µs per row, ${k(s.rows)} rows`,
      `${p.runnerPeakRssMb.toFixed(0)} · ${fmt(p.runnerCpuUsPerRow)} · ${fmt(p.runnerMainUsPerRow)} · ${sbUs(p.runnerSandboxUsPerRow)}`,
      nRss,
      `${p.barePeakRssMb.toFixed(0)} · ${fmt(p.bareCpuUsPerRow)} · ${fmt(p.bareMainUsPerRow)} · ${sbUs(p.bareSandboxUsPerRow)}`,
      '',
    );
    const failures = [p.runnerFailed, p.bareFailed, n.result?.failed ?? 0];
    if (failures.some((f) => f > 0))
      row(
        `(failed rows, ${k(s.rows)}, all rounds)`,
        String(p.runnerFailed),
        String(n.result?.failed ?? '–'),
        String(p.bareFailed),
        'see stderr',
      );
  }
  if (low) {
    row(
      `Rows/s, ${k(PLAN.sizes[1]!)} rows, concurrency ${LOW_CONCURRENCY} (${rounds})`,
      cell(low.runnerRowsPerSec),
      '–',
      cell(low.bareRowsPerSec),
      `– · ${cell(low.vsCeiling, pct)} (target ≥ 92%)`,
    );
    row(
      `CPU µs per row (all threads) · event-loop µs per row, ${k(PLAN.sizes[1]!)} rows, concurrency ${LOW_CONCURRENCY}`,
      `${fmt(low.runnerCpuUsPerRow)} · ${fmt(low.runnerMainUsPerRow)}`,
      '–',
      `${fmt(low.bareCpuUsPerRow)} · ${fmt(low.bareMainUsPerRow)}`,
      '',
    );
  }
  const largest = sizes.at(-1);
  if (floor) {
    // What the bare loop and the sandbox together spend per row: with both cores busy, the CPU the runner
    // must add on top of it comes out of the same two cores.
    const shared =
      largest && largest.pair.bareSandboxUsPerRow !== null
        ? largest.pair.bareCpuUsPerRow + largest.pair.bareSandboxUsPerRow
        : null;
    const floorUs = floor.readUsPerRow + floor.writeUsPerRow;
    row(
      `Durable floor, ${k(floor.rows)} rows, no HTTP: CPU µs per row to read the due rows · to write the sending marks and answers (32 rows per transaction)`,
      `${floor.readUsPerRow.toFixed(1)} · ${floor.writeUsPerRow.toFixed(1)}`,
      '–',
      '0 (stores nothing)',
      shared
        ? `${floorUs.toFixed(0)} µs per row the runner cannot shed = ${pct(floorUs / shared)} of the ${fmt(shared)} µs the bare loop and the sandbox spend per row; where they keep both cores busy, at best ${pct(shared / (shared + floorUs))} of the bare loop's rows/s`
        : '',
    );
  }
  if (lan)
    for (const [c, r] of [
      [CONCURRENCY, lan.c16],
      [LOW_CONCURRENCY, lan.c8],
    ] as const) {
      row(
        `Rows/s, ${k(PLAN.lanRows)} rows, an LMS answering in ${LAN.serviceMs} ms, concurrency ${c} (${rounds})`,
        cell(r.runnerRowsPerSec),
        '–',
        cell(r.bareRowsPerSec),
        `– · ${cell(r.vsCeiling, pct)} (target ≥ 92%)`,
      );
      row(
        `CPU µs per row (all threads) · event-loop µs per row, ${LAN.serviceMs} ms LMS, concurrency ${c}`,
        `${fmt(r.runnerCpuUsPerRow)} · ${fmt(r.runnerMainUsPerRow)}`,
        '–',
        `${fmt(r.bareCpuUsPerRow)} · ${fmt(r.bareMainUsPerRow)}`,
        '',
      );
    }
  const pct1 = (n: number) => `${(100 * n).toFixed(n < 0.01 ? 2 : 1)}%`;
  const autoRow = (label: string, r: AutoVsFixed) => {
    row(
      label,
      `${cell(r.auto.rowsPerSec, (n) => n.toFixed(1))} rows/s, ${pct1(r.auto.refusedShare)} answered 429/503; ` +
        `${r.auto.firstHalf.toFixed(0)} then ${r.auto.secondHalf.toFixed(0)} in flight on average`,
      '–',
      `best fixed under 1% refused: ${r.best.concurrency} in flight, ${cell(r.fixed.rowsPerSec, (n) => n.toFixed(1))} rows/s, ${pct1(r.fixed.refusedShare)} 429/503`,
      `${cell(r.ratio, pct)} of the best fixed (goal ≥ 95%, < 1% refused)`,
    );
    row(
      '· the sweep (fixed concurrency: rows/s, share refused)',
      r.sweep
        .map(
          (s) =>
            `${s.concurrency}: ${s.rowsPerSec.toFixed(1)}${s.refusedShare ? ` (${pct1(s.refusedShare)})` : ''}`,
        )
        .join(' · '),
      '–',
      '–',
      '',
    );
  };
  if (steady)
    autoRow(
      `(a) Realistic LMS (80–400 ms, 24 at once + 24 waiting, then 503), ${k(PLAN.realisticRows)} rows: automatic concurrency (${rounds})`,
      steady,
    );
  if (change)
    autoRow(
      `(b) The same LMS at 32 + 32, dropping to 8 + 8 half-way, ${k(PLAN.realisticRows)} rows: automatic concurrency`,
      change,
    );
  if (windowRun) {
    const allowed = (WINDOW.requests / WINDOW.windowMs) * 1000;
    row(
      `(c) ${WINDOW.requests} per rolling minute (the runner told the window), realistic latency, ${PLAN.windowRows} rows, automatic concurrency`,
      `${((100 * (windowRun.r.succeeded / windowRun.r.ms) * 1000) / allowed).toFixed(1)}% of ${allowed.toFixed(2)}/s, ${windowRun.refused} × 429 (${windowRun.requests} requests)`,
      '–',
      '–',
      'goal ≥ 98%, 0 × 429',
    );
  }
  if (cli) {
    row(
      '(e) CLI start: `bulk-desk --help` (the bin) · the built CLI alone, median of 11',
      `${fmt(cli.helpMs.bin)} ms · ${fmt(cli.helpMs.built)} ms`,
      '–',
      '–',
      'goal under 150 ms',
    );
    const total = cli.importMs + cli.runMs;
    row(
      `(f) CLI end to end: import + run of ${fmt(cli.rows)} rows (no limit, automatic concurrency) · Newman's CLI on the same file`,
      `${(total / 1000).toFixed(1)} s (import ${(cli.importMs / 1000).toFixed(1)} s + run ${(cli.runMs / 1000).toFixed(1)} s)${cli.runExit ? `, exit ${cli.runExit}` : ''}`,
      cli.newmanMs === null
        ? 'not run'
        : `${(cli.newmanMs / 1000).toFixed(1)} s${cli.newmanExit ? `, exit ${cli.newmanExit}` : ''}`,
      '–',
      cli.newmanMs ? `${(cli.newmanMs / total).toFixed(1)}× faster than Newman` : '',
    );
  }
  if (rate) {
    const frac = (r: { rowsPerSec: number }) =>
      `${((r.rowsPerSec / ALLOWED) * 100).toFixed(0)}% of ${ALLOWED}/s`;
    row(
      `Rate limit ${LIMIT.requests} per ${LIMIT.windowMs / 1000} s enforced, ${PLAN.rateRows} rows, the runner told that window`,
      `${frac(rate.bd)}, ${rate.bd429} × 429`,
      'no throttle (fixed delay only)',
      '–',
      `${fmt(rate.bd.succeeded)}/${fmt(rate.bd.rows)} rows sent`,
    );
    row(
      `Same limit, rate not set (learns from 429 + Retry-After)`,
      `${frac(rate.blind)}, ${rate.blind429} × 429`,
      '–',
      '–',
      `${fmt(rate.blind.sent)}/${fmt(rate.blind.rows)} rows sent${rate.blind.stopped ? ` (stopped after ${QUICK ? 30 : 60} s)` : ''}`,
    );
  }
  for (const r of recipes) {
    row(
      `4-step recipe over ${k(r.rows)} rows vs ${k(r.items)} single calls, concurrency ${r.concurrency === 'auto' ? 'automatic' : r.concurrency}, LMS latency ${r.latency} ms (${r.recipeRounds.length > 1 ? `median of ${r.recipeRounds.length}` : '1 round'})`,
      `${fmt(r.recipeMs)} ms vs ${fmt(r.singleMs)} ms: ${r.ratio.toFixed(2)}×`,
      '–',
      '–',
      `goal ≤ 1.15× · ${r.recipeSent.toFixed(2)} requests per item (each sent once)`,
    );
  }
  if (csvBench)
    row(
      `CSV import, ${k(PLAN.csvRows)} rows: rows/s (parse + checks, no-op sink)`,
      fmt(csvBench.rowsPerSec),
      '–',
      `${fmt(csvBench.ceilingRowsPerSec)} (papaparse alone)`,
      `${Math.round((100 * csvBench.rowsPerSec) / csvBench.ceilingRowsPerSec)}% of papaparse`,
    );
  if (csvBench)
    row(
      `CSV import, ${k(PLAN.csvRows)} rows: peak RSS MB`,
      csvBench.peakRssMb.toFixed(0),
      '–',
      `${csvBench.ceilingPeakRssMb.toFixed(0)} (papaparse alone)`,
      '',
    );
  if (importing)
    row(
      `CSV import into SQLite (datasets.import), ${k(PLAN.csvRows)} rows`,
      fullImport
        ? `${fmt(fullImport.rowsPerSec)} rows/s, ${fullImport.peakRssMb.toFixed(0)} MB`
        : 'failed (see stderr)',
      '–',
      '–',
      'the whole import as the app does it',
    );
  if (importing)
    row(
      `Workbook import into SQLite (datasets.import), ${k(PLAN.workbookRows)}-row .xlsx (7 columns)`,
      workbook
        ? `${fmt(workbook.ms)} ms (${fmt(workbook.rowsPerSec)} rows/s), ${workbook.peakRssMb.toFixed(0)} MB peak RSS`
        : 'failed (see stderr)',
      '–',
      '–',
      'SheetJS in a worker thread, whole process measured',
    );
  if (importing)
    row(
      'Database bytes per CSV byte (dataset rows stored, after the import)',
      [
        ...ratios.map(
          (r) =>
            `${r.ratio.toFixed(2)}× at ${r.width < 1000 ? `${r.width} B` : `${(r.width / 1024).toFixed(1)} KB`}`,
        ),
        ...(fullImport ? [`${fullImport.ratio.toFixed(2)}× (${k(PLAN.csvRows)}-row users CSV)`] : []),
      ].join(' · '),
      '–',
      '–',
      'target: at most 1.3× at any row width',
    );
  const big = sizes.at(-1);
  if (big)
    row(
      `Memory growth per row over a ${k(big.rows)}-row job (slope from 10% on, full GC before each sample)`,
      memory
        ? `${fmt(memory.rssGrowthPerRowBytes)} B RSS · ${fmt(memory.heapGrowthPerRowBytes)} B heap`
        : 'not measured (see stderr)',
      '~25 KB (peers.md, measured)',
      '–',
      '',
    );
  if (planned || run('throughput'))
    row(
      `Plan, ${k(PLAN.planRows)} rows (${k(PLAN.planRows / 2)} members in the academy, members listed 500 to a page): rows planned/s · API calls`,
      planned
        ? `${fmt(planned.rowsPerSec)} rows/s · ${fmt(planned.calls)} calls`
        : 'not measured (see stderr)',
      '–',
      '–',
      planned
        ? `${fmt(planned.counts.create)} create, ${fmt(planned.counts.update)} update, ${fmt(planned.counts.unchanged)} unchanged; one GET per row would be ${fmt(planned.rows)} calls`
        : '',
    );
  for (const c of crash ?? [])
    row(
      `Crash soak: ${c.name} SIGKILLed and resumed, ${c.size} (${c.rounds} round${c.rounds > 1 ? 's' : ''})`,
      `${c.kept} of ${c.rounds} rounds kept every promise, ${c.kills} kills; ${c.secs.map((x) => `${x.toFixed(0)} s`).join(' · ')}`,
      '–',
      '–',
      c.broken.length ? `BROKEN: ${c.broken.join('; ')}` : 'nothing lost, nothing sent twice, every row settled',
    );
  if (crashFailure) row('Crash soak', `did not run: ${crashFailure}`, '–', '–', 'FAILED');
  if (faults)
    row(
      `Fault soak: create-member, ${QUICK ? '3,000 rows clean · 800 under faults, 1 round' : '10,000 rows clean · 2,500 under faults (5% 500, 2% resets, 1% timeouts, 429 bursts), 3 rounds'}`,
      `${faults.secs.toFixed(0)} s`,
      '–',
      '–',
      faults.ok ? 'every row sent once, every row terminal, retries in bounds' : 'BROKEN (its lines above say which)',
    );
  if (sb)
    row(
      `Sandbox LMS alone (keep-alive PUT, ${sb.concurrency} connections)`,
      `${fmt(sb.reqPerSec)} req/s`,
      '–',
      '–',
      'so the sandbox is not the bottleneck',
    );

  if (mapping)
    row(
      `Mapping ${fmt(mapping.rows)} rows: validate (incl. mapping) · build every request`,
      `${fmt(mapping.validateMs)} ms · ${fmt(mapping.buildMs)} ms`,
      '–',
      '–',
      'target: validate under 1 s',
    );
  if (run('ui'))
    row(
      ui
        ? `UI: first rows of a ${ui.fileMb.toFixed(0)} MB CSV on screen · grid scroll frame p95`
        : 'UI bench',
      ui ? `${fmt(ui.firstRowsMs)} ms · ${ui.scrollFrameP95Ms.toFixed(1)} ms` : 'not run (see stderr)',
      '–',
      '–',
      'targets: under 2,000 ms · smooth (≈16.7 ms frames)',
    );

  process.stdout.write(
    `\nBulk Desk benchmark${QUICK ? ' (--quick)' : ''}\n${machine.join('\n')}\n\n${out.join('\n')}\n`,
  );
  const broken = (crash ?? []).flatMap((c) => c.broken.map((b) => `${c.name}: ${b}`));
  if (faults && !faults.ok) {
    process.stderr.write('\n[bench] FAULT SOAK FAILED — see its BROKEN lines above.\n');
    process.exitCode = 1;
  }
  if (crashFailure || broken.length > 0) {
    process.stderr.write(
      `\n[bench] CRASH SOAK FAILED — a SIGKILLed job lost, repeated or left something (replay with KILL_SEED):\n` +
        (crashFailure ? `  the soak did not run: ${crashFailure}\n` : '') +
        broken.map((b) => `  ${b}\n`).join(''),
    );
    process.exitCode = 1;
  }
  const childrenNote = childrenBuilt
    ? 'The runner, the bare loop and the durable floor run as JavaScript built as the app is (Vite; bench/compare/builtChildren.ts).'
    : 'The runner, the bare loop and the durable floor ran through tsx (their build failed).';
  process.stdout.write(
    `\nNotes: each tool runs in its own process against the same sandbox LMS (its own process too), reset between runs;\n` +
      `every request is a Coursepath POST /api/v1/members with a fresh HS256 JWT. Peak RSS is the process's high-water mark\n` +
      `(getrusage maxRSS) and includes Node. ${childrenNote}\n` +
      `Newman runs at most ${k(PLAN.newmanMax)} rows and is stopped after\n` +
      `${PLAN.newmanTimeoutMs / 1000} s; a stopped run reports its rate so far. Runner and bare loop alternate round by round;\n` +
      `"vs ceiling" is the median of each round's pair. CPU µs per row is the process's user + system time over rows sent\n` +
      `(every thread: the runner's database writer too); event-loop µs per row is the time the sending thread was busy.\n` +
      `(a)/(b): the sweep's runs are capped at ${PLAN.sweepMs / 1000} s in (a) (rows/s so far), whole jobs in (b); then automatic and the\n` +
      `best fixed number alternate, whole jobs. (f): each command is its own process, timed from outside; connections add\n` +
      `(once per admin) is not timed.\n`,
  );
}

/**
 * The CLI rows and the crash soak need the OS keychain (the CLI and the soak's runners keep the
 * connection's secret there): `script` runs inside a private D-Bus session with an unlocked gnome-keyring
 * and a bench-only service name, as the tests do; its `{"result": …}` line is returned.
 */
async function inKeyringSession<R>(script: string, args: string[]): Promise<R> {
  if (spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status !== 0)
    throw new Error(
      'dbus-run-session or gnome-keyring-daemon is not installed (scripts/setup.sh installs them)',
    );
  const xdg = mkdtempSync(join(tmpdir(), 'bulkdesk-bench-xdg-'));
  try {
    const shell =
      'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; ' +
      `BULKDESK_KEYCHAIN_SERVICE=bulk-desk-bench-$$ XDG_DATA_HOME=${xdg} exec "$0" --import tsx ${script} "$@"`;
    const r = spawnSync('dbus-run-session', ['--', 'bash', '-c', shell, process.execPath, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('{"result"'));
    if (!line) throw new Error(`${script} printed no result (exit ${r.status})`);
    return (JSON.parse(line) as { result: R }).result;
  } finally {
    rmSync(xdg, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
