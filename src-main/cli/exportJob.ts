// `jobs export`: a job's outcome per row, streamed a page at a time (memory stays flat for 1M rows), in
// the columns of src-shared/export/jobColumns.ts — the same names as History, the app's download and
// `jobs.export`:
//
//   results CSV   the input columns, then Row, Outcome, HTTP status, Attempts, Error, Note, Key and one
//                 column per captured field (e.g. "Member ID") — what an admin files away or hands on;
//   --only failed the original columns, then why each row was not sent (FAILED_ROWS_MARKER), for the rows
//                 that did not go through (failed, or skipped as invalid) — fix them in a spreadsheet and
//                 import the file again: the importer recognises the file by that last column, drops it
//                 and reverses the formula escapes, so the next job sends exactly the original cells.
//                 Never the rows in doubt: they may well have reached the LMS (see `bulk-desk jobs
//                 in-doubt`); nor rows skipped as duplicates or as already sent: they were not meant to go;
//   JSON          one object per row with the same facts, for scripts.
//
// CSV cells are escaped against formula injection by the shared writer (src-shared/export/csv.ts), the
// same code the UI's download uses. Nothing secret can be in here: request headers are never exported,
// and response bodies only through the captured fields.
import type { Writable } from 'node:stream';
import { csvLine, UTF8_BOM } from '../../src-shared/export/csv';
import {
  failedRowCells,
  failedRowsHeader,
  jsonRow,
  needsFixing,
  resultCells,
  resultsHeader,
} from '../../src-shared/export/jobColumns';
import type { Services } from '../services';
import { getJob } from '../db/jobs';
import { exportShapeOf } from '../runner/exportJob';
import { call, write } from './io';

export type ExportFormat = 'csv' | 'json';

const PAGE = 1000;

export interface ExportOptions {
  jobId: string;
  format: ExportFormat;
  onlyFailed: boolean;
}

export interface ExportSummary {
  rows: number;
}

export async function exportJob(s: Services, out: Writable, opts: ExportOptions): Promise<ExportSummary> {
  const job = await call(s, 'jobs.get', { jobId: opts.jobId });
  const dataset = (await call(s, 'datasets.list', {})).find((d) => d.id === job.datasetId);
  const columns = dataset?.columns ?? [];
  // The job's own template (a manual configuration is rebuilt from its mapping), as History reads it; a
  // recipe job: a line per item (its step and value), every step's captured fields, and a failed-rows file
  // holds each row with a failed step once (running the recipe on it again skips the steps already sent).
  const record = getJob(s.db, job.id);
  const { steps, labels } = record ? exportShapeOf(record, columns) : { steps: null, labels: [] };
  let lastFailedRow = -1;
  const cellsOf = datasetCursor(s, job.datasetId);

  let rows = 0;
  if (opts.format === 'csv') {
    await write(
      out,
      UTF8_BOM + csvLine(opts.onlyFailed ? failedRowsHeader(columns) : resultsHeader(columns, labels, steps)),
    );
  } else {
    await write(out, '[');
  }

  for (let offset = 0; ; offset += PAGE) {
    const page = await call(s, 'jobs.items', { jobId: job.id, offset, limit: PAGE });
    const items = opts.onlyFailed ? page.items.filter(needsFixing) : page.items;
    // (A recipe row with several failed steps is written once.)
    const once = opts.onlyFailed
      ? items.filter((i) => {
          if (i.rowNumber === lastFailedRow) return false;
          lastFailedRow = i.rowNumber;
          return true;
        })
      : items;
    let chunk = '';
    for (const item of once) {
      const input = (await cellsOf(item.rowNumber)) ?? columns.map(() => '');
      if (opts.format === 'csv') {
        chunk += csvLine(opts.onlyFailed ? failedRowCells(item, input) : resultCells(item, input, labels, steps));
      } else {
        chunk += `${rows === 0 ? '\n' : ',\n'}${JSON.stringify(jsonRow(item, columns, input, labels, steps))}`;
      }
      rows += 1;
    }
    if (chunk) await write(out, chunk);
    if (page.items.length < PAGE) break;
  }
  if (opts.format === 'json') await write(out, rows ? '\n]\n' : ']\n');
  return { rows };
}

/**
 * The dataset's rows in row-number order, a page at a time. Job items come in the same order, so the
 * export is a merge join on row number: memory holds one page of each, whatever the file's size.
 */
function datasetCursor(s: Services, datasetId: string) {
  let buffer: { rowNumber: number; cells: string[] }[] = [];
  let at = 0; // index into buffer
  let offset = 0; // position of the next page
  let exhausted = false;
  return async (rowNumber: number): Promise<string[] | undefined> => {
    for (;;) {
      while (at < buffer.length && buffer[at]!.rowNumber < rowNumber) at += 1;
      if (at < buffer.length) return buffer[at]!.rowNumber === rowNumber ? buffer[at]!.cells : undefined;
      if (exhausted) return undefined;
      const page = await call(s, 'datasets.rows', { datasetId, offset, limit: PAGE });
      buffer = page.items;
      at = 0;
      offset += page.items.length;
      exhausted = page.items.length < PAGE;
    }
  };
}
