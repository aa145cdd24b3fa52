// Migration 13 (job events, running time): from a version-6 database with a completed job, a paused one
// and one left running, each gets its running time as well as it can be known, and job_events keeps the
// last EVENTS_KEPT events of a job, a folded repeat updating its row.
import { describe, expect, it } from 'vitest';
import { listJobEvents, saveJobEvents } from '../../../src-main/db/jobEvents';
import { getJob, setJobState } from '../../../src-main/db/jobs';
import { migrate } from '../../../src-main/db/openDb';
import type { JobEventDto } from '../../../src-shared/contract/api';
import { addJobEvent, EVENTS_KEPT } from '../../../src-shared/runner/jobEvents';
import { useTempDb } from '../../helpers/tempDb';

describe('migration 0013-job-events', () => {
  const temp = useTempDb();

  it('gives old jobs a running time that stands still, and keeps a bounded list of events per job', () => {
    const db = temp.open(6);
    db.exec(`
      INSERT INTO datasets (id, name, file_name, columns_json, row_count, delimiter, encoding, state, imported_at)
        VALUES ('d', 'd', 'd.csv', '["email"]', 1, ',', 'utf-8', 'ready', 1);
      INSERT INTO jobs (id, template_id, template_name, connection_id, connection_name, dataset_id, file_name,
          mapping_json, options_json, state, created_at, started_at, finished_at)
        VALUES ('done', 't', 'T', 'c', 'C', 'd', 'd.csv', '{"fields":{}}', '{}', 'completed', 0, 1000, 61000),
               ('paused', 't', 'T', 'c', 'C', 'd', 'd.csv', '{"fields":{}}', '{}', 'paused', 0, 1000, NULL),
               ('running', 't', 'T', 'c', 'C', 'd', 'd.csv', '{"fields":{}}', '{}', 'running', 0, 5000, NULL);
      INSERT INTO job_items (job_id, row_number, status, updated_at) VALUES ('paused', 2, 'succeeded', 9000);
    `);
    migrate(db, 13);
    expect(db.pragma('user_version', { simple: true })).toBe(13);
    expect(getJob(db, 'done')).toMatchObject({ runMs: 60_000, runningSince: null });
    expect(getJob(db, 'paused')).toMatchObject({ runMs: 8000, runningSince: null }); // to its rows' last change
    expect(getJob(db, 'running')).toMatchObject({ runMs: 0, runningSince: 5000 });

    // Running time adds up over running periods only.
    setJobState(db, 'paused', 'running', 100_000);
    setJobState(db, 'paused', 'paused', 103_000);
    expect(getJob(db, 'paused')).toMatchObject({ runMs: 11_000, runningSince: null });
    setJobState(db, 'paused', 'cancelled', 500_000); // idle time is not running time
    expect(getJob(db, 'paused')!.runMs).toBe(11_000);

    // The events as this build writes them (0032 added the items an event counted).
    migrate(db);
    const events: JobEventDto[] = [];
    for (let i = 0; i < EVENTS_KEPT + 5; i++)
      addJobEvent(events, 'done', { kind: 'rateChanged', at: i, ratePerSecond: i + 1 });
    saveJobEvents(db, events);
    const failed = addJobEvent(events, 'done', {
      kind: 'failed',
      at: 1,
      rowNumber: 2,
      status: 409,
      detail: 'HTTP 409',
    });
    saveJobEvents(db, [failed]);
    addJobEvent(events, 'done', { kind: 'failed', at: 2, rowNumber: 3, status: 409, detail: 'HTTP 409' });
    saveJobEvents(db, [events.at(-1)!]);
    const kept = listJobEvents(db, 'done');
    expect(kept).toHaveLength(EVENTS_KEPT);
    expect(kept.at(-1)).toMatchObject({
      kind: 'failed',
      count: 2,
      rows: [2, 3],
      message: 'Rows 2 and 3 failed: HTTP 409',
    });
    expect(kept[0]!.seq).toBe(7);
    db.exec(`DELETE FROM jobs WHERE id = 'done'`);
    expect(listJobEvents(db, 'done')).toEqual([]);
  });
});
