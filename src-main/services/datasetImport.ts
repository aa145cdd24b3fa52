// CSV file → dataset rows in SQLite, streamed in batches. A bad file leaves nothing half-imported
// and touches nothing already saved.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { DatasetDto } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { createDataset, discardDataset, finishDataset, getDataset, rowAppender } from '../db/datasets';
import type { Db } from '../db/openDb';
import { readCsvFile } from './csv/readCsvFile';

export async function importDataset(db: Db, path: string, fileName: string = basename(path), now = Date.now()): Promise<DatasetDto> {
  const id = randomUUID();
  createDataset(db, { id, name: fileName.replace(/\.[^.]+$/, ''), fileName, importedAt: now });
  const append = rowAppender(db, id);
  try {
    const summary = await readCsvFile(path, {
      onHeader: () => {},
      onRows: (rows, first) => append(rows, first),
    });
    finishDataset(db, id, summary);
  } catch (e) {
    discardDataset(db, id);
    if (e instanceof AppError) throw new AppError(e.code, `${fileName}: ${e.message}`, e.details);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${fileName}: the file no longer exists.`);
    throw e;
  }
  return getDataset(db, id)!;
}
