// Reading each row's target just before its write, so a job can be undone (src-shared/undo/). The
// declarations are pure (src-shared/undo/priorReads.ts); this sends the read — a signed GET through the
// job's throttle, the lookup client read-backs use — and hands its answer to the loop, which writes it as
// an attempt of kind 'prior' in the same transaction that marks the row `sending`, and before it. So a
// row is never `sending` on disk without the state it is about to change, and a crash between the read
// and that commit only costs the read again.
//
// A row that has left once keeps the state read before its first send: a read after a write that may
// have arrived would see the job's own change. A row never sent is read afresh each run (the state may
// have moved while the job was paused), and undo uses the last read before the first send.
//
// A read that fails holds the row: it is not written, and fails with the reason. Writing it blind would
// make a change that undo could not take back, which is what the admin asked not to happen; a failed row
// is counted, exported, and sent again by "rerun failed rows" (or by a job with undo off).
import type { JobOptions } from '../../src-shared/contract/api';
import type { Template } from '../../src-shared/connectors/types';
import type { BuiltRequest } from '../../src-shared/mapping/types';
import { isCredentialRefusal } from '../../src-shared/runner/breakers';
import { apiErrorMessage, classifyResponse } from '../../src-shared/runner/classifyResponse';
import { judgePrior, priorReadFor, type PriorReadSpec } from '../../src-shared/undo/priorReads';
import type { ClaimedItem } from '../db/items';
import { MAX_STORED_BODY } from '../db/items';
import type { Db } from '../db/openDb';
import { failBeforeWriteOp, sentBefore } from '../db/priorStates';
import { readAttemptOp } from '../db/readAttempts';
import type { WriteOp } from '../db/writeOps';
import type { LookupResult } from './inDoubt';

/** A row whose read came back, for the loop to write. */
export interface PriorRead<W> {
  work: W;
  item: ClaimedItem;
  result: LookupResult;
  /** The target's state was read (or found absent): the row may be written. */
  ok: boolean;
  /** For a failed read: the row's error. */
  error: string;
  /**
   * The read was refused for the credentials (401, or a 403 that is not a rate limit): the LMS's answer
   * in words, for the credentials breaker's reason (not `error`, which tells the admin what to do with a
   * failed row: a breaker that opens fails none). Null otherwise.
   */
  refusal: string | null;
  /** Its attempt number, fixed when first written (the same again if that transaction rolls back). */
  attempt?: number;
}

export interface PriorDeps {
  db: Db;
  template: Template;
  /** One signed, throttled GET (lookupClient.ts). */
  read(pathAndQuery: string): Promise<LookupResult>;
  clock(): number;
  /** A job run from a plan: the record the plan read for a target (reader, key), or undefined when not read. */
  planRecord?(reader: string, key: string): { json: string | null; planId: string } | undefined;
}

/** Whether a job reads its rows' state before writing them: on where a read exists, unless turned off. */
export function priorReadsOn(options: JobOptions, template: Template): boolean {
  return !options.dryRun && options.undo !== false && priorReadFor(template.id) !== undefined;
}

export class PriorReads<W extends { items: ClaimedItem[] }> {
  private readonly spec: PriorReadSpec;
  /** Rows whose good read is on disk (or in this turn's transaction); forgotten once they are claimed. */
  private readonly good = new Set<number>();
  /** Reads that came back since the last commit (written by the next turn; kept until it commits). */
  private finished: PriorRead<W>[] = [];
  private written = 0;

  constructor(private readonly d: PriorDeps) {
    const spec = priorReadFor(d.template.id);
    if (!spec) throw new Error(`internal: no prior read for ${d.template.id}`);
    this.spec = spec;
  }

  /** Whether the row must be read before it is written: read well in this run, or sent before, it need not. */
  needsRead(item: ClaimedItem): boolean {
    if (this.good.has(item.id)) return false;
    // A row with no attempt at all was never sent (the common case costs no query).
    return item.lastAttempt === 0 || !sentBefore(this.d.db, item.id);
  }

  /** The row is being written now: nothing more to remember about it. */
  claimed(itemId: number): void {
    this.good.delete(itemId);
  }

  /** Reads the row's target; the answer waits in `finished` for the loop's next turn. */
  async read(work: W, built: BuiltRequest): Promise<void> {
    const item = work.items[0]!;
    const path = this.spec.read(this.d.template, built);
    const planned = this.fromPlan(built);
    if (planned) {
      this.finished.push({ work, item, result: planned, ok: true, error: '', refusal: null });
      return;
    }
    if (!path && this.spec.createsTarget?.(this.d.template, built)) {
      // Nothing exists before this write (it creates the member): nothing to read, nothing to undo.
      const none = { url: '', requestHeaders: {}, startedAt: this.d.clock(), durationMs: 0, status: null, body: '', error: null };
      this.finished.push({ work, item, result: none, ok: true, error: '', refusal: null });
      return;
    }
    if (!path) {
      // Nothing names the target (cannot happen for a row that builds): do not write it blind.
      this.finished.push({
        work,
        item,
        result: { url: '', requestHeaders: {}, startedAt: this.d.clock(), durationMs: 0, status: null, body: '', error: null },
        ok: false,
        error: `Not sent: nothing in the row names ${this.spec.what} to read before the write, so it could not be undone.`,
        refusal: null,
      });
      return;
    }
    const result = await this.d.read(path);
    const verdict =
      result.status !== null && result.body.length > MAX_STORED_BODY
        ? { kind: 'unreadable' as const, why: `the answer is larger than the ${MAX_STORED_BODY / 1024} KB Bulk Desk keeps` }
        : judgePrior(result.status, result.body, result.error);
    const kind = classifyResponse(result.status, result.body, null, this.d.clock()).kind;
    this.finished.push({
      work,
      item,
      result,
      ok: verdict.kind !== 'unreadable',
      error:
        verdict.kind === 'unreadable'
          ? `Not sent: reading ${this.spec.what} before the write failed (${verdict.why}), and without it this row could not be undone. ` +
            'Rerun the failed rows to try again, or send them in a job with undo off.'
          : '',
      refusal: isCredentialRefusal(result.status, kind) ? apiErrorMessage(result.status ?? 0, result.body) : null,
    });
  }

  /**
   * The target's state as the plan this job runs read it (no GET): kept like a read, its URL naming the
   * plan. Undefined when the job is not a plan's run, or the plan did not read this target.
   */
  private fromPlan(built: BuiltRequest): LookupResult | undefined {
    const at = this.spec.fromPlan?.(this.d.template, built);
    const rec = at && this.d.planRecord?.(at.reader, at.key);
    if (!rec) return undefined;
    return {
      url: `plan ${rec.planId}: ${at!.reader} ${at!.key}`,
      requestHeaders: {},
      startedAt: this.d.clock(),
      durationMs: 0,
      // A record the plan found is the state before; none found means there was nothing (absent).
      status: rec.json === null ? 404 : 200,
      body: rec.json ?? '',
      error: null,
    };
  }

  /**
   * Into the loop's turn (`ops`, one transaction): each read that came back is written as an attempt of kind 'prior', and
   * a failed one fails its row (not written) — unless `stopping` and nothing answered (the pause cut its
   * retries short: the row stays pending, read again on resume; `ok` and `error` then both empty).
   * Returns them for the loop to requeue or count. Called again with the same reads if the transaction
   * rolls back; `committed()` forgets them once it commits.
   */
  write(at: number, stopping: boolean, ops: WriteOp[]): PriorRead<W>[] {
    this.written = this.finished.length;
    for (const r of this.finished) {
      if (r.result.url) {
        // The row's send (same transaction) numbers itself from lastAttempt: after this read.
        const attempt = (r.attempt ??= r.item.lastAttempt + 1);
        r.item.lastAttempt = attempt;
        ops.push(readAttemptOp('prior', r.item.id, r.result, attempt));
      }
      if (r.ok) this.good.add(r.item.id);
      else if (stopping && r.result.status === null) r.error = '';
      else ops.push(failBeforeWriteOp(r.item.id, r.error, at));
    }
    return this.finished.slice(0, this.written);
  }

  /** The turn committed: the reads it wrote are on disk. */
  committed(): void {
    this.finished = this.finished.slice(this.written);
    this.written = 0;
  }
}
