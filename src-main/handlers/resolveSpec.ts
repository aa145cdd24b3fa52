// A RequestSpec names a template, a connection and a dataset; this finds all three or says which is missing.
import type { DatasetDto, RequestSpec } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { resolveTemplate } from '../../src-shared/connectors/catalog';
import type { Template } from '../../src-shared/connectors/types';
import { getConnection, type ConnectionRecord } from '../db/connections';
import { getDataset } from '../db/datasets';
import type { Db } from '../db/openDb';

export interface Resolved {
  template: Template;
  connection: ConnectionRecord;
  dataset: DatasetDto;
}

/**
 * The connection a call names. An unknown id is said with the id itself and where ids are listed, as an
 * unknown template is; `field: 'connectionId'` lets the CLI report it as wrong usage (exit 2).
 */
export function resolveConnection(db: Db, id: string): ConnectionRecord {
  const connection = getConnection(db, id);
  if (!connection) {
    throw new AppError('NOT_FOUND', `No connection with id "${id}" (see: bulk-desk connections list).`, {
      field: 'connectionId',
    });
  }
  return connection;
}

/** A dataset id that names nothing, said as an unknown connection is (the CLI: exit 2, on `datasetId`). */
export function unknownDataset(id: string): AppError {
  return new AppError(
    'NOT_FOUND',
    id ? `No dataset with id ${id} (see: bulk-desk datasets list).` : 'Import a file first.',
    { field: 'datasetId' },
  );
}

export function resolveSpec(db: Db, spec: RequestSpec): Resolved {
  const dataset = getDataset(db, spec.datasetId);
  if (!dataset) throw unknownDataset(spec.datasetId);
  // The manual configuration is a template built from the mapping and the file's columns.
  const template = resolveTemplate(spec.templateId, spec.mapping, dataset.columns);
  if (!template) {
    throw new AppError('NOT_FOUND', `Unknown template ${spec.templateId}, or its manual configuration is incomplete.`, {
      field: 'templateId',
    });
  }
  const connection = resolveConnection(db, spec.connectionId);
  if (connection.api !== template.api) {
    throw new AppError(
      'INVALID_INPUT',
      `"${template.name}" is a ${template.api} call but "${connection.name}" is a ${connection.api} connection.`,
      { field: 'templateId' },
    );
  }
  return { template, connection, dataset };
}
