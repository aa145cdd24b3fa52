// Column statistics over every row of a dataset, in one streaming pass in main (the renderer only ever
// holds a page of rows). Rows are read a few thousand at a time by keyset paging and the pass yields to
// the event loop between pages, so a million-row file does not stall jobs or other calls while it runs.
// Results are cached per dataset until one of its cells changes (datasets.updateCell).
import type { ColumnStat, ColumnStatsDto } from '../../src-shared/contract/api';
import { cellKind, columnKind, type CellKind } from '../../src-shared/dataset/cellKind';
import { datasetCellsAfter } from '../db/datasets';
import type { Db } from '../db/openDb';

/** Distinct values counted exactly up to this many per column; beyond it the count says "at least". */
export const DISTINCT_CAP = 100_000;
const PAGE_ROWS = 5_000;

const cache = new Map<string, ColumnStatsDto>();
const running = new Map<string, Promise<ColumnStatsDto>>();

export function forgetColumnStats(datasetId: string): void {
  cache.delete(datasetId);
}

export function columnStats(db: Db, datasetId: string, columns: readonly string[]): Promise<ColumnStatsDto> {
  const hit = cache.get(datasetId);
  if (hit) return Promise.resolve(hit);
  let p = running.get(datasetId);
  if (!p) {
    p = compute(db, datasetId, columns)
      .then((r) => {
        cache.set(datasetId, r);
        return r;
      })
      .finally(() => running.delete(datasetId));
    running.set(datasetId, p);
  }
  return p;
}

async function compute(db: Db, datasetId: string, columns: readonly string[]): Promise<ColumnStatsDto> {
  const started = performance.now();
  const acc = columns.map(() => ({
    empty: 0,
    distinct: new Set<string>(),
    capped: false,
    kinds: {} as Partial<Record<CellKind, number>>,
    leadingZeros: 0,
  }));
  let rowCount = 0;
  let after = 0;
  for (;;) {
    const page = datasetCellsAfter(db, datasetId, after, PAGE_ROWS);
    if (page.length === 0) break;
    for (const r of page) {
      const cells = r.cells;
      for (let i = 0; i < acc.length; i++) {
        const a = acc[i]!;
        const v = cells[i] ?? '';
        const k = cellKind(v);
        if (k === 'empty') a.empty++;
        else a.kinds[k] = (a.kinds[k] ?? 0) + 1;
        if (k === 'integer' && /^0\d/.test(v.trim())) a.leadingZeros++;
        if (!a.capped) {
          if (a.distinct.size < DISTINCT_CAP) a.distinct.add(v);
          else if (!a.distinct.has(v)) a.capped = true; // a value past the cap: the count becomes "at least"
        }
      }
    }
    rowCount += page.length;
    after = page[page.length - 1]!.rowNumber;
    await new Promise<void>((res) => setImmediate(res)); // let other calls and the runner in
  }
  const stats: ColumnStat[] = columns.map((column, i) => {
    const a = acc[i]!;
    return {
      column,
      empty: a.empty,
      distinct: a.distinct.size,
      distinctCapped: a.capped,
      kind: columnKind(a.kinds),
      kinds: a.kinds,
      leadingZeros: a.leadingZeros,
    };
  });
  return { datasetId, rowCount, columns: stats, durationMs: Math.round(performance.now() - started) };
}
