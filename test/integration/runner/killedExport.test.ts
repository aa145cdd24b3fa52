// A killed export leaves nothing that looks like a result (issue 20, item 8): a SIGKILLed export used to
// leave 5,001 of 400,001 lines at the destination, ending on a row boundary, with nothing to say it was
// incomplete. Both exports that write to a path run in a child process over a large job on a real data
// folder — the CLI's `jobs export --out` and the `jobs.export {path}` handler — and are killed with -9
// while rows are being written. The destination must not exist, and whatever is left must be hidden
// and not named like a CSV; the next export into that folder completes and sweeps the leftover away.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry } from '../../../scripts/cliEntry.mjs';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';
import { childArgv } from '../../helpers/tsxChild';
import { cli, ROOT } from '../cli/runCli';

// Enough rows that each export is still writing long after its file passes 256 KB, where it is killed:
// ~2.4 MB of CSV, written 1,000 rows (~80 KB) at a time, so the kill comes with some 25 pages still to
// write (killMidWrite throws if an export ever ends first). It was 100,000: 8 MB written twice per run,
// and a 100,000-row job created first, for the same proof (127 s of the file's 130 at load 18).
const ROWS = 30_000;
const EXPORT_CHILD = fileURLToPath(new URL('../../helpers/exportChild.ts', import.meta.url));
const cliProgram = cliEntry(ROOT);
const LEFTOVER = /^\.results\.csv\.partial-\d+-[0-9a-f]{8}$/;

/** Runs `args` as a child process and SIGKILLs it once some file in `folder` holds more than 256 KB. */
async function killMidWrite(
  args: string[],
  folder: string,
): Promise<{ killedAtBytes: number; stderr: string }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    if (done) throw new Error(`the export finished before it could be killed; make ROWS larger.\n${stderr}`);
    const sizes = readdirSync(folder).map((n) => statSync(join(folder, n)).size);
    const biggest = Math.max(0, ...sizes);
    if (biggest > 256 * 1024) {
      child.kill('SIGKILL');
      await exited;
      return { killedAtBytes: biggest, stderr };
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('a killed export', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => {
    dir?.remove();
    dir = null;
  });

  it('leaves no partial file at the destination, from the CLI or the jobs.export handler', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'data');
    const s = await createServices({ dataDir, sandbox: { seed: 3 } });
    const datasetId = seedDataset(s.db, ['email', 'first name', 'last name'], userRows(ROWS));
    const job = await callOk(s, 'jobs.create', memberJobSpec(datasetId));
    await s.close(); // the children open the folder themselves

    const runs = [
      {
        name: 'cli',
        // The CLI program itself, not scripts/cli.mjs: from source that launcher starts it in a child of its
        // own, and the kill would reach the launcher only. The build when current (as the launcher chooses:
        // plain JavaScript, an installed package's CLI), else the source through tsx.
        args: (out: string) => [
          ...(cliProgram.kind === 'built' ? [cliProgram.path] : ['--import', 'tsx', cliProgram.path]),
          'jobs',
          'export',
          job.id,
          '--out',
          out,
          '--data-dir',
          dataDir,
        ],
      },
      { name: 'jobs.export', args: (out: string) => [...childArgv(EXPORT_CHILD), dataDir, job.id, out] },
    ];
    for (const run of runs) {
      const folder = join(dir.path, `out-${run.name}`);
      mkdirSync(folder);
      const dest = join(folder, 'results.csv');
      const killed = await killMidWrite(run.args(dest), folder);
      expect(killed.killedAtBytes, run.name).toBeGreaterThan(256 * 1024);
      expect(existsSync(dest), `${run.name}: a partial ${dest} was left`).toBe(false);
      const left = readdirSync(folder);
      expect(
        left.every((n) => LEFTOVER.test(n)),
        `${run.name}: ${left.join(', ')}`,
      ).toBe(true);

      // Run again to the end: the whole file appears, and the dead export's leftover is swept.
      if (run.name === 'cli') {
        const again = await cli(['jobs', 'export', job.id, '--out', dest, '--data-dir', dataDir]);
        expect(again.code, again.stderr).toBe(0);
      } else {
        const again = await new Promise<string>((resolve, reject) => {
          const c = spawn(process.execPath, run.args(dest), { cwd: ROOT, env: process.env });
          let out = '';
          c.stdout.on('data', (d: Buffer) => (out += d.toString()));
          c.on('error', reject);
          c.on('exit', () => resolve(out));
        });
        expect(again).toContain(`"rows":${ROWS}`);
      }
      expect(readdirSync(folder), run.name).toEqual(['results.csv']);
      const lines = readFileSync(dest, 'utf8').split(/\r?\n/).filter(Boolean);
      expect(lines.length, run.name).toBe(ROWS + 1);
    }
  }, 180_000);
});
