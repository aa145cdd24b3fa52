// A write tried again while another program holds the database's write lock (SQLITE_BUSY/LOCKED: a
// database browser, a backup tool, another Bulk Desk). Each try already waits busy_timeout inside
// SQLite; between tries the job waits 50 ms, doubling up to 1 s, until `retryMs` has passed since the
// first try — then the refusal is thrown as it came, and the job stops saying why (faultReason.ts).
// Any other refusal (a full disk, a read-only file) is thrown at once: waiting does not cure it.
import { isBusy } from '../db/storageErrors';

export interface BusyRetry {
  clock(): number;
  /** How long to keep trying, in all, in ms. */
  retryMs: number;
  /** Each time the lock was found held (the job logs it). */
  onBusy(): void;
}

/** Runs `write` (which may answer at once or later, as the writer thread's does) until it is not refused as busy. */
export async function retryWhileBusy(write: () => void | Promise<void>, r: BusyRetry): Promise<void> {
  const deadline = r.clock() + r.retryMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    try {
      await write();
      return;
    } catch (e) {
      if (!isBusy(e) || r.clock() >= deadline) throw e;
      r.onBusy();
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
