// datasets.*: import a CSV (from a path, or from an upload the loopback transport streamed to disk).
import { rmSync } from 'node:fs';
import { AppError } from '../../src-shared/contract/errors';
import * as db from '../db/datasets';
import { importDataset } from '../services/datasetImport';
import { resolveUploadPath } from '../transport/loopback';
import type { HandlerContext } from './context';
import type { Handlers } from './types';

export function datasetHandlers(ctx: HandlerContext) {
  return {
    'datasets.import': async ({ source, fileName }) => {
      if (source.kind === 'path') return importDataset(ctx.db, source.path, fileName, ctx.now());
      const path = resolveUploadPath(ctx.uploadDir, source.uploadId);
      try {
        return await importDataset(ctx.db, path, fileName ?? 'upload.csv', ctx.now());
      } finally {
        rmSync(path, { force: true }); // the upload was a temporary copy; its rows are in SQLite now
      }
    },
    'datasets.list': async () => db.listDatasets(ctx.db),
    'datasets.rows': async ({ datasetId, offset, limit }) => {
      if (!db.getDataset(ctx.db, datasetId)) throw new AppError('NOT_FOUND', `No dataset with id ${datasetId}.`);
      return db.datasetRows(ctx.db, datasetId, offset, limit);
    },
    'datasets.updateCell': async ({ datasetId, rowNumber, column, value }) => {
      const dataset = db.getDataset(ctx.db, datasetId);
      if (!dataset) throw new AppError('NOT_FOUND', `No dataset with id ${datasetId}.`);
      const index = dataset.columns.indexOf(column);
      if (index < 0) throw new AppError('INVALID_INPUT', `${dataset.fileName} has no column "${column}".`, { column });
      const cells = db.updateCell(ctx.db, datasetId, rowNumber, index, value);
      if (!cells) throw new AppError('NOT_FOUND', `Row ${rowNumber} is not in ${dataset.fileName}.`, { row: rowNumber });
      return { rowNumber, cells };
    },
  } satisfies Partial<Handlers>;
}
