// Rows reserved ahead (issue 19, src-shared/runner/reserveAhead.ts): a create-member job (it has a
// lookup) marks rows `sending` before a slot frees, so a request leaves the moment an answer comes back.
// When the job is paused, the reserved rows that never left go back to pending and leave no attempt
// behind: every send attempt in the database is a request the LMS received, and resuming sends each row
// exactly once.
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

const creates = (s: Services) =>
  s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

describe('rows reserved ahead', () => {
  const temp = useTempServices();

  it('paused mid-job: reserved rows go back to pending without an attempt; resumed, each row is sent once', async () => {
    const s = await temp.open({ sandbox: { seed: 4, faults: 'latency:5-15' } });
    const job = await createMemberJob(s, 600, { concurrency: 8 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    while (creates(s).length < 150) await new Promise((r) => setTimeout(r, 5));
    const paused = await callOk(s, 'jobs.pause', { jobId: job.id });
    expect(paused.state).toBe('paused');
    expect(paused.counts.sending).toBe(0);
    const sendAttempts = s.db
      .prepare(
        `SELECT COUNT(*) FROM attempts a JOIN job_items i ON i.id = a.item_id WHERE i.job_id = ? AND a.kind = 'send'`,
      )
      .pluck()
      .get(job.id) as number;
    expect(sendAttempts).toBe(creates(s).length); // no attempt for a row that never left
    expect(paused.counts.succeeded).toBe(creates(s).length);
    const untouched = s.db
      .prepare(`SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'pending' AND attempts = 0`)
      .pluck()
      .get(job.id) as number;
    expect(untouched).toBe(paused.counts.pending);

    await callOk(s, 'jobs.resume', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(600);
    const emails = creates(s).map((e) => (e.body as { email: string }).email);
    expect(new Set(emails).size).toBe(600);
    expect(emails).toHaveLength(600);
  }, 60_000);

  it('the LMS holds the job (429 on a 20-per-10 s window): no more rows stay reserved than can leave soon', async () => {
    // A crash now would leave every row `sending` in doubt: 63 of them after 25 requests had arrived.
    const s = await temp.open({
      sandbox: { seed: 5, faults: 'latency:5-15', coursepathLimit: { requests: 20, windowMs: 10_000 } },
    });
    const job = await createMemberJob(s, 300, { concurrency: 4 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const refused = () => creates(s).filter((e) => e.status === 429).length;
    while (refused() === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 500)); // the turn after the first 429 has been written
    const sending = s.db
      .prepare(`SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'sending'`)
      .pluck()
      .get(job.id) as number;
    console.log(`held by a 429: ${creates(s).length} requests received, ${sending} rows sending`);
    expect(sending).toBeLessThanOrEqual(4 + 2);
    await callOk(s, 'jobs.pause', { jobId: job.id });
  }, 60_000);

  it('how far ahead follows how fast the LMS answers: up to 128 rows against a fast one, eight times the slots against a slow one', async () => {
    const sendingNow = (s: Services, jobId: string) =>
      s.db
        .prepare(`SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'sending'`)
        .pluck()
        .get(jobId) as number;
    /** The most rows `sending` at once while the job ran (reserved ahead, and the 2 in flight). */
    const mostSending = async (faults: string, rows: number) => {
      const s = await temp.open({ sandbox: { seed: 6, faults } });
      const job = await createMemberJob(s, rows, { concurrency: 2 });
      await callOk(s, 'jobs.start', { jobId: job.id });
      let most = 0;
      const settled = s.runner.whenSettled(job.id);
      let done = false;
      void settled.then(() => (done = true));
      while (!done) {
        most = Math.max(most, sendingNow(s, job.id));
        await new Promise((r) => setTimeout(r, 2));
      }
      expect((await settled).counts.succeeded).toBe(rows);
      return most;
    };
    // Answers in ~1 ms: hundreds a second, so 128 rows leave within half a second (a commit carries ~64).
    const fast = await mostSending('', 3000);
    // Answers in 100–150 ms: 2 slots answer ~16 a second, 8 rows in half a second: eight times the slots.
    const slow = await mostSending('latency:100-150', 40);
    console.log(`most rows sending at once, 2 slots: ${fast} against a fast LMS, ${slow} against a slow one`);
    expect(fast).toBeGreaterThan(2 * 8 + 2);
    expect(fast).toBeLessThanOrEqual(128 + 2);
    expect(slow).toBeLessThanOrEqual(2 * 8 + 2);
  }, 60_000);
});
