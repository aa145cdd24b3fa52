// "N requests per second" as the admin means it: never more than N leave in any one second. The pacer's
// token bucket (./pacer.ts) keeps the average and lets a late loop catch up, but its burst plus its
// refill can put up to twice the rate in one second after an idle spell (9 at 5/s, seen on the Run
// chart above its own limit line). This keeps the last ⌈rate⌉ send times and holds a request until the
// oldest of them is a second old; the bucket still spaces them. Counted by send time: the admin's rate
// is what we send, unlike an API's documented window (./windowLimiter.ts), counted from the answers.
//
// The send time is when the request actually leaves, not when a turn claimed its row: a claimed row
// waits for its turn's commit (milliseconds, longer on a busy disk), and counted at the claim a bunch
// could leave less than a second after the one before it (14 within 990 ms at 10/s, at the LMS). A row
// claimed and not yet left counts as leaving now. And the LMS sees our requests a few milliseconds
// later, not all equally late: a bunch sent exactly a second after the last lands inside that
// second there. So a "second" here is a second and `MARGIN_MS`: at most ~2.5% under the rate when this
// binds, never over it at the LMS (on a network with more jitter than that, still close).

const SECOND_MS = 1000;
/** The spread of the delays between our send and the LMS receiving it (a few ms on loopback, ~10 ms on a
 * sane network). Wider costs rate: at a whole-number rate ⌈rate⌉ per (1 s + margin) is the average where this binds. */
export const MARGIN_MS = 25;
/** How long to wait while claimed rows fill the second: they leave once their turn commits. */
const CLAIMED_WAIT_MS = 10;

export class SecondWindow {
  /** Send times, a ring of the last `size` (oldest at `next` once full). */
  private sent: number[] = [];
  private next = 0;
  /** Rows claimed that have not left yet: each counts as leaving now. */
  private claimed = 0;

  /** 0 when a request may leave at `now` under `rate` per second; else the ms until one ages out. */
  waitTime(now: number, rate: number): number {
    const size = capacity(rate);
    if (size === 0) return 0;
    const room = size - this.claimed;
    if (room <= 0) return CLAIMED_WAIT_MS;
    // The send that must be a second old before one more may leave: the `room`-th newest.
    const t = this.newest(room);
    return t === undefined ? 0 : Math.max(0, t + SECOND_MS + MARGIN_MS - now);
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

  /** A row was claimed to leave once its turn commits (`left` records it then). */
  claim(): void {
    this.claimed++;
  }

  /** A claimed row left at `now`. */
  left(now: number, rate: number): void {
    this.unclaim();
    this.record(now, rate);
  }

  /** A claimed row will not leave (its turn rolled back). */
  unclaim(): void {
    this.claimed = Math.max(0, this.claimed - 1);
  }

  /** The rate changed (a lowered pace, or the admin's edit): keep the newest sends that still count. */
  private resize(size: number): void {
    this.sent = this.ordered().slice(-size);
    this.next = 0;
  }

  /** The k-th newest send time (k ≥ 1), if there are that many. */
  private newest(k: number): number | undefined {
    const n = this.sent.length;
    return k > n ? undefined : this.sent[(this.next + n - k) % n];
  }

  private ordered(): number[] {
    return [...this.sent.slice(this.next), ...this.sent.slice(0, this.next)];
  }
}

/** Sends counted per second: the rate rounded up (2.5/s allows 3 in a second, 2.5 on average); none unlimited. */
function capacity(rate: number): number {
  return Number.isFinite(rate) && rate > 0 ? Math.ceil(rate) : 0;
}
