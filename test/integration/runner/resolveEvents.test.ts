// The admin's decision on rows in doubt is part of the job's story: `jobs events` and History say which
// rows were settled, how and when, kept in SQLite with the job's other events. Found by an audit: a
// resolve left no trace in the events, so the history showed rows in doubt that later read "succeeded".
// Real parts: a SQLite file, the keychain, the sandbox LMS over HTTP (every connection reset: in doubt).
import { describe, expect, it } from 'vitest';
import { listJobEvents } from '../../../src-main/db/jobEvents';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('the events of settling rows in doubt', () => {
  const temp = useTempServices();

  it('each decision is an event naming its rows and what the admin chose, kept in SQLite', async () => {
    // Duplicating a course is not idempotent and has no lookup: a reset connection leaves it in doubt.
    const s = await temp.open({ sandbox: { seed: 31, faults: 'reset:1', coassembleLimit: null } });
    const courses = (await sandboxState(s.sandbox!.url)).coassemble.courses
      .slice(0, 5)
      .map((c) => [String(c.id)]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course'], courses),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.duplicate',
      mapping: { fields: { courseId: { kind: 'column', column: 'course' } } },
      options: { canary: 0, rateLimit: null, concurrency: 1 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.in_doubt).toBe(5);
    const doubt = await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 });
    const item = (row: number) => doubt.items.find((r) => r.rowNumber === row)!.itemId;

    await callOk(s, 'jobs.resolveInDoubt', {
      jobId: job.id,
      action: 'markSucceeded',
      itemIds: [item(2), item(3)],
    });
    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markFailed', itemIds: [item(4)] });
    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'resend', itemIds: [item(5)] });
    await s.runner.whenSettled(job.id);

    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    const settled = events.filter((e) => e.kind === 'resolved');
    expect(settled.map((e) => [e.rows, e.message])).toEqual([
      [[2, 3], 'Rows 2 and 3 were in doubt: you marked them as succeeded (not sent again).'],
      [[4], 'Row 4 was in doubt: you marked it as failed (not sent again).'],
      [[5], 'Row 5 was in doubt: you chose to send it again.'],
    ]);
    // In the order things happened: the resend's run comes after the decision that started it.
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(kinds.indexOf('resolved'))).toEqual([
      'resolved',
      'resolved',
      'resolved',
      'started',
      'inDoubt',
      'ended',
    ]);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Kept in SQLite, as the app's History reads it after a restart.
    const r = await temp.reopen({ sandbox: false });
    const stored = listJobEvents(r.db, job.id);
    expect(stored.filter((e) => e.kind === 'resolved').map((e) => e.message)).toEqual(
      settled.map((e) => e.message),
    );

    // --all: every row still in doubt (row 6, and row 5 again: its resend was reset too).
    await callOk(r, 'jobs.resolveInDoubt', { jobId: job.id, action: 'markSucceeded' });
    const last = (await callOk(r, 'jobs.events', { jobId: job.id })).at(-1)!;
    expect(last).toMatchObject({ kind: 'resolved', rows: [5, 6], count: 2 });
    expect(last.message).toBe('Rows 5 and 6 were in doubt: you marked them as succeeded (not sent again).');
  }, 60_000);
  it('a resend of one row says one row to send: rows left in doubt for the admin are not counted as going', async () => {
    const s = await temp.open({ sandbox: { seed: 31, faults: 'reset:1', coassembleLimit: null } });
    const courses = (await sandboxState(s.sandbox!.url)).coassemble.courses
      .slice(0, 3)
      .map((c) => [String(c.id)]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['course'], courses),
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.courses.duplicate',
      mapping: { fields: { courseId: { kind: 'column', column: 'course' } } },
      options: { canary: 0, rateLimit: null, concurrency: 1 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.in_doubt).toBe(3);
    const doubt = await callOk(s, 'jobs.inDoubt', { jobId: job.id, offset: 0, limit: 10 });
    const row2 = doubt.items.find((r) => r.rowNumber === 2)!.itemId;
    await callOk(s, 'jobs.resolveInDoubt', { jobId: job.id, action: 'resend', itemIds: [row2] });
    await s.runner.whenSettled(job.id);
    const started = (await callOk(s, 'jobs.events', { jobId: job.id })).filter((e) => e.kind === 'started');
    // Rows 3 and 4 are held for the admin (a duplicate is not safe to repeat and has no lookup): only row 2 goes.
    expect(started.at(-1)!.message).toMatch(/^Resumed: 1 row to send, /);
    expect(s.sandbox!.ledger.entries().filter((e) => e.method === 'POST')).toHaveLength(4);
  }, 60_000);
});
