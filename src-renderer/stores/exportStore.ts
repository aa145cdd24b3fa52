// Exports of a job's outcomes, built in the renderer from the paged contract calls (`jobs.items`,
// `datasets.rows`) by a merge join on row number — both come ordered by it — so memory holds one page
// of each plus the file being written. A BOM-prefixed UTF-8 CSV opens correctly in Excel. The columns and
// their names are src-shared/export/jobColumns.ts's, the same as `jobs.export` and the CLI's.
import { create } from 'zustand';
import type { DatasetRow, ItemStatus, JobItemDto, JobSummary } from '../../src-shared/contract/api';
import type { AppErrorShape, Result } from '../../src-shared/contract/errors';
import { call } from '../api/client';
import { csvLine, UTF8_BOM } from '../../src-shared/export/csv';
import {
  failedRowCells,
  failedRowsHeader,
  jsonRow,
  needsFixing,
  resultCells,
  resultsHeader,
} from '../../src-shared/export/jobColumns';
import { exportStem } from '../../src-shared/export/exportName';
import { downloadFile } from '../util/download';
import { initialExportState, type ExportKind, type ExportState } from './exportState';

const PAGE = 1000;

export const useExportStore = create<ExportState>(() => initialExportState);
const set = useExportStore.setState;

class Stop extends Error {
  constructor(public readonly appError: AppErrorShape) {
    super(appError.message);
  }
}
function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Stop(r.error);
  return r.value;
}

async function* items(jobId: string, status?: ItemStatus): AsyncGenerator<JobItemDto> {
  for (let offset = 0; ; offset += PAGE) {
    const page = unwrap(
      await call('jobs.items', { jobId, offset, limit: PAGE, ...(status ? { status } : {}) }),
    );
    yield* page.items;
    if (page.items.length < PAGE) return;
  }
}

/** Dataset rows in row-number order, looked up by increasing row number. */
function rowCursor(datasetId: string) {
  let buffer: DatasetRow[] = [];
  let index = 0;
  let offset = 0;
  let done = false;
  return async (rowNumber: number): Promise<DatasetRow | undefined> => {
    for (;;) {
      while (index < buffer.length && buffer[index]!.rowNumber < rowNumber) index++;
      if (index < buffer.length) return buffer[index]!.rowNumber === rowNumber ? buffer[index] : undefined;
      if (done) return undefined;
      const page = unwrap(await call('datasets.rows', { datasetId, offset, limit: PAGE }));
      buffer = page.items;
      index = 0;
      offset += PAGE;
      if (page.items.length < PAGE) done = true;
    }
  };
}

async function columnsOf(datasetId: string): Promise<string[]> {
  const list = unwrap(await call('datasets.list', {}));
  const ds = list.find((d) => d.id === datasetId);
  if (!ds) throw new Stop({ code: 'NOT_FOUND', message: 'The file this job ran on is no longer stored.' });
  return ds.columns;
}

const baseName = (job: JobSummary) => exportStem(job.fileName, job.createdAt);

/**
 * Downloads the job's rows: `results` (every row), `failed` (the rows to fix and import again) or `json`.
 * `labels`: the fields the job's template captures, as History shows them (jobColumns.captureLabels).
 */
export async function exportJob(job: JobSummary, kind: ExportKind, labels: readonly string[] = []): Promise<void> {
  if (useExportStore.getState().running) return;
  set({
    running: kind,
    written: 0,
    error: null,
    lastFile: null,
    jobId: job.id,
    unit: job.recipe ? 'item' : 'row',
    label: `${job.fileName} → ${job.templateName}`,
  });
  try {
    const parts: string[] = [];
    let written = 0;
    const tick = () => {
      written++;
      if (written % 500 === 0) set({ written });
    };
    let fileName: string;
    const columns = await columnsOf(job.datasetId);
    const rowAt = rowCursor(job.datasetId);
    const cellsOf = async (rowNumber: number) => {
      const row = await rowAt(rowNumber);
      return columns.map((_, i) => row?.cells[i] ?? '');
    };
    if (kind === 'json') {
      parts.push(`{"job":${JSON.stringify(job)},"items":[`);
      let first = true;
      for await (const it of items(job.id)) {
        parts.push((first ? '\n' : ',\n') + JSON.stringify(jsonRow(it, columns, await cellsOf(it.rowNumber), labels, job.recipe?.steps.map((st) => st.name) ?? null)));
        first = false;
        tick();
      }
      parts.push('\n]}\n');
      fileName = `${baseName(job)}-results.json`;
      downloadFile(fileName, parts, 'application/json');
    } else {
      const failedOnly = kind === 'failed';
      // A recipe job: a line per item with its step; a failed-rows file holds each such row once.
      const steps = job.recipe?.steps.map((st) => st.name) ?? null;
      let lastRow = -1;
      // A failed-rows file ends with the marker column, so importing it again restores the exact cells.
      parts.push(UTF8_BOM + csvLine(failedOnly ? failedRowsHeader(columns) : resultsHeader(columns, labels, steps)));
      for await (const it of items(job.id)) {
        // Failed rows and rows skipped as invalid need fixing; duplicates and rows already sent do not.
        if (failedOnly && !needsFixing(it)) continue;
        if (failedOnly && it.rowNumber === lastRow) continue;
        lastRow = it.rowNumber;
        const cells = await cellsOf(it.rowNumber);
        parts.push(csvLine(failedOnly ? failedRowCells(it, cells) : resultCells(it, cells, labels, steps)));
        tick();
      }
      fileName = `${baseName(job)}-${failedOnly ? 'failed-rows' : 'results'}.csv`;
      downloadFile(fileName, parts, 'text/csv;charset=utf-8');
    }
    set({ running: null, written, lastFile: fileName });
  } catch (e) {
    set({
      running: null,
      error:
        e instanceof Stop
          ? e.appError
          : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) },
    });
  }
}
