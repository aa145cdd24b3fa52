// A Retry-After longer than Bulk Desk waits by itself (`MAX_RETRY_AFTER_MS`): the job pauses, saying
// what the LMS asked and when that wait would be over, so the admin decides when to resume. It used to
// be honoured whatever it said: `Retry-After: 86400` kept the CLI waiting a day.
import { describe, expect, it } from 'vitest';
import type { JobOptions } from '../../../src-shared/contract/api';
import { SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { answeringSend } from '../../helpers/refusingSend';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

/**
 * Three users upserted to the sandbox's Coassemble, no canary; the job once it settles, or null when it
 * still waits after 20 s (then paused, so the test ends).
 */
async function runThreeUsers(s: Services, options: JobOptions) {
  const datasetId = seedDataset(
    s.db,
    ['id', 'name'],
    [
      ['u-1', 'User 1'],
      ['u-2', 'User 2'],
      ['u-3', 'User 3'],
    ],
  );
  const job = await callOk(s, 'jobs.create', {
    datasetId,
    connectionId: SANDBOX_COASSEMBLE_ID,
    templateId: 'coassemble.users.upsert',
    mapping: {
      fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
    },
    options: { canary: 0, confirm: 'OVERWRITE 3 users on Sandbox · Coassemble', ...options },
  });
  await callOk(s, 'jobs.start', { jobId: job.id });
  const done = await Promise.race([
    s.runner.whenSettled(job.id),
    new Promise<null>((r) => setTimeout(() => r(null), 20_000)),
  ]);
  if (!done) await callOk(s, 'jobs.pause', { jobId: job.id });
  return { job, done };
}

describe('a Retry-After of a day', () => {
  const temp = useTempServices();

  it('pauses the job with the LMS’s asked wait and when it ends, instead of waiting a day', async () => {
    // One request a day: the second is answered 429 with Retry-After 86400.
    const s = await temp.open({
      sandbox: { seed: 6, coassembleLimit: { requests: 1, windowMs: 86_400_000 } },
    });
    const { done } = await runThreeUsers(s, { undo: false });
    expect(done, 'the job still waits').not.toBeNull();
    expect(done!.state).toBe('paused');
    expect(done!.stopReason?.kind).toBe('throttled');
    expect(done!.stopReason?.message).toMatch(/asked to wait 24 h.*\(Retry-After: 86400\)/);
    expect(done!.stopReason?.message).toMatch(/until \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d/);
    expect(done!.stopReason?.message).toMatch(/resume/i);
    expect(done!.counts.succeeded).toBe(1);
  }, 60_000);

  it('pauses the same way when the read before a write is told to wait a day, and does not fail its row', async () => {
    // Undo reads each user before its write; from the second read on, the LMS answers 429 for a day.
    let reads = 0;
    const { caught, send } = answeringSend((req) => req.method === 'GET' && ++reads >= 2, {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '86400' },
      body: '{"message":"Too many requests"}',
    });
    const s = await temp.open({ sandbox: { seed: 6 }, send });
    const { job, done } = await runThreeUsers(s, { concurrency: 1 });
    expect(done, 'the job still waits, saying nothing').not.toBeNull();
    expect(done!.state).toBe('paused');
    expect(done!.stopReason?.kind).toBe('throttled');
    expect(done!.stopReason?.message).toMatch(/asked to wait 24 h.*\(Retry-After: 86400\)/);
    // Asked once: a day's wait is not asked again four times.
    expect(caught).toHaveLength(1);
    // The row whose read was refused was not judged: it waits for the resume, not failed.
    expect(done!.counts).toMatchObject({ succeeded: 1, failed: 0, pending: 2 });
    const events = await callOk(s, 'jobs.events', { jobId: job.id });
    expect(events.find((e) => e.kind === 'throttled')).toMatchObject({ status: 429, retryAfterMs: 86_400_000 });
  }, 60_000);
});
