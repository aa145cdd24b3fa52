// Issue 16, "runs explain themselves": against the sandbox answering some requests 503 + Retry-After, the
// runner says so in words (`job:event`, kept in SQLite: `jobs.events` after a restart), its progress says
// when it is holding for the LMS, repeated failures fold into one line, and a paused job's running time
// stands still.
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import type { JobEventDto, JobProgress } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const createMembers = (s: Services, datasetId: string, options = {}) =>
  callOk(s, 'jobs.create', { ...memberJobSpec(datasetId), options });

function follow(s: Services) {
  const events = new Map<string, JobEventDto>(); // latest state of each event by seq
  const progress: JobProgress[] = [];
  s.events.subscribe((m) => {
    if (m.event === 'job:event') events.set(`${m.payload.jobId} ${m.payload.seq}`, m.payload);
    if (m.event === 'job:progress') progress.push(m.payload);
  });
  return { events, progress };
}

/** Resolves once `done()` holds, looking every 10 ms; fails naming `what` after `ms`. */
async function until(done: () => boolean, what: string, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !done(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > end) throw new Error(`Waited ${ms} ms for ${what}`);
  }
}

describe('a run explains itself', () => {
  const temp = useTempServices();

  it('says the LMS asked to wait (503 + Retry-After), holds honestly, and keeps the story for after a restart', async () => {
    const s = await temp.open({ sandbox: { seed: 41, faults: '503:0.2' } });
    const seen = follow(s);
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(20));
    // One at a time, so a 503's hold is not ended at once by another request's success.
    const job = await createMembers(s, datasetId, { ratePerSecond: 50, concurrency: 1 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(20);

    const refused = s.sandbox!.ledger.entries().filter((e) => e.status === 503).length;
    expect(refused).toBeGreaterThan(1);
    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    expect(events[0]).toMatchObject({
      kind: 'started',
      message: 'Started: 20 rows to send, at most 50/s, 1 in parallel.',
    });
    expect(events.at(-1)).toMatchObject({ kind: 'ended', message: 'Completed: 20 succeeded, 0 failed.' });
    const throttled = events.filter((e) => e.kind === 'throttled');
    // Every 503 is explained, folded: one line says it happened n times.
    expect(throttled.reduce((n, e) => n + e.count, 0)).toBe(refused);
    expect(throttled[0]).toMatchObject({ status: 503, retryAfterMs: 1000 });
    expect(throttled[0]!.message).toMatch(/^The LMS is busy \(HTTP 503\) and asked to wait: Retry-After 1 s/);
    // What was pushed live is what was kept.
    expect(events.map((e) => e.message)).toEqual(
      events.map((e) => seen.events.get(`${job.id} ${e.seq}`)?.message),
    );
    // While it held for the LMS, progress said until when, and the time left included the wait.
    const holding = seen.progress.filter((p) => p.jobId === job.id && p.waitingUntil);
    expect(holding.length).toBeGreaterThan(0);
    expect(holding.every((p) => p.state === 'running' && p.limitRate === 50)).toBe(true);

    // After a restart the story is still there, from SQLite.
    const again = await temp.reopen({ sandbox: { seed: 41 } });
    expect(await callOk(again, 'jobs.events', { jobId: job.id })).toEqual(events);
  }, 60_000);

  it('folds a thousand failures of one kind into one line, and a paused job does not tick', async () => {
    const s = await temp.open({ sandbox: { seed: 42, duplicateMember: 'conflict' } });
    const seen = follow(s);
    const rows = userRows(40);
    // The first 30 exist already: creating them again is a 409.
    const first = seedDataset(s.db, ['email', 'first', 'last'], rows.slice(0, 30));
    const j1 = await createMembers(s, first, { concurrency: 4 });
    await callOk(s, 'jobs.start', { jobId: j1.id });
    await s.runner.whenSettled(j1.id);
    const all = seedDataset(s.db, ['email', 'first', 'last'], rows);
    const j2 = await createMembers(s, all, {
      concurrency: 4,
      resend: true,
      breaker: null,
      ratePerSecond: 20,
    });
    await callOk(s, 'jobs.start', { jobId: j2.id });
    // Paused once the first run has folded six failures into its line, as the assertions below read it ("Rows
    // 2, 3, 4, 5, 6 and … more"), not after a fixed 600 ms: on a loaded machine fewer rows had been sent by then.
    // The rate (20/s) keeps the 40 rows from finishing before the pause.
    await until(
      () => [...seen.events.values()].some((e) => e.jobId === j2.id && e.kind === 'failed' && e.count >= 6),
      'six failures folded into one line',
    );
    const paused = await callOk(s, 'jobs.pause', { jobId: j2.id });
    expect(paused.state).toBe('paused');
    expect(paused.runningSince).toBeNull();
    expect(paused.runMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 400));
    expect((await callOk(s, 'jobs.get', { jobId: j2.id })).runMs).toBe(paused.runMs); // idle: stands still
    await callOk(s, 'jobs.resume', { jobId: j2.id });
    const done = await s.runner.whenSettled(j2.id);
    expect(done.state, JSON.stringify(done.stopReason)).toBe('completed');
    expect(done.counts).toMatchObject({ failed: 30, succeeded: 10 });
    expect(done.runMs).toBeGreaterThanOrEqual(paused.runMs);
    // Each change of state is pushed with the running time it leaves, so the Run screen never shows a
    // finished job's duration as 0 ms while it asks for the job again.
    const mine = seen.progress.filter((p) => p.jobId === j2.id);
    expect(mine.find((p) => p.state === 'paused')).toMatchObject({ runMs: paused.runMs, runningSince: null });
    // A job that is not running has no time left to show ("paused … ETA 8s" was printed).
    expect(mine.filter((p) => p.state !== 'running').every((p) => p.etaMs === null)).toBe(true);
    expect(mine.at(-1)).toMatchObject({ state: 'completed', runMs: done.runMs, runningSince: null });
    expect(mine.filter((p) => p.state === 'running').every((p) => p.runningSince !== null)).toBe(true);

    const events = await callOk(s, 'jobs.events', { jobId: j2.id });
    const kinds = events.map((e) => e.kind);
    expect(kinds[0]).toBe('started');
    expect(kinds).toContain('paused');
    expect(events.find((e) => e.kind === 'paused')!.message).toMatch(/^Paused by you\./);
    expect(events.filter((e) => e.kind === 'started').map((e) => e.message)).toEqual([
      'Started: 40 rows to send, at most 20/s, 4 in parallel.',
      expect.stringMatching(/^Resumed: \d+ rows to send, at most 20\/s, 4 in parallel\.$/),
    ]);
    const failed = events.filter((e) => e.kind === 'failed');
    expect(failed.reduce((n, e) => n + e.count, 0)).toBe(30);
    expect(failed.length).toBeLessThanOrEqual(2); // one line per run of the job, not thirty
    expect(failed[0]!.message).toMatch(
      /^Rows 2, 3, 4, 5, 6 and \d+ more failed: HTTP 409: A member with email/,
    );
    expect(events.at(-1)!.message).toBe('Completed: 10 succeeded, 30 failed.');
    // Folded repeats were pushed live too, with their final count.
    expect(failed.every((e) => seen.events.get(`${j2.id} ${e.seq}`)?.count === e.count)).toBe(true);
  }, 60_000);
});
