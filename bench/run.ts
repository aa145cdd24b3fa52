// `npm run bench [-- --quick]`: every figure the README quotes, measured side by side in one run on this
// machine, printed as one table. Each tool runs in a child process of its own (bench/compare/*) against
// the same sandbox LMS, itself in its own process (as `npm run sandbox` runs it), reset between runs so
// every tool creates the same members from the same CSV file:
//   - Bulk Desk's runner (the real services: SQLite, signing per attempt, throttle) — runnerChild.ts
//   - Newman 6.2.2 with a generated Postman collection and a CryptoJS pre-request script — newmanChild.ts
//   - a bare HTTP loop with the same concurrency, signing and HTTP exchange, the ceiling — bareLoop.ts
// The runner and the bare loop run three alternating rounds per size (bench/compare/rounds.ts).
// plus the rate-limit run (a sandbox enforcing a short rolling window), the CSV import beside papaparse
// alone (bench/csvImportBench.ts), a 50,000-row workbook import and the storage ratio
// (bench/storageBench.ts), and the sandbox's own req/s (bench/sandboxBench.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SandboxCredentials } from '../src-main/sandbox/index';
import { benchCsvImport, writeUsersCsv } from './csvImportBench';
import { benchSandbox } from './sandboxBench';
import { benchStorageRatios, benchWorkbookImport, type ImportResult } from './storageBench';
import { benchMapping } from './mappingBench';
import { benchUi } from './uiBench';
import { benchRecipe, type RecipeBenchResult } from './recipeBench';
import { spawnSync } from 'node:child_process';
import { ROOT, runChild } from './compare/child';
import type { NewmanResult } from './compare/newmanChild';
import type { RunnerResult } from './compare/runnerChild';
import { runnerBesideBare, type RoundsResult, type Spread } from './compare/rounds';

const QUICK = process.argv.includes('--quick');
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
      recipeRows: 200,
      csvRows: 100_000,
      sandboxMs: 2000,
      workbookRows: 5000,
      ratioMb: 4,
    }
  : {
      sizes: [1000, 10_000, 100_000],
      rounds: 3,
      newmanMax: 10_000,
      newmanTimeoutMs: 180_000,
      rateRows: 200,
      recipeRows: 1000,
      csvRows: 1_000_000,
      sandboxMs: 5000,
      workbookRows: 50_000,
      ratioMb: 40,
    };
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

async function startSandbox(
  extra: string[],
): Promise<{ creds: SandboxCredentials; url: string; stop: () => Promise<void> }> {
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
  return {
    creds,
    url: creds.coursepath.baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const reset = async (url: string) => void (await fetch(`${url}/__sandbox/reset`, { method: 'POST' })).text();
const ledger = async (url: string) =>
  (await (await fetch(`${url}/__sandbox/ledger?since=0`)).json()) as { status: number; path: string }[];

function target(creds: SandboxCredentials, csv: string): string[] {
  const c = creds.coursepath;
  return ['--csv', csv, '--base-url', c.baseUrl, '--email', c.email, '--secret', c.apiKey];
}

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
  const sandbox = await startSandbox(['--no-limits']);
  const sizes: SizeRow[] = [];
  let low: RoundsResult | null = null;
  let memory: RunnerResult | null = null;
  let rate: {
    bd: RunnerResult;
    bd429: number;
    blind: { sent: number; rows: number; rowsPerSec: number; stopped: boolean };
    blind429: number;
  } | null = null;
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
      log,
    });
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
  } finally {
    await sandbox.stop();
  }

  // Rate limit: a sandbox enforcing 20 per rolling 2 s. First as an admin would run it, telling the runner
  // the LMS's documented window (as the Coassemble default does); then without telling the runner (it learns from 429 + Retry-After).
  const limited = await startSandbox(['--coursepath-limit', `${LIMIT.requests}/${LIMIT.windowMs}ms`]);
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
  // (what the per-step bookkeeping costs in CPU).
  const recipes: RecipeBenchResult[] = [];
  for (const [latency, concurrency] of [
    ['15-25', 8],
    ['0-1', 16],
  ] as const) {
    log(`recipe: ${fmt(PLAN.recipeRows)} rows × 4 steps vs ${fmt(PLAN.recipeRows * 4)} single calls, latency ${latency} ms, concurrency ${concurrency}…`);
    const r = await benchRecipe({ rows: PLAN.recipeRows, concurrency, rounds: PLAN.rounds, latency, log }).catch(
      (e: unknown) => (log(`recipe bench failed: ${String(e)}`), null),
    );
    if (r) recipes.push(r);
  }

  log(`CSV import, ${fmt(PLAN.csvRows)} rows (readCsvFile and papaparse alone)…`);
  const csvBench = await benchCsvImport(PLAN.csvRows);
  const bigCsv = writeUsersCsv(join(dir, 'users-import.csv'), PLAN.csvRows);
  log(`CSV import into SQLite, ${fmt(PLAN.csvRows)} rows…`);
  const fullImport = await runChild<ImportResult>(
    'importChild.ts',
    ['--csv', bigCsv],
  ).then(
    (r) => r.result,
    (e: unknown) => (log(`import into SQLite failed: ${String(e)}`), null),
  );
  log(`workbook import, ${fmt(PLAN.workbookRows)} rows (.xlsx)…`);
  const workbook = await benchWorkbookImport(dir, PLAN.workbookRows).catch(
    (e: unknown) => (log(`workbook import failed: ${String(e)}`), null),
  );
  log(`database bytes per CSV byte at 200 B, 1.1 KB and 4 KB rows (${PLAN.ratioMb} MB each)…`);
  const ratios = await benchStorageRatios(dir, PLAN.ratioMb).catch(
    (e: unknown) => (log(`storage ratios failed: ${String(e)}`), []),
  );
  log('sandbox req/s…');
  const sb = await benchSandbox({ durationMs: PLAN.sandboxMs });
  log('mapping: validate and build 100,000 rows…');
  const mapping = benchMapping(100_000);
  log('UI: first rows of a 100 MB CSV and grid scrolling (builds the renderer first)…');
  const ui =
    spawnSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' }).status === 0
      ? await benchUi().catch((e: unknown) => (log(`UI bench failed: ${String(e)}`), null))
      : (log('UI bench skipped: electron-vite build failed'), null);
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
      `Peak RSS MB · CPU µs per row, ${k(s.rows)} rows`,
      `${p.runnerPeakRssMb.toFixed(0)} · ${fmt(p.runnerCpuUsPerRow)}`,
      nRss,
      `${p.barePeakRssMb.toFixed(0)} · ${fmt(p.bareCpuUsPerRow)}`,
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
      `– · ${cell(low.vsCeiling, pct)} (fewer rows share each SQLite commit)`,
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
      `4-step recipe over ${k(r.rows)} rows vs ${k(r.items)} single calls, concurrency ${r.concurrency}, LMS latency ${r.latency} ms (${r.recipeRounds.length > 1 ? `median of ${r.recipeRounds.length}` : '1 round'})`,
      `${fmt(r.recipeMs)} ms vs ${fmt(r.singleMs)} ms: ${r.ratio.toFixed(2)}×`,
      '–',
      '–',
      `goal ≤ 1.15× · ${r.recipeSent.toFixed(2)} requests per item (each sent once)`,
    );
  }
  row(
    `CSV import, ${k(PLAN.csvRows)} rows: rows/s (parse + checks, no-op sink)`,
    fmt(csvBench.rowsPerSec),
    '–',
    `${fmt(csvBench.ceilingRowsPerSec)} (papaparse alone)`,
    `${Math.round((100 * csvBench.rowsPerSec) / csvBench.ceilingRowsPerSec)}% of papaparse`,
  );
  row(
    `CSV import, ${k(PLAN.csvRows)} rows: peak RSS MB`,
    csvBench.peakRssMb.toFixed(0),
    '–',
    `${csvBench.ceilingPeakRssMb.toFixed(0)} (papaparse alone)`,
    '',
  );
  row(
    `CSV import into SQLite (datasets.import), ${k(PLAN.csvRows)} rows`,
    fullImport
      ? `${fmt(fullImport.rowsPerSec)} rows/s, ${fullImport.peakRssMb.toFixed(0)} MB`
      : 'failed (see stderr)',
    '–',
    '–',
    'the whole import as the app does it',
  );
  row(
    `Workbook import into SQLite (datasets.import), ${k(PLAN.workbookRows)}-row .xlsx (7 columns)`,
    workbook
      ? `${fmt(workbook.ms)} ms (${fmt(workbook.rowsPerSec)} rows/s), ${workbook.peakRssMb.toFixed(0)} MB peak RSS`
      : 'failed (see stderr)',
    '–',
    '–',
    'SheetJS in a worker thread, whole process measured',
  );
  row(
    'Database bytes per CSV byte (dataset rows stored, after the import)',
    [
      ...ratios.map((r) => `${r.ratio.toFixed(2)}× at ${r.width < 1000 ? `${r.width} B` : `${(r.width / 1024).toFixed(1)} KB`}`),
      ...(fullImport ? [`${fullImport.ratio.toFixed(2)}× (${k(PLAN.csvRows)}-row users CSV)`] : []),
    ].join(' · '),
    '–',
    '–',
    'target: at most 1.3× at any row width',
  );
  const big = sizes.at(-1)!;
  row(
    `Memory growth per row over a ${k(big.rows)}-row job (slope from 10% on, full GC before each sample)`,
    memory
      ? `${fmt(memory.rssGrowthPerRowBytes)} B RSS · ${fmt(memory.heapGrowthPerRowBytes)} B heap`
      : 'not measured (see stderr)',
    '~25 KB (peers.md, measured)',
    '–',
    '',
  );
  row(
    `Sandbox LMS alone (keep-alive PUT, ${sb.concurrency} connections)`,
    `${fmt(sb.reqPerSec)} req/s`,
    '–',
    '–',
    'so the sandbox is not the bottleneck',
  );

  row(
    `Mapping ${fmt(mapping.rows)} rows: validate (incl. mapping) · build every request`,
    `${fmt(mapping.validateMs)} ms · ${fmt(mapping.buildMs)} ms`,
    '–',
    '–',
    'target: validate under 1 s',
  );
  row(
    ui ? `UI: first rows of a ${ui.fileMb.toFixed(0)} MB CSV on screen · grid scroll frame p95` : 'UI bench',
    ui ? `${fmt(ui.firstRowsMs)} ms · ${ui.scrollFrameP95Ms.toFixed(1)} ms` : 'not run (see stderr)',
    '–',
    '–',
    'targets: under 2,000 ms · smooth (≈16.7 ms frames)',
  );

  process.stdout.write(
    `\nBulk Desk benchmark${QUICK ? ' (--quick)' : ''}\n${machine.join('\n')}\n\n${out.join('\n')}\n`,
  );
  process.stdout.write(
    `\nNotes: each tool runs in its own process against the same sandbox LMS (its own process too), reset between runs;\n` +
      `every request is a Coursepath POST /api/v1/members with a fresh HS256 JWT. Peak RSS is the process's high-water mark\n` +
      `(getrusage maxRSS) and includes Node and the tsx loader. Newman runs at most ${k(PLAN.newmanMax)} rows and is stopped after\n` +
      `${PLAN.newmanTimeoutMs / 1000} s; a stopped run reports its rate so far. Runner and bare loop alternate round by round;\n` +
      `"vs ceiling" is the median of each round's pair. CPU µs per row is the process's user + system time over rows sent.\n`,
  );
}

void main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
