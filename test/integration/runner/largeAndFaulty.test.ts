// Volume and hostility, witnessed by the sandbox ledger (not timed; bench/runnerBench.ts measures speed):
//  - 10,000 rows with no limits: every row sent exactly once.
//  - 2,500 rows with faults on (5% 500, 2% resets, 1% timeouts) and bursts of 429 from a tight
//    rolling limit the job is not told about: every row terminal, retries within bounds, nobody created twice.
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

describe('volume and faults', () => {
  const temp = useTempServices();

  const createdPerEmail = (s: Services) => {
    const m = new Map<string, number>();
    for (const e of s.sandbox!.ledger.entries()) {
      if (e.method === 'POST' && e.path === '/api/v1/members' && e.status === 201) {
        const email = (e.body as { email: string }).email;
        m.set(email, (m.get(email) ?? 0) + 1);
      }
    }
    return m;
  };

  it('sends each of 10,000 rows exactly once', async () => {
    const s = await temp.open({ sandbox: { seed: 41, duplicateMember: 'conflict' } });
    const job = await createMemberJob(s, 10_000, { concurrency: 16 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(10_000);
    const posts = s
      .sandbox!.ledger.entries()
      .filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(posts).toHaveLength(10_000);
    const created = createdPerEmail(s);
    expect(created.size).toBe(10_000);
    expect([...created.values()].every((n) => n === 1)).toBe(true);
  }, 300_000);

  it('ends a 2,500-row job under faults with every row terminal, retries in bounds, nobody created twice', async () => {
    const s = await temp.open({
      sandbox: {
        seed: 42,
        duplicateMember: 'conflict',
        faults: '500:0.05,reset:0.02,timeout:0.01,latency:1-5',
        coursepathLimit: { requests: 150, windowMs: 1000 }, // bursts of 429 at concurrency 16
      },
    });
    const job = await createMemberJob(s, 2500, { concurrency: 16, maxAttempts: 5, timeoutMs: 1000 });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    const c = done.counts;
    expect(c.pending + c.sending + c.retry_wait).toBe(0);
    expect(c.succeeded + c.failed + c.in_doubt).toBe(2500);

    const created = createdPerEmail(s);
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    const ledger = s.sandbox!.ledger.entries();
    const outcomes = new Map<string, number>();
    for (const e of ledger) outcomes.set(e.outcome, (outcomes.get(e.outcome) ?? 0) + 1);
    // Succeeded rows were created (by us, once); none was created without the job knowing.
    const succeeded = s.db
      .prepare(`SELECT COUNT(*) FROM job_items WHERE job_id = ? AND status = 'succeeded'`)
      .pluck()
      .get(job.id) as number;
    expect(created.size).toBe(succeeded);
    // Attempts that count (not throttled) stay within maxAttempts per row.
    const worst = s.db
      .prepare(
        `SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM attempts a JOIN job_items i ON i.id = a.item_id
         WHERE i.job_id = ? AND a.kind = 'send' AND COALESCE(a.response_status, 0) NOT IN (429, 503) GROUP BY a.item_id)`,
      )
      .pluck()
      .get(job.id) as number;
    expect(worst).toBeLessThanOrEqual(5);
    console.log(
      `faults: ${JSON.stringify(c)}; ledger outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; ` +
        `most counted attempts on one row ${worst}`,
    );
    expect(c.succeeded).toBeGreaterThan(2450);
  }, 300_000);
});
