// How a job's loop sleeps between turns and is woken. The loop is sequential, so there is one waiter at
// a time; a wake that comes while nobody waits (the loop was writing its turn) is kept, and the next wait
// returns at once. Answers that come back in one turn of the event loop wake it once (group commit: they
// share the next turn's commit).
export class LoopWake {
  private wake: (() => void) | null = null;
  /** A nudge came while nobody waited: the next wait returns at once. */
  private nudged = false;
  private scheduled = false;

  /** `slotsFreed` runs before the loop is woken by answers (reserved rows leave without a turn). */
  constructor(private readonly slotsFreed: () => void) {}

  /** Until something changes (a nudge), or `ms` at most — never more than a second, so the loop looks again. */
  wait(ms: number): Promise<void> {
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const t = setTimeout(done, Math.min(ms, 1000));
      this.wake = done;
    });
  }

  /** Wakes the loop now (or its next wait). */
  nudge(): void {
    if (this.wake) this.wake();
    else this.nudged = true;
  }

  /** Wakes the loop once, after every completion of this turn of the event loop. */
  nudgeSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // Not from the answer's own callback: its keep-alive socket goes back to the pool only after it,
      // and the next request should reuse it rather than open a new connection.
      this.slotsFreed();
      this.nudge();
    });
  }
}
