// Record batching for the manual configuration (seed 000: "batch your records together", batch size
// default 100, a grouping algorithm). A batch is one call whose JSON body is an array of the per-row
// bodies that buildRequest would send, so a batch preview and a single-row preview agree.
//
// A generator, so the runner can stream a 100,000-row file: `sequential` holds one batch at a time;
// `byColumn` holds one open batch per distinct group value (each at most `size` rows).
import type { BatchConfig } from '../connectors/customTemplate';
import type { Template } from '../connectors/types';
import { buildRequest } from './buildRequest';
import type { BuiltRequest, Mapping, MappingIssue, RowValues } from './types';

export type RowIssue = MappingIssue & { rowNumber: number };

export interface BatchedRequest {
  /** 1-based data rows in this call, in file order within the batch. */
  rowNumbers: number[];
  /** null for a row refused by its own checks (then rowNumbers has that one row). */
  request: BuiltRequest | null;
  issues: RowIssue[];
}

interface Open {
  key: string;
  head: BuiltRequest;
  rowNumbers: number[];
  bodies: string[];
  issues: RowIssue[];
}

function close(b: Open): BatchedRequest {
  return {
    rowNumbers: b.rowNumbers,
    request: {
      ...b.head,
      headers: { ...b.head.headers, 'Content-Type': 'application/json' },
      body: `[${b.bodies.join(',')}]`,
    },
    issues: b.issues,
  };
}

export function* buildBatchRequests(
  template: Template,
  mapping: Mapping,
  rows: Iterable<RowValues>,
  batch: BatchConfig,
): Generator<BatchedRequest> {
  const size = Math.max(1, Math.floor(batch.size));
  const open = new Map<string, Open>();
  let rowNumber = 0;
  for (const row of rows) {
    rowNumber++;
    const { request, issues } = buildRequest(template, mapping, row);
    const rowIssues = issues.map((i) => ({ ...i, rowNumber }));
    if (!request) {
      yield { rowNumbers: [rowNumber], request: null, issues: rowIssues };
      continue;
    }
    const group = batch.grouping.kind === 'byColumn' ? (row[batch.grouping.column] ?? '') : '';
    const key = `${request.method} ${request.pathAndQuery}\u0000${group}`;
    if (batch.grouping.kind === 'sequential') {
      // One open batch; a different URL closes it.
      const current = open.values().next().value;
      if (current && current.key !== key) {
        open.clear();
        yield close(current);
      }
    }
    let b = open.get(key);
    if (!b) {
      b = { key, head: request, rowNumbers: [], bodies: [], issues: [] };
      open.set(key, b);
    }
    b.rowNumbers.push(rowNumber);
    b.bodies.push(request.body ?? '{}');
    for (const i of rowIssues) b.issues.push(i);
    if (b.rowNumbers.length >= size) {
      open.delete(key);
      yield close(b);
    }
  }
  for (const b of open.values()) yield close(b);
}
