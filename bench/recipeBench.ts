// A 4-step recipe over N rows against N × 4 single calls at the same concurrency: does the runner keep
// rows flowing (a row's next step leaves as soon as its previous one is answered, while other rows' steps
// fill the slots), so the recipe takes about as long as the same number of plain calls, not 4 × a step?
//   - recipe: the built-in "Onboard learners" (create member → enrol in one course → add to one group →
//     invite), N rows, so 4 × N requests, each step waiting for the row's previous one;
//   - single: one create-member job of 4 × N rows.
// The sandbox runs in its own process with a latency (an LMS answers in tens of milliseconds, so a step
// waiting for the previous one is what the pipeline has to hide); each round uses a fresh data folder and a
// reset sandbox, and the two alternate. Prints medians and the ratio:
// Neither side reads before writing (undo off; see `once`). `--concurrency auto`: both jobs find their requests in flight themselves (issue 19's default; one limit
// for all of a recipe's steps).
//   npx tsx bench/recipeBench.ts [--rows 1000] [--concurrency 8|auto] [--rounds 3] [--latency 15-25]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ONBOARD_LEARNERS } from '../src-shared/recipes/builtins';
import { createDataset, finishDataset, rowAppender } from '../src-main/db/datasets';
import type { Db } from '../src-main/db/openDb';
import { createServices } from '../src-main/services';
import { call, memoryStore } from './compare/benchServices';

export interface RecipeBenchOptions {
  rows: number;
  /** Requests in flight, pinned; 'auto': automatic (the job's option left out). */
  concurrency: number | 'auto';
  rounds: number;
  /** Sandbox latency per request, e.g. "15-25" ms. */
  latency: string;
  log?: (line: string) => void;
}

export interface RecipeBenchResult {
  rows: number;
  items: number;
  concurrency: number | 'auto';
  latency: string;
  /** Median milliseconds from start to settled, and every round's. */
  recipeMs: number;
  singleMs: number;
  recipeRounds: number[];
  singleRounds: number[];
  /** recipe ÷ single (goal ≤ 1.15). */
  ratio: number;
  /** Requests per item that reached the sandbox per run (1.0: nothing repeated, nothing lost). */
  recipeSent: number;
  singleSent: number;
}

const SANDBOX_CLI = fileURLToPath(new URL('../src-main/sandbox/cli.ts', import.meta.url));

async function startSandbox(
  latency: string,
): Promise<{ proc: ChildProcess; url: string; cp: { baseUrl: string; email: string; apiKey: string } }> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      SANDBOX_CLI,
      '--port',
      '0',
      '--seed',
      '1',
      '--no-limits',
      '--credentials-json',
      '--faults',
      `latency:${latency}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (l) => (rl.close(), resolve(l)));
    proc.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const creds = JSON.parse(first) as { coursepath: { baseUrl: string; email: string; apiKey: string } };
  return { proc, url: new URL(creds.coursepath.baseUrl).origin, cp: creds.coursepath };
}

function seed(db: Db, columns: string[], rows: number, row: (i: number) => string[]): string {
  const id = randomUUID();
  createDataset(db, { id, name: 'bench', fileName: 'bench.csv', importedAt: Date.now() });
  const append = rowAppender(db, id);
  for (let i = 0; i < rows; i += 1000)
    append(
      Array.from({ length: Math.min(1000, rows - i) }, (_, k) => row(i + k)),
      i + 2,
    );
  finishDataset(db, id, { columns, rowCount: rows, delimiter: ',', encoding: 'utf-8' });
  return id;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One timed run in a fresh data folder: the recipe over `rows` rows, or one template over `rows × 4`. */
async function once(
  kind: 'recipe' | 'single',
  o: RecipeBenchOptions,
  sb: Awaited<ReturnType<typeof startSandbox>>,
): Promise<{ ms: number; sent: number }> {
  await (await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' })).text();
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-recipebench-'));
  const s = await createServices({ dataDir: dir, sandbox: false, credentials: memoryStore() });
  try {
    const conn = await call(s, 'connections.save', {
      name: 'Bench sandbox',
      baseUrl: sb.cp.baseUrl,
      identity: { api: 'coursepath', email: sb.cp.email },
      secret: sb.cp.apiKey,
    });
    // No reads before the writes on either side (undo: false), so both send the same requests: the single
    // calls (create member) have nothing to read, while a recipe's enrol and group steps read their target
    // first by default so that the job can be undone (2 GETs more per row: 6 requests, not 4). This bench
    // measures how the runner keeps rows flowing through the steps, not the price of those reads.
    const options = {
      ...(o.concurrency === 'auto' ? {} : { concurrency: o.concurrency }),
      canary: 0,
      undo: false,
    };
    let jobId: string;
    let items: number;
    if (kind === 'recipe') {
      await call(s, 'sync.start', { connectionIds: [conn.id] }); // course titles → ids
      await s.sync.whenDone(conn.id);
      const datasetId = seed(s.db, ['Email', 'First name', 'Last name', 'Courses', 'Groups'], o.rows, (i) => [
        `r${i}@bench.test`,
        'Bench',
        `R${i}`,
        ['Fire Safety Awareness', 'Sales Fundamentals', 'Time Management'][i % 3]!,
        ['Sales', 'Support'][i % 2]!,
      ]);
      jobId = (
        await call(s, 'recipes.createJob', {
          recipe: ONBOARD_LEARNERS,
          datasetId,
          connectionId: conn.id,
          options,
        })
      ).id;
      items = o.rows * 4;
    } else {
      items = o.rows * 4;
      const datasetId = seed(s.db, ['email', 'name'], items, (i) => [`s${i}@bench.test`, `Bench S${i}`]);
      const mapping = {
        fields: {
          email: { kind: 'column' as const, column: 'email' },
          name: { kind: 'column' as const, column: 'name' },
        },
      };
      jobId = (
        await call(s, 'jobs.create', {
          datasetId,
          connectionId: conn.id,
          templateId: 'coursepath.members.create',
          mapping,
          options,
        })
      ).id;
    }
    const before = ((await (await fetch(`${sb.url}/__sandbox/ledger?since=0`)).json()) as unknown[]).length;
    const t0 = performance.now();
    await call(s, 'jobs.start', { jobId });
    const done = await s.runner.whenSettled(jobId);
    const ms = performance.now() - t0;
    if (done.counts.succeeded !== items)
      throw new Error(
        `${kind}: ${done.counts.succeeded} of ${items} succeeded (${JSON.stringify(done.counts)})`,
      );
    const writes = (
      (await (await fetch(`${sb.url}/__sandbox/ledger?since=0`)).json()) as { method: string }[]
    )
      .slice(before)
      .filter((e) => e.method === 'POST').length;
    return { ms, sent: writes / items };
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One kind alone (for profiling one side): a fresh sandbox, one timed run. */
export async function benchOnce(
  kind: 'recipe' | 'single',
  o: RecipeBenchOptions,
): Promise<{ ms: number; sent: number }> {
  const sb = await startSandbox(o.latency);
  try {
    return await once(kind, o, sb);
  } finally {
    sb.proc.kill('SIGTERM');
  }
}

export async function benchRecipe(o: RecipeBenchOptions): Promise<RecipeBenchResult> {
  const sb = await startSandbox(o.latency);
  const recipe: number[] = [];
  const single: number[] = [];
  let recipeSent = 0;
  let singleSent = 0;
  try {
    for (let r = 0; r < o.rounds; r++) {
      // Alternating, so load on a shared machine falls on both alike.
      const a = await once('recipe', o, sb);
      recipe.push(Math.round(a.ms));
      recipeSent = a.sent;
      const b = await once('single', o, sb);
      single.push(Math.round(b.ms));
      singleSent = b.sent;
      o.log?.(`round ${r + 1}: recipe ${Math.round(a.ms)} ms, single calls ${Math.round(b.ms)} ms`);
    }
  } finally {
    sb.proc.kill('SIGTERM');
  }
  const recipeMs = median(recipe);
  const singleMs = median(single);
  return {
    rows: o.rows,
    items: o.rows * 4,
    concurrency: o.concurrency,
    latency: o.latency,
    recipeMs,
    singleMs,
    recipeRounds: recipe,
    singleRounds: single,
    ratio: Math.round((recipeMs / singleMs) * 100) / 100,
    recipeSent,
    singleSent,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name: string, d: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : d;
  };
  const r = await benchRecipe({
    rows: Number(opt('rows', '1000')),
    concurrency: opt('concurrency', '8') === 'auto' ? 'auto' : Number(opt('concurrency', '8')),
    rounds: Number(opt('rounds', '3')),
    latency: opt('latency', '15-25'),
    log: (l) => process.stderr.write(`${l}\n`),
  });
  console.log(
    `4-step recipe over ${r.rows} rows vs ${r.items} single calls, concurrency ${r.concurrency}, latency ${r.latency} ms: ` +
      `${r.recipeMs} ms vs ${r.singleMs} ms (medians of ${r.recipeRounds.length}) → ratio ${r.ratio} (goal ≤ 1.15); ` +
      `requests per item ${r.recipeSent.toFixed(2)} / ${r.singleSent.toFixed(2)}`,
  );
}
