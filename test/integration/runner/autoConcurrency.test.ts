// Automatic concurrency (issue 19) with the real runner against the realistic sandbox: an LMS that serves
// W requests at once, queues Q more and refuses the rest with 503, none of it announced. A job with no
// concurrency set raises its requests in flight while answers stay fast, stays near what the LMS can
// take (few 503s), follows a capacity that drops mid-job, and says in `job:progress` where it is and why.
// A pinned number never moves; `jobs.setRate` can pin it or hand it back.
import { describe, expect, it } from 'vitest';
import type { ConcurrencyDto, JobProgress } from '../../../src-shared/contract/api';
import type { Services } from '../../../src-main/services';
import type { SandboxOptions } from '../../../src-main/sandbox/types';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

const realistic = (workers: number, queue: number): SandboxOptions => ({
  seed: 5,
  realistic: { latency: { minMs: 30, maxMs: 60 }, capacity: { workers, queue } },
});

/** Every concurrency a job's progress reported, in order. */
function follow(s: Services, jobId: string): ConcurrencyDto[] {
  const seen: ConcurrencyDto[] = [];
  s.events.subscribe((m) => {
    const p = m.payload as JobProgress;
    if (m.event === 'job:progress' && p.jobId === jobId && p.concurrency) seen.push(p.concurrency);
  });
  return seen;
}

const posts = (s: Services) =>
  s.sandbox!.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

describe('automatic concurrency', () => {
  const temp = useTempServices();

  it('rises from the default while answers stay fast, stays near what the LMS takes, with few 503s', async () => {
    const s = await temp.open({ sandbox: realistic(8, 8) });
    const job = await createMemberJob(s, 800);
    const seen = follow(s, job.id);
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(800);
    expect(seen[0]).toMatchObject({ mode: 'auto', max: 64 });
    const limits = seen.map((c) => c.limit);
    expect(Math.max(...limits)).toBeGreaterThan(4); // raised from Coursepath's default of 4
    // It does not run away: the LMS holds 8 at once and 8 waiting.
    expect(Math.max(...limits)).toBeLessThanOrEqual(32);
    expect(seen.some((c) => /raised: answers stay fast/.test(c.reason))).toBe(true);
    const all = posts(s);
    const refused = all.filter((e) => e.status === 503).length;
    expect(refused / all.length).toBeLessThan(0.03);
  }, 60_000);

  it('follows a capacity that drops mid-job: lowered, with the reason, and the job completes', async () => {
    const s = await temp.open({ sandbox: realistic(12, 12) });
    const job = await createMemberJob(s, 700);
    const seen = follow(s, job.id);
    await callOk(s, 'jobs.start', { jobId: job.id });
    while (posts(s).filter((e) => e.status === 201).length < 300) await new Promise((r) => setTimeout(r, 20));
    const before = seen.at(-1)!.limit;
    await fetch(`${s.sandbox!.url}/__sandbox/capacity?workers=3&queue=3`, { method: 'POST' });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(700);
    const after = seen.at(-1)!;
    expect(after.limit).toBeLessThan(before);
    expect(after.limit).toBeLessThanOrEqual(8); // the LMS now holds 3 at once and 3 waiting
    expect(seen.some((c) => /^lowered: /.test(c.reason))).toBe(true);
  }, 60_000);

  it('a pinned number never moves; jobs.setRate hands it back to the app (null) or pins another', async () => {
    const s = await temp.open({ sandbox: realistic(8, 8) });
    const job = await createMemberJob(s, 400, { concurrency: 3 });
    const seen = follow(s, job.id);
    await callOk(s, 'jobs.start', { jobId: job.id });
    while (seen.length < 3) await new Promise((r) => setTimeout(r, 10));
    expect(seen.every((c) => c.mode === 'pinned' && c.limit === 3)).toBe(true);
    const auto = await callOk(s, 'jobs.setRate', { jobId: job.id, ratePerSecond: null, concurrency: null });
    expect(auto.options.concurrency).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.at(-1)).toMatchObject({ mode: 'auto' });
    const pinned = await callOk(s, 'jobs.setRate', { jobId: job.id, ratePerSecond: null, concurrency: 5 });
    expect(pinned.options.concurrency).toBe(5);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.at(-1)).toMatchObject({ mode: 'pinned', limit: 5, reason: 'set by you' });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(400);
  }, 60_000);
});
