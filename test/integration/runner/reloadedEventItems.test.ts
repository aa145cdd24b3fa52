// A recipe job's failures fold into one event counting items, each once (src-shared/runner/jobEvents.ts).
// Found at review: the items an event had counted lived only in memory, so an event read back from SQLite
// (a new process, or a job's events let go when its loop ended and read again) counted an item said again
// a second time — "2 items of row 2 failed" for one item. Real parts: a SQLite file, the runner's event log.
import { describe, expect, it } from 'vitest';
import { listJobEvents } from '../../../src-main/db/jobEvents';
import type { JobEventFact } from '../../../src-shared/runner/jobEvents';
import { eventLogOver, insertEventJob } from '../../helpers/eventJob';
import { useTempDb } from '../../helpers/tempDb';

describe('a job event read back from SQLite', () => {
  const temp = useTempDb();

  it('remembers the items it counted, so an item said again after a restart is not counted twice', () => {
    const db = temp.open(Infinity);
    insertEventJob(db, 'paused');
    let now = 10_000;
    const log = () => eventLogOver(db, () => now);
    const failed = (itemId: number, rowNumber: number): JobEventFact => ({
      kind: 'failed',
      at: now,
      rowNumber,
      itemId,
      detail: 'HTTP 422: course 7 is full',
      items: true,
    });

    const before = log();
    before.record('j', failed(10, 2));
    now += 100;
    before.record('j', failed(11, 2));
    before.flush(true);
    expect(listJobEvents(db, 'j').at(-1)).toMatchObject({
      count: 2,
      message: '2 items of row 2 failed: HTTP 422: course 7 is full',
    });

    // A new process: the log reads the job's events back from SQLite. Item 11 is said again (its row's
    // answer recorded once more): still two items.
    const after = log();
    now += 100;
    after.record('j', failed(11, 2));
    after.flush(true);
    expect(listJobEvents(db, 'j').at(-1)).toMatchObject({
      count: 2,
      message: '2 items of row 2 failed: HTTP 422: course 7 is full',
    });
    // A new item of the row still counts.
    now += 100;
    after.record('j', failed(12, 2));
    after.flush(true);
    const last = listJobEvents(db, 'j');
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({
      count: 3,
      message: '3 items of row 2 failed: HTTP 422: course 7 is full',
    });

    // And once more from SQLite: the three are still known.
    const again = log();
    now += 100;
    again.record('j', failed(10, 2));
    again.flush(true);
    expect(listJobEvents(db, 'j')[0]!.count).toBe(3);
  });
});
