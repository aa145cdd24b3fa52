// "N requests per second" as the admin means it: never more than N leave in any one second. The pacer's
// token bucket (./pacer.ts) keeps the average and lets a late loop catch up, but its burst plus its
// refill can put up to twice the rate in one second after an idle spell (9 at 5/s, seen on the Run
// chart above its own limit line). This keeps the last ⌈rate⌉ send times and holds a request until the
// oldest of them is a second old; the bucket still spaces them. Counted by send time: the admin's rate
// is what we send, unlike an API's documented window (./windowLimiter.ts), counted from the answers.

const SECOND_MS = 1000;

export class SecondWindow {
  /** Send times, a ring of the last `size` (oldest at `next` once full). */
  private sent: number[] = [];
  private next = 0;

  /** 0 when a request may leave at `now` under `rate` per second; else the ms until the oldest ages out. */
  waitTime(now: number, rate: number): number {
    const size = capacity(rate);
    if (size === 0 || this.sent.length < size) return 0;
    const oldest = this.sent.length === size ? this.sent[this.next] : this.oldestOf(size);
    return oldest === undefined ? 0 : Math.max(0, oldest + SECOND_MS - now);
  }

  /** A request left at `now`. */
  record(now: number, rate: number): void {
    const size = capacity(rate);
    if (size === 0) {
      this.sent = [];
      this.next = 0;
      return;
    }
    if (this.sent.length !== size) this.resize(size);
    if (this.sent.length < size) this.sent.push(now);
    else {
      this.sent[this.next] = now;
      this.next = (this.next + 1) % size;
    }
  }

  /** The rate changed (a lowered pace, or the admin's edit): keep the newest sends that still count. */
  private resize(size: number): void {
    const ordered = [...this.sent.slice(this.next), ...this.sent.slice(0, this.next)];
    this.sent = ordered.slice(-size);
    this.next = 0;
  }

  private oldestOf(size: number): number | undefined {
    const ordered = [...this.sent.slice(this.next), ...this.sent.slice(0, this.next)];
    return ordered[ordered.length - size];
  }
}

/** Sends counted per second: the rate rounded up (2.5/s allows 3 in a second, 2.5 on average); none unlimited. */
function capacity(rate: number): number {
  return Number.isFinite(rate) && rate > 0 ? Math.ceil(rate) : 0;
}
