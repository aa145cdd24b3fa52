// A job's live progress does not go backwards in a way that misleads. Found at the last stop: rows refused
// for a wrong key were counted failed as they came back, then put back to pending when the credentials
// breaker opened — `run` said "2 failed", then "0 failed". Refusals the breaker has not judged yet are
// said as not sent (pending) until it does; the job's end is exact as before.
// Real parts: a SQLite file, the real keychain, the sandbox LMS over HTTP (each answer a little late, so
// progress goes out between them).
import { describe, expect, it } from 'vitest';
import type { ItemCounts, JobProgress } from '../../../src-shared/contract/api';
import { sendHttp, type HttpRequest } from '../../../src-main/services/http';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const late = async (req: HttpRequest) => {
  await new Promise((r) => setTimeout(r, 150));
  return sendHttp(req);
};

describe("a job's live progress", () => {
  const temp = useTempServices();

  it('does not count as failed the rows refused for the key that the breaker puts back', async () => {
    const s = await temp.open({ sandbox: { seed: 24 }, send: late });
    const cp = s.sandbox!.credentials.coursepath;
    const wrong = await callOk(s, 'connections.save', {
      name: 'Acme (wrong key)',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: 'not-the-key',
    });
    const rows = Array.from({ length: 6 }, (_, i) => [`q${i}@example.com`, `Q ${i}`]);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email', 'name'], rows),
      connectionId: wrong.id,
      templateId: 'coursepath.members.create',
      mapping: {
        fields: { email: { kind: 'column', column: 'email' }, name: { kind: 'column', column: 'name' } },
      },
      options: { canary: 0, concurrency: 1, rateLimit: null },
    });
    const seen: ItemCounts[] = [];
    const unsubscribe = s.events.subscribe((msg) => {
      if (msg.event !== 'job:progress') return;
      const p = msg.payload as JobProgress;
      if (p.jobId === job.id) seen.push({ ...p.counts });
    });
    try {
      await callOk(s, 'jobs.start', { jobId: job.id });
      const done = await s.runner.whenSettled(job.id);
      expect(done).toMatchObject({ state: 'paused', stopReason: { kind: 'auth' } });
      expect(done.counts).toMatchObject({ pending: 6, failed: 0 });
    } finally {
      unsubscribe();
    }
    // Progress went out while the refusals came back (else this test shows nothing).
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.map((c) => c.failed)).toEqual(seen.map(() => 0));
  });
});
