// The import figures issue 15 adds to `npm run bench`: a 50,000-row .xlsx through datasets.import (time,
// peak RSS of the whole process, the workbook worker included) and how many database bytes a dataset
// takes per byte of its CSV at three row widths. Each import runs in its own process (compare/importChild.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bigWorkbook } from '../test/helpers/workbooks';
import { runChild } from './compare/child';

export interface ImportResult {
  rows: number;
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
  fileBytes: number;
  dbBytes: number;
  ratio: number;
}

/** A 10-column CSV of about `width` bytes per row, `totalMb` in all. */
export function writeWideCsv(path: string, width: number, totalMb: number): string {
  const cols = 10;
  const cell = Math.max(1, Math.floor(width / cols) - 1);
  const rows = Math.ceil((totalMb * 1024 * 1024) / width);
  const lines = [Array.from({ length: cols }, (_, i) => `col${i}`).join(',')];
  for (let r = 0; r < rows; r++) {
    lines.push(Array.from({ length: cols }, (_, c) => `${r}-${c}:`.padEnd(cell, 'abcdefghij'[c]!).slice(0, cell)).join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

export async function benchWorkbookImport(dir: string, rows: number): Promise<ImportResult | null> {
  const file = join(dir, `staff-${rows}.xlsx`);
  bigWorkbook(file, rows);
  return (await runChild<ImportResult>('importChild.ts', ['--csv', file], { timeoutMs: 300_000 })).result;
}

export async function benchStorageRatios(dir: string, totalMb: number): Promise<{ width: number; ratio: number }[]> {
  const out: { width: number; ratio: number }[] = [];
  for (const width of [200, 1126, 4096]) {
    const csv = writeWideCsv(join(dir, `wide-${width}.csv`), width, totalMb);
    const r = (await runChild<ImportResult>('importChild.ts', ['--csv', csv], { timeoutMs: 300_000 })).result;
    if (r) out.push({ width, ratio: r.ratio });
  }
  return out;
}
