// requests.explain: one row's request for the Map screen's request panel, with each field traced from its
// cell through its transforms and lookup (src-shared/mapping/explainRow.ts), the rows around it, and for a
// batched manual configuration the call the row goes out in.
import type { Input, RequestExplainDto, RequestPreview } from '../../src-shared/contract/api';
import { AppError } from '../../src-shared/contract/errors';
import { batchConfigOf } from '../../src-shared/connectors/customTemplate';
import type { Template } from '../../src-shared/connectors/types';
import { buildBatchRequests } from '../../src-shared/mapping/buildBatchRequests';
import { explainRow } from '../../src-shared/mapping/explainRow';
import type { Mapping } from '../../src-shared/mapping/types';
import type { ConnectionRecord } from '../db/connections';
import { datasetRow, datasetRows, firstRowNumber, rowPosition } from '../db/datasets';
import type { Db } from '../db/openDb';
import { joinUrl, redactedHeaders, rowValues, toPreview } from '../services/requestFactory';
import { rowKey } from '../../src-shared/connectors/rowKeys';
import { bindLookups } from '../sync/lookups';
import { resolveSpec } from './resolveSpec';

export function explainRequest(db: Db, input: Input<'requests.explain'>): RequestExplainDto {
  const { template, connection, dataset } = resolveSpec(db, input);
  const rowNumber = input.rowNumber ?? firstRowNumber(db, dataset.id);
  if (rowNumber === null) throw new AppError('NOT_FOUND', `${dataset.fileName} has no rows.`);
  const cells = datasetRow(db, dataset.id, rowNumber);
  if (!cells)
    throw new AppError('NOT_FOUND', `There is no row ${rowNumber} in ${dataset.fileName}.`, {
      row: rowNumber,
    });
  const mapping = bindLookups(db, input.mapping, input.connectionId);
  const explained = explainRow(template, mapping, rowValues(dataset.columns, cells));
  const request = toPreview(
    {
      rowNumber,
      built: explained.request,
      issues: explained.issues,
      url: explained.request ? joinUrl(connection.baseUrl, explained.request.pathAndQuery) : '',
      key: explained.request ? rowKey(template, explained.values, explained.request) : null,
    },
    connection.identity,
    template,
  );
  const position = rowPosition(db, dataset.id, rowNumber);
  return {
    request,
    fields: explained.fields,
    previousRow: position.previous,
    nextRow: position.next,
    batch: batchOf(db, template, mapping, connection, dataset.id, dataset.columns, position.index, rowNumber),
  };
}

/**
 * The batched call that carries this row, built the way a run builds it: the runner claims twice the
 * batch size of due rows at a time and batches those (src-main/runner/dueQueue.ts), so the rows of the
 * row's window are batched here the same way. (Rows a run skips — duplicates, already sent — would shift
 * the windows; the panel shows the file as it is.)
 */
function batchOf(
  db: Db,
  template: Template,
  mapping: Mapping,
  connection: ConnectionRecord,
  datasetId: string,
  columns: readonly string[],
  index: number,
  rowNumber: number,
): RequestExplainDto['batch'] {
  const batch = batchConfigOf(template.id, mapping);
  if (!batch) return null;
  const window = batch.size * 2;
  const page = datasetRows(db, datasetId, Math.floor(index / window) * window, window).items;
  const position = page.findIndex((r) => r.rowNumber === rowNumber) + 1;
  const rows = page.map((r) => rowValues(columns, r.cells));
  for (const b of buildBatchRequests(template, mapping, rows, batch)) {
    if (!b.rowNumbers.includes(position)) continue;
    const rowNumbers = b.rowNumbers.map((n) => page[n - 1]!.rowNumber);
    const request: RequestPreview = b.request
      ? {
          rowNumber,
          method: b.request.method,
          url: joinUrl(connection.baseUrl, b.request.pathAndQuery),
          headers: redactedHeaders(b.request, connection.identity),
          body: b.request.body,
          issues: b.issues.map((i) => ({
            field: i.field,
            // i.rowNumber is the row's place in the window (buildBatchRequests): named by its spreadsheet row.
            message: `Row ${page[i.rowNumber - 1]!.rowNumber}: ${i.message}`,
            level: i.level,
          })),
        }
      : { rowNumber, method: template.method, url: '', headers: {}, body: null, issues: [] };
    return { rowNumbers, request };
  }
  return null;
}
