// A running job's counters are read from the database again when something outside its loop moved rows
// (the admin's decision on rows in doubt: ActiveJob.refresh). Found at the last stop: the read waited for
// the turn being written when it was asked, not for one started meanwhile, so it read the database before
// that turn's rows were there — a progress line went backwards, and the counters stayed short of them.
import { describe, expect, it } from 'vitest';
import { JobCounters } from '../../../src-main/runner/jobCounters';
import type { ItemCounts } from '../../../src-shared/contract/api';

const settle = () => new Promise((r) => setImmediate(r));

describe("a running job's counters read again", () => {
  it('are read once no turn is being written, a turn started meanwhile included', async () => {
    // The database: 3 rows succeeded so far; each turn's rows reach it when its write commits.
    const disk = { succeeded: 3, pending: 7, total: 10 } as ItemCounts;
    const counters = new JobCounters(
      () => ({ ...disk }),
      () => 0,
      () => 0,
      () => {},
    );
    let writing: Promise<void> | null = null;
    const commits: (() => void)[] = [];
    /** A turn: its rows move in memory at once, and reach the database when it commits. */
    const turn = (rows: number) => {
      for (let i = 0; i < rows; i++) counters.move('pending', 'succeeded');
      const w: Promise<void> = new Promise<void>((r) => commits.push(r)).then(() => {
        disk.succeeded += rows;
        disk.pending -= rows;
        if (writing === w) writing = null;
      });
      writing = w;
      return w;
    };

    const first = turn(2);
    // The loop's next turn is written as soon as the first has committed (the loop awaited that write
    // before the admin's decision asked for the read).
    void first.then(() => turn(1));
    let nudged = 0;
    counters.rereadWhenWritten(
      () => writing,
      () => nudged++,
    );
    commits[0]!();
    await settle();
    expect(commits).toHaveLength(2);
    expect(counters.counts.succeeded).toBe(6); // not read back to 5 while the second turn is out
    expect(nudged).toBe(0);

    commits[1]!();
    await settle();
    expect(nudged).toBe(1);
    expect(counters.counts).toMatchObject({ succeeded: 6, pending: 4 }); // read: the database has both turns
  });
});
