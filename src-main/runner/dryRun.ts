// Dry run: every row is built and checked exactly as it would be sent, and the request is kept (as an
// attempt of kind `dry_run`, Authorization redacted, never signed); nothing is sent. Valid rows end
// `skipped` with the note "Dry run: …" and no error; rows that fail their checks end `skipped` with the
// reason, as in a real run. A slice of rows per transaction, yielding between slices so pause and cancel
// stay responsive.
import type { ConnectionIdentity, ItemStatus } from '../../src-shared/contract/api';
import * as items from '../db/items';
import type { Db } from '../db/openDb';
import { describeIssues, joinUrl, redactedHeaders, type Prepared } from '../services/requestFactory';
import type { Work } from './batchWork';

const SLICE = 500;

export interface DryRunDeps {
  db: Db;
  jobId: string;
  identity: ConnectionIdentity;
  /** The item's request, built from the cells read with it. */
  prepare(item: items.ClaimedItem): Prepared;
  /**
   * Record batching: the calls these due rows go out in, built as the run builds them (batchWork over
   * windows of `window` due rows, dueQueue.ts), so each row keeps the batched call it would be sent in.
   */
  batches?: { window: number; baseUrl: string; build(due: items.ClaimedItem[]): Work[] };
  clock(): number;
  stopped(): boolean;
  /** A row moved from `from` to skipped. */
  moved(from: ItemStatus): void;
  progress(): void;
}

export async function dryRun(d: DryRunDeps): Promise<void> {
  // A whole number of the run's windows per slice, so the batches are the run's.
  const limit = d.batches ? Math.ceil(SLICE / d.batches.window) * d.batches.window : SLICE;
  for (;;) {
    if (d.stopped()) return;
    const slice = items.nextDueItems(d.db, d.jobId, Number.MAX_SAFE_INTEGER, limit, new Set());
    if (slice.length === 0) return;
    const at = d.clock();
    d.db.transaction(() => {
      for (const [item, built, url, issues] of requests(d, slice)) {
        if (built) {
          items.markDryRun(d.db, {
            itemId: item.id,
            method: built.method,
            url,
            requestHeaders: redactedHeaders(built, d.identity),
            requestBody: built.body,
            at,
          });
        } else items.markSkipped(d.db, item.id, describeIssues(item.rowNumber, issues), at);
        d.moved(item.status);
      }
    })();
    d.progress();
    await new Promise((r) => setImmediate(r));
  }
}

type RowRequest = [items.ClaimedItem, Prepared['built'], string, Prepared['issues']];

/** Each row with the request it would go out in: its own, or the batched call that carries it. */
function* requests(d: DryRunDeps, slice: items.ClaimedItem[]): Generator<RowRequest> {
  const b = d.batches;
  if (!b) {
    for (const item of slice) {
      const p = d.prepare(item);
      yield [item, p.built, p.url, p.issues];
    }
    return;
  }
  for (let i = 0; i < slice.length; i += b.window)
    for (const w of b.build(slice.slice(i, i + b.window))) {
      const built = w.built ?? null;
      for (const item of w.items)
        yield [item, built, built ? joinUrl(b.baseUrl, built.pathAndQuery) : '', w.issues ?? []];
    }
}
