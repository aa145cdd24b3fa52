// A running job's counters of rows by state, kept in memory as its turns move rows (so progress costs no
// query per turn) and read from the database again where the database moved them; and the progress
// events built from them, at most ~10 a second unless forced.
import type { ItemCounts, ItemStatus } from '../../src-shared/contract/api';

const PROGRESS_INTERVAL_MS = 100;

export class JobCounters {
  readonly counts: ItemCounts;
  private lastProgressAt = 0;

  constructor(
    /** The counters as the database has them now. */
    private readonly read: () => ItemCounts,
    private readonly clock: () => number,
    /**
     * Of the rows counted failed, those a breaker may yet put back to pending (refused for the key, not
     * judged): said as pending until judged, so the failed count a progress line shows never falls.
     */
    private readonly undecided: () => number,
    /** Says the job's progress with these counters (a copy). */
    private readonly emit: (counts: ItemCounts, now: number) => void,
  ) {
    this.counts = read();
  }

  move(from: ItemStatus, to: ItemStatus): void {
    this.counts[from] -= 1;
    this.counts[to] += 1;
  }

  /** The counters as the database has them (throws when it cannot be read). */
  reread(): void {
    Object.assign(this.counts, this.read());
  }

  /**
   * `reread` once no turn is being written, then `then`: a turn being written moved the counters ahead of
   * the database, and reading before it commits would lose its moves (a progress line going backwards,
   * and counters short until the job's end). A turn started while waiting is waited for too.
   */
  rereadWhenWritten(writing: () => Promise<unknown> | null, then: () => void): void {
    const w = writing();
    if (w) {
      const again = () => this.rereadWhenWritten(writing, then);
      void w.then(again, again);
      return;
    }
    this.reread();
    then();
  }

  /** As `reread`, after a rolled-back write moved them; unreadable too, they are read again at the job's end. */
  rereadQuietly(): void {
    try {
      this.reread();
    } catch {
      // read again when the job ends
    }
  }

  /** The next progress event goes out at once (the job is holding, its concurrency moved). */
  sayNext(): void {
    this.lastProgressAt = 0;
  }

  progress(force: boolean): void {
    const now = this.clock();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    const said = { ...this.counts };
    const undecided = Math.min(this.undecided(), said.failed);
    said.failed -= undecided;
    said.pending += undecided;
    this.emit(said, now);
  }
}
