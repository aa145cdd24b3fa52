// datasets.*: import a CSV or a workbook (from a path, or from an upload the loopback transport streamed
// to disk), read, fix a cell, delete.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import { formatDateTime } from '../../src-shared/util/dates';
import { plural } from '../../src-shared/util/plural';
import * as db from '../db/datasets';
import { columnStats, forgetColumnStats } from '../services/columnStats';
import { importDataset, importDatasetEarly } from '../services/datasetImport';
import { resolveUploadPath } from '../transport/loopback';
import type { HandlerContext } from './context';
import type { Handlers } from './types';

export function datasetHandlers(ctx: HandlerContext) {
  return {
    'datasets.import': async ({ source, fileName, delimiter, encoding, sheet, returnEarly }) => {
      const opts = {
        ...(delimiter !== undefined ? { delimiter } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
        ...(sheet !== undefined ? { sheet } : {}),
      };
      const path = source.kind === 'path' ? source.path : resolveUploadPath(ctx.uploadDir, source.uploadId);
      const name = fileName ?? (source.kind === 'path' ? basename(source.path) : 'upload.csv');
      // An upload is a temporary copy; once its rows are in SQLite (or the file proved bad) it goes.
      const cleanup = () => {
        if (source.kind === 'upload') rmSync(path, { force: true });
      };
      if (returnEarly) {
        return importDatasetEarly(ctx.db, path, name, ctx.now(), {
          ...opts,
          onProgress: (p) => ctx.events.emit('dataset:progress', p),
          onSettled: cleanup,
        });
      }
      try {
        return await importDataset(ctx.db, path, name, ctx.now(), opts);
      } finally {
        cleanup();
      }
    },
    'datasets.list': async () => db.listDatasets(ctx.db),
    'datasets.get': async ({ datasetId }) => {
      const dataset = db.getDataset(ctx.db, datasetId);
      if (!dataset) throw new AppError('NOT_FOUND', `No dataset with id ${datasetId} (see: bulk-desk datasets list).`);
      return dataset;
    },
    'datasets.delete': async ({ datasetId }) => {
      const dataset = db.getDataset(ctx.db, datasetId);
      if (!dataset) throw new AppError('NOT_FOUND', `No dataset with id ${datasetId} (see: bulk-desk datasets list).`);
      // A job's history shows and exports the rows it was made from, so they stay while a job does.
      const jobs = db.jobsUsingDataset(ctx.db, datasetId);
      if (jobs.count > 0) {
        // Named, so the admin can find them: a short id, the call, when it was made.
        const named = jobs.first.map((j) => `${j.id.slice(0, 8)}, ${j.templateName}, created ${formatDateTime(j.createdAt)}`);
        const more = jobs.count > named.length ? `; and ${jobs.count - named.length} more` : '';
        const show = `bulk-desk jobs show ${jobs.first[0]!.id.slice(0, 8)}`;
        throw new AppError(
          'CONFLICT',
          `${dataset.fileName} is used by ${plural(jobs.count, 'job')} (${named.join('; ')}${more} — see History or ${show}): ` +
            "a job's history shows the rows it was made from, so the file is kept as long as the job is, and cannot be deleted.",
        );
      }
      const { freedBytes } = db.deleteDataset(ctx.db, datasetId);
      forgetColumnStats(datasetId);
      return { deleted: true as const, rows: dataset.rowCount, freedBytes };
    },
    'datasets.rows': async ({ datasetId, offset, limit }) => {
      // Rows of a dataset still importing can be read: the grid shows them while the rest streams in.
      if (!db.getDatasetAnyState(ctx.db, datasetId)) throw new AppError('NOT_FOUND', `No dataset with id ${datasetId}.`);
      return db.datasetRows(ctx.db, datasetId, offset, limit);
    },
    'datasets.columnStats': async ({ datasetId }) => {
      const dataset = db.getDataset(ctx.db, datasetId);
      if (!dataset) throw new AppError('NOT_FOUND', `No imported file with id ${datasetId} (is it still importing?).`);
      return columnStats(ctx.db, datasetId, dataset.columns);
    },
    'datasets.updateCell': async ({ datasetId, rowNumber, column, value }) => {
      const dataset = db.getDataset(ctx.db, datasetId);
      if (!dataset) throw new AppError('NOT_FOUND', `No dataset with id ${datasetId}.`);
      const index = dataset.columns.indexOf(column);
      if (index < 0) throw new AppError('INVALID_INPUT', `${dataset.fileName} has no column "${column}".`, { column });
      const cells = db.updateCell(ctx.db, datasetId, rowNumber, index, value);
      forgetColumnStats(datasetId);
      if (!cells) throw new AppError('NOT_FOUND', `Row ${rowNumber} is not in ${dataset.fileName}.`, { row: rowNumber });
      return { rowNumber, cells };
    },
  } satisfies Partial<Handlers>;
}
