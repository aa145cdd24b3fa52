// Dry run: every row is built and checked exactly as it would be sent, and the request is kept (as an
// attempt of kind `dry_run`, Authorization redacted, never signed); nothing is sent. Valid rows end
// `skipped` with the note "Dry run: …" and no error; rows that fail their checks end `skipped` with the
// reason, as in a real run. A slice of rows per transaction, yielding between slices so pause and cancel
// stay responsive.
import type { ConnectionIdentity, ItemStatus } from '../../src-shared/contract/api';
import * as items from '../db/items';
import type { Db } from '../db/openDb';
import { describeIssues, redactedHeaders, type Prepared } from '../services/requestFactory';

const SLICE = 500;

export interface DryRunDeps {
  db: Db;
  jobId: string;
  identity: ConnectionIdentity;
  /** The item's request, built from the cells read with it. */
  prepare(item: items.ClaimedItem): Prepared;
  clock(): number;
  stopped(): boolean;
  /** A row moved from `from` to skipped. */
  moved(from: ItemStatus): void;
  progress(): void;
}

export async function dryRun(d: DryRunDeps): Promise<void> {
  for (;;) {
    if (d.stopped()) return;
    const slice = items.nextDueItems(d.db, d.jobId, Number.MAX_SAFE_INTEGER, SLICE, new Set());
    if (slice.length === 0) return;
    const at = d.clock();
    d.db.transaction(() => {
      for (const item of slice) {
        const p = d.prepare(item);
        if (p.built) {
          items.markDryRun(d.db, {
            itemId: item.id,
            method: p.built.method,
            url: p.url,
            requestHeaders: redactedHeaders(p.built, d.identity),
            requestBody: p.built.body,
            at,
          });
        } else items.markSkipped(d.db, item.id, describeIssues(item.rowNumber, p.issues), at);
        d.moved(item.status);
      }
    })();
    d.progress();
    await new Promise((r) => setImmediate(r));
  }
}
