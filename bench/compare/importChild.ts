// The whole import as the app does it (datasets.import: decode or unpack, parse, table checks, rows into
// SQLite in batches), in a process of its own so its peak memory is its own. Also reports how much the
// database grew against the file's size (the storage ratio). The file may be a CSV or a workbook.
//   node --import tsx bench/compare/importChild.ts --csv F
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseBytes } from '../../src-main/db/space';
import { createServices } from '../../src-main/services';
import { arg, emit, peakRssMb } from './child';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-importbench-'));
  const s = await createServices({
    dataDir: dir,
    sandbox: false,
    credentials: { set() {}, get: () => null, stored: () => null, has: () => false, status: () => ({ state: 'missing' }), givenFor: () => null, delete() {} },
  });
  try {
    const dbBefore = databaseBytes(s.db);
    const t0 = performance.now();
    const r = await s.dispatch('datasets.import', { source: { kind: 'path', path: arg('csv')! } });
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(r.error.message);
    const { rowCount: rows, fileBytes } = r.value as { rowCount: number; fileBytes: number };
    const dbBytes = databaseBytes(s.db) - dbBefore;
    emit('result', {
      rows,
      ms: Math.round(ms),
      rowsPerSec: Math.round(rows / (ms / 1000)),
      peakRssMb: peakRssMb(),
      fileBytes,
      dbBytes,
      ratio: Math.round((dbBytes / fileBytes) * 1000) / 1000,
    });
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`import bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
