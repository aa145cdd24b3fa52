// A plain job's failures (and rows in doubt) fold into one event counting rows, each once
// (src-shared/runner/jobEvents.ts), naming the first five. Found at review: read back from SQLite after a
// restart the event knew only the five rows it names, so a row it had counted but not named, said again
// (say, a row in flight when the app stopped, put in doubt as it starts again), was counted a second time:
// "rows 2, 3, 4, 5, 6 and 3 more" for seven rows. Recipe jobs keep their items (migration 0032); this is
// the same for rows. Real parts: a SQLite file closed and opened again, the runner's event log.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listJobEvents } from '../../../src-main/db/jobEvents';
import { openDb, type Db } from '../../../src-main/db/openDb';
import type { JobEventFact } from '../../../src-shared/runner/jobEvents';
import { eventLogOver, insertEventJob } from '../../helpers/eventJob';
import { tempDir } from '../../helpers/tempDir';

describe('a plain job’s event read back after a restart', () => {
  const dir = tempDir();
  const file = join(dir.path, 'db.sqlite');
  let db: Db | null = null;
  afterEach(() => {
    db?.close();
    dir.remove();
  });

  it('remembers every row it counted, not only the five it names', () => {
    db = openDb(file);
    insertEventJob(db, 'running');
    let now = 10_000;
    const log = (d: Db) => eventLogOver(d, () => now);
    // As the runner says it of a plain job: the row, and its item (one per row).
    const inDoubt = (rowNumber: number): JobEventFact => ({
      kind: 'inDoubt',
      at: now,
      rowNumber,
      itemId: 100 + rowNumber,
      detail: 'socket hang up',
    });
    const SAID = 'Rows 2, 3, 4, 5, 6 and 2 more may or may not have reached the LMS (socket hang up)';

    const before = log(db);
    for (let row = 2; row <= 8; row++) {
      now += 100;
      before.record('j', inDoubt(row));
    }
    before.flush(true);
    expect(listJobEvents(db, 'j').at(-1)).toMatchObject({ count: 7, rows: [2, 3, 4, 5, 6] });
    expect(listJobEvents(db, 'j').at(-1)!.message).toContain(SAID);

    // The app stops and starts again: the database closed and opened, the log new. Row 8 — counted, not
    // named — is said again: still seven rows.
    db.close();
    db = openDb(file);
    const after = log(db);
    now += 100;
    after.record('j', inDoubt(8));
    after.flush(true);
    let last = listJobEvents(db, 'j');
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ count: 7 });
    expect(last[0]!.message).toContain(SAID);

    // A row it never counted still counts.
    now += 100;
    after.record('j', inDoubt(9));
    after.flush(true);
    last = listJobEvents(db, 'j');
    expect(last[0]).toMatchObject({ count: 8 });
    expect(last[0]!.message).toContain('Rows 2, 3, 4, 5, 6 and 3 more may or may not');

    // And once more from a reopened file: the eight are still known.
    db.close();
    db = openDb(file);
    const again = log(db);
    now += 100;
    again.record('j', inDoubt(7));
    again.flush(true);
    expect(listJobEvents(db, 'j')[0]!.count).toBe(8);
  });
});
