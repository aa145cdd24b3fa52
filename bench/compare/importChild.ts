// The whole CSV import as the app does it (datasets.import: decode, parse, table checks, rows into
// SQLite in batches), in a process of its own so its peak memory is its own.
//   node --import tsx bench/compare/importChild.ts --csv F
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../../src-main/services';
import { arg, emit, peakRssMb } from './child';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bulkdesk-importbench-'));
  const s = await createServices({
    dataDir: dir,
    sandbox: false,
    credentials: { set() {}, get: () => null, has: () => false, status: () => ({ state: 'missing' }), delete() {} },
  });
  try {
    const t0 = performance.now();
    const r = await s.dispatch('datasets.import', { source: { kind: 'path', path: arg('csv')! } });
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(r.error.message);
    const rows = (r.value as { rowCount: number }).rowCount;
    emit('result', {
      rows,
      ms: Math.round(ms),
      rowsPerSec: Math.round(rows / (ms / 1000)),
      peakRssMb: peakRssMb(),
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
