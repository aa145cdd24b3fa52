// The command line end to end, as an admin scripts it, beside Newman's command line on the same file
// (run inside a D-Bus session with an unlocked keyring: the CLI keeps the connection's secret in the
// OS keychain, under a bench-only service name). Each step is its own process, timed from outside:
//   bulk-desk import users.csv --json               → the dataset id
//   bulk-desk run --dataset … --template coursepath.members.create --auto --canary 0
//   newman run collection.json -d users.csv -e env.json --silent
// `connections add` (done once by an admin) is not timed. Also `bulk-desk --help` and the built CLI's
// start, median of 11 each.
//   node --import tsx bench/compare/cliChild.ts --csv F --base-url U --email E --secret S [--skip-newman]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, emit, ROOT } from './child';
import { collection } from './newmanChild';

export interface CliResult {
  helpMs: { bin: number; built: number };
  rows: number;
  importMs: number;
  runMs: number;
  runExit: number;
  newmanMs: number | null;
  newmanExit: number | null;
}

const BIN = join(ROOT, 'scripts', 'cli.mjs');

function timed(args: string[], input?: string, env: NodeJS.ProcessEnv = process.env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { input, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - t0, status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const csv = arg('csv')!;
  const dataDir = mkdtempSync(join(tmpdir(), 'bulkdesk-clibench-'));
  const env = { ...process.env, BULKDESK_DATA_DIR: dataDir };
  try {
    // The bin and the built CLI alone, alternating, so a burst of load elsewhere lands on both.
    const built = join(ROOT, 'out', 'main', 'cli.js');
    const runs: { bin: number[]; built: number[] } = { bin: [], built: [] };
    for (let i = 0; i < 11; i++)
      for (const [k, file] of [
        ['bin', BIN],
        ['built', built],
      ] as const) {
        const r = timed([file, '--help']);
        if (r.status !== 0) throw new Error(`${file} --help exited ${r.status}: ${r.stderr}`);
        runs[k].push(r.ms);
      }
    const helpMs = { bin: median(runs.bin), built: median(runs.built) };

    const add = timed(
      [
        BIN,
        'connections',
        'add',
        '--api',
        'coursepath',
        '--name',
        'Bench academy',
        '--base-url',
        arg('base-url')!,
        '--email',
        arg('email')!,
        '--secret-stdin',
        '--json',
      ],
      arg('secret')!,
      env,
    );
    if (add.status !== 0) throw new Error(`connections add exited ${add.status}: ${add.stderr}`);
    const connectionId = (JSON.parse(add.stdout) as { id: string }).id;

    const imported = timed([BIN, 'import', csv, '--json'], undefined, env);
    if (imported.status !== 0) throw new Error(`import exited ${imported.status}: ${imported.stderr}`);
    const dataset = JSON.parse(imported.stdout) as { id: string; rowCount: number };
    const run = timed(
      [
        BIN,
        'run',
        '--dataset',
        dataset.id,
        '--connection',
        connectionId,
        '--template',
        'coursepath.members.create',
        '--auto',
        '--canary',
        '0',
      ],
      undefined,
      env,
    );
    if (run.status !== 0)
      process.stderr.write(`bulk-desk run exited ${run.status}:\n${run.stderr.slice(-2000)}\n`);

    let newman: { ms: number; status: number } | null = null;
    if (!process.argv.includes('--skip-newman')) {
      await fetch(`${new URL(arg('base-url')!).origin}/__sandbox/reset`, { method: 'POST' }).then((r) =>
        r.text(),
      );
      const coll = join(dataDir, 'collection.json');
      const envFile = join(dataDir, 'env.json');
      writeFileSync(coll, JSON.stringify(collection()));
      writeFileSync(
        envFile,
        JSON.stringify({
          values: [
            { key: 'baseUrl', value: arg('base-url')! },
            { key: 'actingEmail', value: arg('email')! },
            { key: 'jwtSecret', value: arg('secret')! },
          ],
        }),
      );
      const r = timed([
        join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js'),
        'run',
        coll,
        '-d',
        csv,
        '-e',
        envFile,
        '--silent',
      ]);
      newman = { ms: r.ms, status: r.status };
    }
    const result: CliResult = {
      helpMs,
      rows: dataset.rowCount,
      importMs: imported.ms,
      runMs: run.ms,
      runExit: run.status,
      newmanMs: newman?.ms ?? null,
      newmanExit: newman?.status ?? null,
    };
    emit('result', result);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`CLI bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
