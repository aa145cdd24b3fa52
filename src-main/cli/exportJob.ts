// `jobs export`: a job's outcome per row, streamed a page at a time (memory stays flat for 1M rows).
//
//   results CSV   input columns + outcome, response_status, error, attempts + one column per captured
//                 field (e.g. "Member ID") — what an admin files away or hands to a colleague;
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
import type { ItemStatus, JobItemDto } from '../../src-shared/contract/api';
import { getTemplate } from '../../src-shared/connectors/catalog';
import { csvLine, FAILED_ROWS_MARKER, resultHeader, UTF8_BOM } from '../../src-shared/export/csv';
import type { Services } from '../services';
import { call, write } from './io';

export type ExportFormat = 'csv' | 'json';

/** Rows a failed-rows file holds: the ones that certainly did not go through, to fix and send again. */
export const NOT_THROUGH: ReadonlySet<ItemStatus> = new Set(['failed', 'skipped']);
const needsFixing = (i: JobItemDto) =>
  NOT_THROUGH.has(i.status) && (i.status !== 'skipped' || i.skipReason === 'invalid');

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
  // A recipe job: a line per item (its step and value); every step's captured fields; a failed-rows file
  // holds each row that has a failed step once (running the recipe on it again skips the steps already sent).
  const steps = job.recipe?.steps ?? null;
  const captureLabels = steps
    ? [...new Set(steps.flatMap((st) => Object.keys(getTemplate(st.templateId)?.capture ?? {})))]
    : Object.keys(getTemplate(job.templateId)?.capture ?? {});
  let lastFailedRow = -1;
  const readCaptured = capturedReader(s, job.id);
  const cellsOf = datasetCursor(s, job.datasetId);

  let rows = 0;
  if (opts.format === 'csv') {
    const header = opts.onlyFailed
      ? [...columns, FAILED_ROWS_MARKER]
      : resultHeader(columns, [...(steps ? ['step', 'value'] : []), 'outcome', 'response_status', 'error', 'attempts', ...captureLabels]);
    await write(out, UTF8_BOM + csvLine(header));
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
    if (once.length) {
      const captured = captureLabels.length ? readCaptured(once) : new Map<number, unknown>();
      let chunk = '';
      for (const item of once) {
        const input = (await cellsOf(item.rowNumber)) ?? columns.map(() => '');
        const cap = (item.captured ?? captured.get(item.rowNumber) ?? {}) as Record<string, string>;
        const stepCells = steps ? [steps[item.step ?? 0]?.name ?? '', item.fanValue ?? ''] : [];
        if (opts.format === 'csv') {
          chunk += csvLine(
            opts.onlyFailed
              ? [...input, whyNotSent(item)]
              : [...input, ...stepCells, ...resultCells(item), ...captureLabels.map((l) => cap[l] ?? '')],
          );
        } else {
          const row = jsonRow(item, columns, input, cap, captureLabels);
          chunk += `${rows === 0 ? '\n' : ',\n'}${JSON.stringify(steps ? { ...row, step: stepCells[0], value: item.fanValue ?? null } : row)}`;
        }
        rows += 1;
      }
      await write(out, chunk);
    }
    if (page.items.length < PAGE) break;
  }
  if (opts.format === 'json') await write(out, rows ? '\n]\n' : ']\n');
  return { rows };
}

/** The marker column's cell: what the admin has to fix. */
export function whyNotSent(item: JobItemDto): string {
  if (item.status === 'in_doubt') return `In doubt: ${item.error ?? 'it may or may not have reached the LMS'}`;
  return item.error ?? (item.responseStatus ? `HTTP ${item.responseStatus}` : item.status);
}

function resultCells(item: JobItemDto): string[] {
  return [
    item.status,
    item.responseStatus === null ? '' : String(item.responseStatus),
    item.error ?? '',
    String(item.attempts),
  ];
}

function jsonRow(
  item: JobItemDto,
  columns: string[],
  input: string[],
  cap: Record<string, string>,
  labels: string[],
) {
  return {
    row: item.rowNumber,
    outcome: item.status,
    responseStatus: item.responseStatus,
    error: item.error,
    attempts: item.attempts,
    input: Object.fromEntries(columns.map((c, i) => [c, input[i] ?? ''])),
    ...(labels.length ? { captured: Object.fromEntries(labels.map((l) => [l, cap[l] ?? null])) } : {}),
  };
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

/**
 * Captured response fields per row: from the item when the contract carries them (`captured` on
 * JobItemDto), otherwise read from the store directly — read-only, one indexed range query per page.
 */
function capturedReader(s: Services, jobId: string) {
  const stmt = s.db.prepare(
    `SELECT row_number AS rowNumber, captured_json AS json FROM job_items
     WHERE job_id = ? AND row_number BETWEEN ? AND ? AND captured_json IS NOT NULL`,
  );
  return (items: JobItemDto[]): Map<number, unknown> => {
    const m = new Map<number, unknown>();
    if (items.every((i) => 'captured' in i)) {
      for (const i of items as (JobItemDto & { captured: unknown })[])
        if (i.captured) m.set(i.rowNumber, i.captured);
      return m;
    }
    const rows = stmt.all(jobId, items[0]!.rowNumber, items.at(-1)!.rowNumber) as {
      rowNumber: number;
      json: string;
    }[];
    for (const r of rows) {
      try {
        m.set(r.rowNumber, JSON.parse(r.json));
      } catch {
        // A damaged value is left out rather than failing the whole export.
      }
    }
    return m;
  };
}
