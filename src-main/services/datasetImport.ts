// A CSV file or a workbook's sheet → dataset rows in SQLite, streamed in batches. A bad file leaves nothing half-imported
// and touches nothing already saved.
//
// Two ways to wait. `importDataset` answers when the whole file is stored (CLI, tests, small files).
// `importDatasetEarly` answers as soon as the first batch is stored, with the dataset in state
// `importing`, and keeps going; the UI shows those rows at once (a 100 MB file's first rows in well under
// 2 s instead of after the whole import) and follows `dataset:progress` events to the end. A file that
// turns out bad later (row 400,000 is ragged) is discarded exactly as before and its error arrives as a
// `failed` event naming the row. Jobs and previews only ever see `ready` datasets (getDataset).
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { DatasetDto, DatasetProgress } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { UNREADABLE_FILE_FIELD } from '../../src-shared/util/unreadableFile';
import { EscapedCellFinder } from '../../src-shared/export/escapedCells';
import {
  createDataset,
  discardDataset,
  recordDatasetDigest,
  finishDataset,
  getDataset,
  getDatasetAnyState,
  rowAppender,
  setImportingColumns,
  setImportingRowCount,
} from '../db/datasets';
import type { Db } from '../db/openDb';
import { encodingOption } from './csv/decode';
import { readTableFile } from './tableFile';
import { digestFile } from './fileDigest';
import { failedRowsExportReader, type OwnExportReader } from './ownExport';

export interface ImportOptions {
  /** Overrides detection. */
  delimiter?: string;
  /** Overrides detection: any label Node's ICU decodes (refused with a message otherwise). */
  encoding?: string;
  /** A workbook's sheet: name or position from 1 (default: the first visible sheet with data). */
  sheet?: string;
  /** After each stored batch and once at the end. */
  onStored?: (p: { datasetId: string; rowCount: number; bytesRead: number; totalBytes: number }) => void;
  /** The id is known before any row is read. */
  onCreated?: (datasetId: string) => void;
}

export async function importDataset(
  db: Db,
  path: string,
  fileName: string = basename(path),
  now = Date.now(),
  opts: ImportOptions = {},
): Promise<DatasetDto> {
  const encoding = opts.encoding === undefined ? undefined : encodingOption(opts.encoding);
  const id = randomUUID();
  createDataset(db, { id, name: fileName.replace(/\.[^.]+$/, ''), fileName, importedAt: now });
  opts.onCreated?.(id);
  const append = rowAppender(db, id);
  const digest = digestFile(path); // SHA-256 and size for the audit record (fileDigest.ts)
  let rowCount = 0;
  let bytesRead = 0;
  let totalBytes = 0;
  // A failed-rows export of ours comes back as the original columns and cells (./ownExport.ts).
  let ownExport: OwnExportReader | null = null;
  // Any other file is kept as it is, but cells escaped like ours are named in a warning (escapedCells.ts).
  let escaped: EscapedCellFinder | null = null;
  try {
    const summary = await readTableFile(
      path,
      {
        onHeader: (columns) => {
          ownExport = failedRowsExportReader(columns);
          if (!ownExport) escaped = new EscapedCellFinder(columns);
          setImportingColumns(db, id, ownExport?.columns ?? columns);
        },
        onRows: (rows, first) => {
          const reader = ownExport as OwnExportReader | null;
          (escaped as EscapedCellFinder | null)?.add(rows, first);
          append(reader ? rows.map(reader.row) : rows, first);
          rowCount += rows.length;
          if (opts.onStored) {
            setImportingRowCount(db, id, rowCount);
            opts.onStored({ datasetId: id, rowCount, bytesRead, totalBytes });
          }
        },
      },
      {
        ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
        ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
        fileName,
        onProgress: (read, total) => {
          bytesRead = read;
          totalBytes = total;
        },
      },
    );
    const reader = ownExport as OwnExportReader | null;
    const escapedWarning = (escaped as EscapedCellFinder | null)?.warning();
    const warnings = escapedWarning ? [...summary.warnings, escapedWarning] : summary.warnings;
    recordDatasetDigest(db, id, await digest);
    finishDataset(db, id, { ...summary, warnings, ...(reader ? { columns: reader.columns } : {}) });
  } catch (e) {
    discardDataset(db, id);
    // A file that could not be opened is said naming its whole path: its name before it would say it twice.
    if (e instanceof AppError && e.details?.field === UNREADABLE_FILE_FIELD) throw e;
    if (e instanceof AppError) throw new AppError(e.code, `${fileName}: ${e.message}`, e.details);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${fileName}: the file no longer exists.`);
    throw e;
  }
  return getDataset(db, id)!;
}

/** After the first rows are stored, wait this long for the whole file before answering early. */
const EARLY_ANSWER_AFTER_MS = 250;
/** Progress events at most this often while a big file streams in. */
const PROGRESS_EVERY_MS = 200;

/**
 * Starts importing and answers once the first rows are stored (state `importing`), or earlier with the
 * whole dataset if the file is small, or with the error if the file is bad before any row is stored.
 * After answering early, progress and the outcome go to `onProgress`; `onSettled` runs once at the end
 * either way (e.g. to remove an uploaded temporary copy).
 */
export function importDatasetEarly(
  db: Db,
  path: string,
  fileName: string,
  now: number,
  opts: Omit<ImportOptions, 'onStored' | 'onCreated'> & {
    onProgress: (p: DatasetProgress) => void;
    onSettled?: () => void;
  },
): Promise<DatasetDto> {
  return new Promise<DatasetDto>((resolve, reject) => {
    let answered = false;
    let datasetId = '';
    let lastEmit = 0;
    let early: ReturnType<typeof setTimeout> | undefined;
    let last = { rowCount: 0, bytesRead: 0, totalBytes: 0 };
    const whole = importDataset(db, path, fileName, now, {
      ...opts,
      onCreated: (id) => (datasetId = id),
      onStored: (p) => {
        last = p;
        if (!answered) {
          // A file that is in soon after its first rows answers whole (no events to follow).
          early ??= setTimeout(() => {
            if (answered) return;
            answered = true;
            resolve(getDatasetAnyState(db, p.datasetId)!);
          }, EARLY_ANSWER_AFTER_MS);
          return;
        }
        const t = Date.now();
        if (t - lastEmit < PROGRESS_EVERY_MS) return;
        lastEmit = t;
        opts.onProgress({ ...p, state: 'importing', error: null });
      },
    });
    whole.then(
      (dataset) => {
        clearTimeout(early);
        opts.onSettled?.();
        if (!answered) {
          answered = true;
          return resolve(dataset);
        }
        const total = last.totalBytes || last.bytesRead;
        opts.onProgress({
          datasetId: dataset.id,
          state: 'ready',
          rowCount: dataset.rowCount,
          bytesRead: total,
          totalBytes: total,
          error: null,
        });
      },
      (e: unknown) => {
        clearTimeout(early);
        opts.onSettled?.();
        if (!answered) {
          answered = true;
          return reject(e);
        }
        const error =
          e instanceof AppError
            ? { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) }
            : { code: 'INTERNAL' as const, message: `${fileName}: ${e instanceof Error ? e.message : String(e)}` };
        try {
          opts.onProgress({ datasetId, state: 'failed', ...last, error });
        } catch {
          // The app is closing: the half-imported dataset is dropped at the next start.
        }
      },
    );
  });
}
