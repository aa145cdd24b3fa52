// A sync waiting as the LMS asked (Retry-After) says until when, once per wait. Several requests in flight
// together (a sync reads a learner's results four at a time) are each told to wait, to about the same
// moment: one line for them, not one each — printed four times over, the same wait read as four.

/** Waits ending this close to one already said are that wait (Retry-After is in whole seconds, each from its own request). */
export const SAME_WAIT_MS = 5_000;

/** Remembers, per connection, until when the last wait said ends; says whether a new one is news. */
export class WaitsSaid {
  private readonly until = new Map<string, number>();

  /** Whether a wait of `connectionId` until `until` (ms) is to be said: not one ending within SAME_WAIT_MS of the last said. */
  isNews(connectionId: string, until: number): boolean {
    const said = this.until.get(connectionId);
    if (said !== undefined && until <= said + SAME_WAIT_MS) return false;
    this.until.set(connectionId, until);
    return true;
  }
}
