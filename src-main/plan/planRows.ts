// The dataset's rows as a plan sees them: each built exactly as a job builds it (the same src-shared
// buildRequest, so a row invalid here is invalid there), keyed (rowKeys.ts), and a row that repeats an
// earlier row's key marked a duplicate, as the preflight marks it. Read a page at a time: memory grows with
// the distinct keys, not with the file.
import { fingerprint, requestText, rowKey } from '../../src-shared/connectors/rowKeys';
import type { Template } from '../../src-shared/connectors/types';
import { buildRequest } from '../../src-shared/mapping/buildRequest';
import type { Mapping, RowValues } from '../../src-shared/mapping/types';
import type { PlanInput } from '../../src-shared/plan/planner';
import { datasetCellsAfter } from '../db/datasets';
import type { Db } from '../db/openDb';
import { describeIssues, rowValues } from '../services/requestFactory';

export type RowOfPlan =
  | { kind: 'row'; input: PlanInput; fingerprint: string; row: RowValues }
  | { kind: 'invalid'; rowNumber: number; problem: string }
  | { kind: 'duplicate'; rowNumber: number; key: string; firstRow: number; fingerprint: string };

const PAGE = 1000;

/**
 * The fingerprint of a request as built, of its bytes (not composed, as its key is): a row edited after the
 * plan builds another one.
 */
export const requestFingerprint = (r: { method: string; pathAndQuery: string; body: string | null }) =>
  fingerprint(requestText(r));

export function* planRows(
  db: Db,
  datasetId: string,
  columns: readonly string[],
  template: Template,
  mapping: Mapping,
  allowDuplicates: boolean,
): Generator<RowOfPlan> {
  const first = new Map<string, number>();
  for (let after = 0; ;) {
    const page = datasetCellsAfter(db, datasetId, after, PAGE);
    for (const { rowNumber, cells } of page) {
      const row = rowValues(columns, cells);
      const { request, issues, values } = buildRequest(template, mapping, row);
      if (!request) {
        yield { kind: 'invalid', rowNumber, problem: describeIssues(rowNumber, issues) };
        continue;
      }
      const key = rowKey(template, values, request);
      const fp = requestFingerprint(request);
      const seen = first.get(key);
      if (seen !== undefined && !allowDuplicates) {
        yield { kind: 'duplicate', rowNumber, key, firstRow: seen, fingerprint: fp };
        continue;
      }
      if (seen === undefined) first.set(key, rowNumber);
      yield {
        kind: 'row',
        input: { rowNumber, template, values, built: request, key },
        fingerprint: fp,
        row,
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.rowNumber;
  }
}
