// A job's in-doubt rows settled as it (re)starts and again at the end of its loop, before anything is sent:
// a recipe step by step (its plan), an idempotent template without a way to read its effect sent again,
// else by a lookup or by reading the effect (./inDoubt.ts, ./reconcilers.ts). Rows none of these can
// settle stay in doubt for the admin. See README.md, "In doubt".
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { readSettledFact, type JobEventFact } from '../../src-shared/runner/jobEvents';
import * as items from '../db/items';
import type { JobRecord } from '../db/jobs';
import type { Db } from '../db/openDb';
import { reconcileInDoubt, type InDoubtTally, type LookupResult } from './inDoubt';
import type { ItemPlan } from './itemPlan';
import { readBackReconciler } from './readBackReconciler';
import { reconcilerFor } from './reconcilers';

/** The running job as its in-doubt pass sees it (activeJob.ts). */
export interface ReconcileSource {
  db: Db;
  job: JobRecord;
  template: Template;
  plan: ItemPlan | null;
  /** The job's in-doubt rows, as its counters have them. */
  inDoubt(): number;
  maxAttempts: number;
  /** A signed, throttled read that stops with the job (./lookupClient.ts). */
  lookup(pathAndQuery: string): Promise<LookupResult>;
  /** The row's request as it would be sent now; null when it cannot be built. */
  build(rowNumber: number): BuiltRequest | null;
  clock(): number;
  stopped(): boolean;
  /** Lookups at once: the job's concurrency. */
  concurrency: number;
  log(line: string): void;
  /** Said in the job's events (a read settled rows in doubt). */
  event(fact: JobEventFact): void;
  /** Rows went back to pending or were settled: the counters are read again and the loop woken. */
  refresh(): void;
  /** Progress said at once. */
  progress(): void;
}

/** Settles the job's in-doubt rows where it can. Returns how many go back to pending (to be sent again). */
export async function reconcileJob(j: ReconcileSource): Promise<number> {
  if (j.plan) {
    // Also when nothing is in doubt: a step marked as succeeded by hand has its captures read (a recipe).
    const { resend, read } = await j.plan.reconcile({
      lookup: j.lookup,
      maxAttempts: j.maxAttempts,
      clock: j.clock,
      stopped: j.stopped,
      inDoubt: j.inDoubt,
    });
    sayReadSettled(j, read);
    j.refresh();
    j.progress();
    return resend;
  }
  // An idempotent template with a read-back is settled by reading its effect (readBackReconciler.ts).
  const reconciler = reconcilerFor(j.template.id, j.job.options) ?? readBackReconciler(j.template);
  if (j.template.idempotent && !reconciler) {
    const n = items.requeueInDoubt(j.db, j.job.id, j.clock());
    if (n) j.refresh();
    return n;
  }
  if (!reconciler || j.inDoubt() === 0) return 0;
  const tally = await reconcileInDoubt({
    db: j.db,
    jobId: j.job.id,
    template: j.template,
    reconciler,
    maxAttempts: j.maxAttempts,
    build: j.build,
    lookup: j.lookup,
    clock: j.clock,
    stopped: j.stopped,
    concurrency: j.concurrency,
  });
  if (tally.found + tally.resend + tally.held > 0) {
    j.log(`job ${j.job.id}: in doubt → ${tally.found} found, ${tally.resend} sent again, ${tally.held} held`);
  }
  sayReadSettled(j, tally.rows);
  j.refresh();
  j.progress();
  return tally.resend;
}

/** The job's story says how rows (a recipe's items) in doubt were settled by a read: else it went from "in doubt" to "Completed" with nothing between. */
function sayReadSettled(j: Pick<ReconcileSource, 'event' | 'clock'>, rows: InDoubtTally['rows']): void {
  for (const how of ['found', 'resend'] as const)
    if (rows[how].length) j.event(readSettledFact(how, rows[how], j.clock()));
}
