// A row that fails, is rerun (`jobs retry-failed`) and fails again: the history says one row failed in
// each run, each after its run's start — not "rows 2 and 1 more" folded into the first run's line.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP.
import { describe, expect, it } from 'vitest';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('the events of a rerun', () => {
  const temp = useTempServices();

  it('a row failing in two runs is said once per run, in the order things happened', async () => {
    const s = await temp.open({ sandbox: { seed: 23 } });
    // Enrolling in a course that does not exist: 404, every time.
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course', 'member'], [['999999', '1']]),
      connectionId: SANDBOX_COURSEPATH_ID,
      templateId: 'coursepath.courses.enrol',
      mapping: {
        fields: {
          courseId: { kind: 'column', column: 'course' },
          memberId: { kind: 'column', column: 'member' },
        },
      },
      options: { undo: false },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.failed).toBe(1);
    await callOk(s, 'jobs.retryFailed', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.failed).toBe(1);

    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    const failed = events.filter((e) => e.kind === 'failed');
    expect(failed.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Row 2 failed: HTTP 404/),
      expect.stringMatching(/^Row 2 failed: HTTP 404/),
    ]);
    expect(events.map((e) => e.kind)).toEqual(['started', 'failed', 'ended', 'started', 'failed', 'ended']);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
