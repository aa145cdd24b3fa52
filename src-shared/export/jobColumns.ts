// The columns of a job's export, named as History shows them — one module for the three exporters (the
// app's download: src-renderer/stores/exportStore.ts; `jobs.export` to a file: src-main/runner/exportJob.ts;
// the CLI's `jobs export`: src-main/cli/exportJob.ts), so a results file reads the same whichever wrote it.
//
//   results      the file's own columns, then Row, Outcome, HTTP status, Attempts, Error, Note, Key, and one
//                column per field the template captures from the answer ("Member ID", "Signed URL"), under
//                the label History shows. Response bodies are not exported: the captured fields carry what
//                matters, and History keeps the rest.
//   failed rows  the file's own columns, then FAILED_ROWS_MARKER (why the row was not sent): rows that
//                certainly did not go through (failed, or skipped as invalid), to fix and import again
//                (src-main/services/ownExport.ts recognises the file and restores the exact cells).
//   JSON         one object per row with the same facts.
import type { ItemStatus, JobItemDto, SkipReason } from '../contract/api';
import type { Template } from '../connectors/types';
import { FAILED_ROWS_MARKER, resultHeader } from './csv';
import { statusWords } from '../runner/statusWords';

/** What History says about a skipped row. */
export const SKIP_LABELS: Record<SkipReason, string> = {
  duplicate: 'duplicate',
  alreadySent: 'already sent',
  invalid: 'invalid',
  dryRun: 'would send',
  plan: 'not sent (plan)',
  condition: 'not applicable',
};

/** The result columns, after the file's own, in order; the captured fields' labels follow. */
export const RESULT_COLUMNS = ['Row', 'Outcome', 'HTTP status', 'Attempts', 'Error', 'Note', 'Key'] as const;

/** What an export needs of a row (a JobItemDto has it all; runner/exportJob.ts reads it from SQLite). */
export type ExportItem = Pick<
  JobItemDto,
  | 'rowNumber'
  | 'status'
  | 'responseStatus'
  | 'attempts'
  | 'error'
  | 'note'
  | 'key'
  | 'captured'
  | 'skipReason'
  | 'step'
  | 'fanValue'
>;

/**
 * A recipe job's step names by index (src-shared/recipes/): its exports gain Step and Value after Row, a
 * line per item (row, step, listed value). Null for a one-template job.
 */
export type StepNames = readonly string[] | null;

const stepCells = (item: Pick<ExportItem, 'step' | 'fanValue'>, steps: readonly string[]): string[] => [
  steps[item.step ?? 0] ?? String((item.step ?? 0) + 1),
  item.fanValue ?? '',
];

/** The labels of the fields the template keeps from each answer (History's "Captured"), in its order. */
export function captureLabels(template: Pick<Template, 'capture'> | null | undefined): string[] {
  return Object.keys(template?.capture ?? {});
}

/** A recipe's: every step's labels, once each, in step order. */
export function stepsCaptureLabels(templates: readonly (Pick<Template, 'capture'> | null | undefined)[]): string[] {
  return [...new Set(templates.flatMap((t) => captureLabels(t)))];
}

/** The header of a results file (a result column that repeats one of the file's own gets " (result)"). */
export function resultsHeader(
  inputColumns: readonly string[],
  labels: readonly string[],
  steps: StepNames = null,
): string[] {
  const [row, ...rest] = RESULT_COLUMNS;
  return resultHeader(inputColumns, [row, ...(steps ? ['Step', 'Value'] : []), ...rest, ...labels]);
}

/** "succeeded", "failed", "skipped (duplicate)"… as History shows it. */
export function outcomeText(item: Pick<ExportItem, 'status' | 'skipReason'>): string {
  const status = statusWords(item.status);
  return item.status === 'skipped' && item.skipReason
    ? `${status} (${SKIP_LABELS[item.skipReason]})`
    : status;
}

/** One results line: the row's own cells, then what happened to it. */
export function resultCells(
  item: ExportItem,
  inputCells: readonly string[],
  labels: readonly string[],
  steps: StepNames = null,
): string[] {
  return [
    ...inputCells,
    String(item.rowNumber),
    ...(steps ? stepCells(item, steps) : []),
    outcomeText(item),
    item.responseStatus === null ? '' : String(item.responseStatus),
    String(item.attempts),
    item.error ?? '',
    item.note ?? '',
    item.key ?? '',
    ...labels.map((l) => item.captured?.[l] ?? ''),
  ];
}

/** Rows a failed-rows file holds: the ones that certainly did not go through, to fix and send again. */
export const NOT_THROUGH: ReadonlySet<ItemStatus> = new Set(['failed', 'skipped']);
export function needsFixing(item: Pick<ExportItem, 'status' | 'skipReason'>): boolean {
  return item.status === 'failed' || (item.status === 'skipped' && item.skipReason === 'invalid');
}

export function failedRowsHeader(inputColumns: readonly string[]): string[] {
  return [...inputColumns, FAILED_ROWS_MARKER];
}

/** The marker column's cell: what the admin has to fix. */
export function whyNotSent(item: Pick<ExportItem, 'status' | 'error' | 'responseStatus'>): string {
  if (item.status === 'in_doubt')
    return `In doubt: ${item.error ?? 'it may or may not have reached the LMS'}`;
  return item.error ?? (item.responseStatus ? `HTTP ${item.responseStatus}` : item.status);
}

export function failedRowCells(item: ExportItem, inputCells: readonly string[]): string[] {
  return [...inputCells, whyNotSent(item)];
}

/** One row of a JSON export: the same facts as a results line, with the file's cells by column name. */
export function jsonRow(
  item: ExportItem,
  inputColumns: readonly string[],
  inputCells: readonly string[],
  labels: readonly string[],
  steps: StepNames = null,
) {
  const [step, value] = steps ? stepCells(item, steps) : [];
  return {
    row: item.rowNumber,
    ...(steps ? { step, value: value || null } : {}),
    outcome: outcomeText(item),
    httpStatus: item.responseStatus,
    attempts: item.attempts,
    error: item.error,
    note: item.note,
    key: item.key,
    input: Object.fromEntries(inputColumns.map((c, i) => [c, inputCells[i] ?? ''])),
    captured: Object.fromEntries(labels.map((l) => [l, item.captured?.[l] ?? null])),
  };
}
