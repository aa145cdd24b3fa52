// CSV import benchmark: readCsvFile with a no-op sink, beside papaparse parsing the same file with
// nothing else (the ceiling: what the parser alone costs, with no decoding checks, no table rules,
// no batching). Each side runs in its own fresh Node process so one's heap does not inflate the
// other's peak RSS. Run directly: `npx tsx bench/csvImportBench.ts [rows]`.
import { fork } from 'node:child_process';
import { createReadStream, mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { readCsvFile } from '../src-main/services/csv/readCsvFile';

export interface CsvImportBenchResult {
  rowsPerSec: number;
  peakRssMb: number;
  ceilingRowsPerSec: number;
  ceilingPeakRssMb: number;
}

interface RunResult {
  rows: number;
  ms: number;
  peakRss: number;
}

type Mode = 'readCsvFile' | 'papaparse';

const FIRST = ['Olivia', 'Liam', 'Zoë', 'José', 'Søren', 'Aisha', 'Wei', 'Chloé'];
const LAST = ['Smith', 'Müller', 'García', "O'Brien", 'Nguyen', 'Lefèvre', 'Kowalski', 'Smith, Jr.'];
const DEPT = ['Sales', 'Engineering', 'Finance', 'Research, Development', 'IT Support'];

/**
 * Writes a users CSV of `rows` data rows the way Excel does (UTF-8 BOM, CRLF, quoted commas,
 * accents, leading zeros), streamed to disk in 1 MB pieces. Returns the path.
 */
export function writeUsersCsv(path: string, rows: number): string {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '\uFEFFemail,first_name,last_name,department,employee_id,language\r\n');
    let buf = '';
    for (let i = 1; i <= rows; i++) {
      const last = LAST[i % LAST.length]!;
      const dept = DEPT[i % DEPT.length]!;
      buf +=
        `user${i}@example.com,${FIRST[i % FIRST.length]},${last.includes(',') ? `"${last}"` : last},` +
        `${dept.includes(',') ? `"${dept}"` : dept},${String(i).padStart(8, '0')},${i % 3 ? 'en' : 'fr'}\r\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Runs one side in this process, sampling RSS on a timer and at every callback. */
async function runInProcess(mode: Mode, path: string): Promise<RunResult> {
  let peakRss = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  let rows = 0;
  try {
    if (mode === 'readCsvFile') {
      const summary = await readCsvFile(path, {
        onHeader: () => {},
        onRows: (batch) => {
          sample();
          void batch;
        },
      });
      rows = summary.rowCount;
    } else {
      await new Promise<void>((resolve, reject) => {
        Papa.parse(createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
          chunk: (results) => {
            sample();
            rows += results.data.length;
          },
          complete: () => resolve(),
          error: (e: Error) => reject(e),
        });
      });
      rows -= 1; // the header (papaparse skips the empty last line itself when it is a lone newline)
    }
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  sample();
  return { rows, ms, peakRss };
}

/** Runs one side in a fresh child process (same loader), so its peak RSS is its own. */
function runInChild(mode: Mode, path: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', mode, path], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: RunResult | undefined;
    child.on('message', (m) => {
      result = m as RunResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`benchmark child (${mode}) exited with ${code}`));
    });
  });
}

export async function benchCsvImport(rows = 1_000_000): Promise<CsvImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-csvbench-'));
  try {
    const path = writeUsersCsv(join(dir, 'users.csv'), rows);
    const ceiling = await runInChild('papaparse', path);
    const ours = await runInChild('readCsvFile', path);
    for (const r of [ours, ceiling]) {
      if (r.rows !== rows) throw new Error(`benchmark read ${r.rows} rows, expected ${rows}`);
    }
    const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
    return {
      rowsPerSec: Math.round(rows / (ours.ms / 1000)),
      peakRssMb: mb(ours.peakRss),
      ceilingRowsPerSec: Math.round(rows / (ceiling.ms / 1000)),
      ceilingPeakRssMb: mb(ceiling.peakRss),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: number, r: CsvImportBenchResult): void {
  const line = (name: string, rps: number, rss: number) =>
    `| ${name.padEnd(34)} | ${rps.toLocaleString('en-US').padStart(12)} | ${rss.toFixed(1).padStart(13)} |`;
  console.log(`CSV import, ${rows.toLocaleString('en-US')} rows (Node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(`| ${'reader'.padEnd(34)} | ${'rows/s'.padStart(12)} | ${'peak RSS (MB)'.padStart(13)} |`);
  console.log(`|${'-'.repeat(36)}|${'-'.repeat(14)}|${'-'.repeat(15)}|`);
  console.log(line('readCsvFile (no-op sink)', r.rowsPerSec, r.peakRssMb));
  console.log(line('papaparse alone (ceiling)', r.ceilingRowsPerSec, r.ceilingPeakRssMb));
  console.log(`readCsvFile reaches ${Math.round((100 * r.rowsPerSec) / r.ceilingRowsPerSec)}% of the ceiling's rows/s.`);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv[2] === '--child') {
  const result = await runInProcess(process.argv[3] as Mode, process.argv[4]!);
  process.send?.(result, undefined, undefined, () => process.exit(0));
} else if (isMain) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  printTable(rows, await benchCsvImport(rows));
}
