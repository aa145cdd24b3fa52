// The canary: on a real LMS, a job first sends only its first N rows, one at a time, reads each write back
// where it can (readBack.ts), and pauses (stop reason `canary`) with what happened to those rows, so the
// admin looks at real answers before the rest go. Resuming sends the rest. A job counts as past its
// canary once N of its rows have left (a send attempt in SQLite), so a resume, a restart or "rerun failed
// rows" never starts it again; a crash in the middle carries on with the rows still to go. Rows the
// credentials breaker put back to pending do not count: refused for the key, they were never judged.
//
// One row at a time, because the point is to stop early: with the next canary row held back until the
// previous one is answered and read back, a mismatch pauses the job before another row leaves. So never
// more than N rows leave before the pause, whatever the job's concurrency.
import type { ConnectionDto, JobOptions } from '../../src-shared/contract/api';

/** Real connections: the first 5 rows. The sandbox: off unless asked. */
export const DEFAULT_CANARY_ROWS = 5;

export function canarySize(options: JobOptions, connection: Pick<ConnectionDto, 'isSandbox'>): number {
  if (options.dryRun) return 0;
  return options.canary ?? (connection.isSandbox ? 0 : DEFAULT_CANARY_ROWS);
}

type Settled = 'succeeded' | 'failed' | 'in_doubt';

export class CanaryGate {
  /** Canary rows that left in this run, by item id → row number. */
  private readonly rows = new Map<number, number>();
  private readonly outcome = new Map<number, Settled>();
  private readonly errors: string[] = [];
  /** Rows whose answer or read-back is still awaited. */
  private readonly busy = new Set<number>();
  private readBackMatches = 0;
  private readBackOther = 0;
  private finished: boolean;

  /**
   * @param size N, the canary's rows (0: no canary)
   * @param alreadySent rows of this job that left before (a previous run of it)
   */
  constructor(
    readonly size: number,
    private readonly alreadySent: number,
  ) {
    this.finished = size <= 0 || alreadySent >= size;
  }

  /** True while the canary holds back the rest of the job. */
  get active(): boolean {
    return !this.finished;
  }

  isCanaryRow(itemId: number): boolean {
    return this.rows.has(itemId);
  }

  /**
   * May this unit of work (one row, or one batch of rows) leave now? A retry of a canary row may; a new row
   * only when no canary row is awaited and fewer than N have left. A batch larger than N goes alone as the
   * first call (a batched call cannot be split).
   */
  admits(itemIds: readonly number[]): boolean {
    if (this.finished) return true;
    if (itemIds.every((id) => this.rows.has(id))) return true;
    if (this.busy.size > 0) return false;
    const sent = this.alreadySent + this.rows.size;
    return sent === 0 || sent + itemIds.length <= this.size;
  }

  launched(items: readonly { id: number; rowNumber: number }[]): void {
    if (this.finished) return;
    for (const it of items) {
      this.rows.set(it.id, it.rowNumber);
      this.busy.add(it.id);
    }
  }

  /** A canary row's outcome was written; `readBackPending` when its write is being read back. */
  settled(itemId: number, status: Settled, error: string | null, readBackPending: boolean): void {
    if (!this.rows.has(itemId)) return;
    this.outcome.set(itemId, status);
    if (error && this.errors.length < 2) this.errors.push(`row ${this.rows.get(itemId)}: ${error}`);
    if (!readBackPending) this.busy.delete(itemId);
  }

  /** A row's write went back to waiting for a retry: still awaited. */
  waiting(itemId: number): void {
    if (this.rows.has(itemId)) this.busy.add(itemId);
  }

  readBackDone(itemId: number, match: boolean): void {
    if (!this.rows.has(itemId)) return;
    if (match) this.readBackMatches += 1;
    else this.readBackOther += 1;
    this.busy.delete(itemId);
  }

  /** Canary rows still to leave (0 when it is over): a resume carries on with them first. */
  get left(): number {
    return this.finished ? 0 : Math.max(0, this.size - this.alreadySent - this.rows.size);
  }

  /** Every canary row has left and been answered (and read back). */
  get complete(): boolean {
    return !this.finished && this.busy.size === 0 && this.alreadySent + this.rows.size >= this.size;
  }

  /** The canary is over (paused, or nothing more to send): the rest goes without holding back. */
  finish(): void {
    this.finished = true;
  }

  /** The pause message: what happened to the canary rows, and what resuming does. */
  message(opts: { connectionName: string; remaining: number; readBackNote: string | null; items?: boolean }): string {
    // A recipe's canary counts items (a row's steps), not rows.
    const [one, many] = opts.items ? ['item', 'items'] : ['row', 'rows'];
    const n = this.rows.size;
    const count = (s: Settled) => [...this.outcome.values()].filter((x) => x === s).length;
    const parts = [`${count('succeeded')} succeeded`];
    if (count('failed')) parts.push(`${count('failed')} failed`);
    if (count('in_doubt')) parts.push(`${count('in_doubt')} in doubt`);
    const checked = this.readBackMatches + this.readBackOther;
    const read = checked
      ? ` Read back from the LMS: ${this.readBackMatches} of ${checked} hold what was sent${this.readBackOther ? `, ${this.readBackOther} could not be checked` : ''}.`
      : opts.readBackNote
        ? ` ${opts.readBackNote}`
        : '';
    const errors = this.errors.length ? ` First errors: ${this.errors.join('; ')}.` : '';
    const rows = `${n === 1 ? one : `${n} ${many}`}`;
    return (
      `Canary: the first ${rows} went to ${opts.connectionName}: ${parts.join(', ')}.${read}${errors} ` +
      `Look at their answers (History shows each request and response), then resume to send the other ${opts.remaining} ${many}, or cancel.`
    );
  }
}
