// Units of work for the loop: one row per call, or — for a manual configuration with record batching —
// up to `batch.size` rows in one call whose body is the array of their records (buildBatchRequests, the
// same code the preview uses). Built a page of due rows at a time, so memory stays bounded.
import type { BatchConfig } from '../../src-shared/connectors/customTemplate';
import type { Template } from '../../src-shared/connectors/types';
import { buildBatchRequests } from '../../src-shared/mapping/buildBatchRequests';
import type { BuiltRequest, Mapping, MappingIssue } from '../../src-shared/mapping/types';
import type { ClaimedItem } from '../db/items';
import { rowValues } from '../services/requestFactory';

export interface Work {
  /** The rows this call carries, in file order (one unless batched). */
  items: ClaimedItem[];
  /** Batched: the call, already built (null if the one row in it was refused). Unbatched: built at send time. */
  built?: BuiltRequest | null;
  issues?: MappingIssue[];
}

export function batchWork(
  template: Template,
  mapping: Mapping,
  batch: BatchConfig,
  due: readonly ClaimedItem[],
  columns: readonly string[],
): Work[] {
  const rows = due.map((item) => rowValues(columns, item.cells));
  const out: Work[] = [];
  // rowNumbers in a BatchedRequest are 1-based positions in `rows`.
  for (const b of buildBatchRequests(template, mapping, rows, batch)) {
    out.push({ items: b.rowNumbers.map((n) => due[n - 1]!), built: b.request, issues: b.issues });
  }
  return out;
}
