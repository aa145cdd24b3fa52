// The throttle against the sandbox's Coassemble limit (a rolling window per IP, 429 + Retry-After when
// exceeded), scaled down in time: 50 per 3 s instead of 100 per 60 s. The job is told the same limit,
// as it is told 100/60 s by default for a real Coassemble connection.
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, SANDBOX_COASSEMBLE_ID, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';

const LIMIT = { requests: 50, windowMs: 3000 };
const ROWS = 200;

describe('rate limit', () => {
  let services: Services | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await services?.close();
    dir?.remove();
  });

  it('keeps within 3% of the allowed rate with fewer than 1% of requests answered 429', async () => {
    dir = tempDir();
    services = await createServices({
      dataDir: dir.path,
      sandbox: { seed: 5, coassembleLimit: LIMIT, faults: 'latency:2-20' },
    });
    const datasetId = seedDataset(
      services.db,
      ['id', 'name'],
      Array.from({ length: ROWS }, (_, i) => [`u-${i + 1}`, `User ${i + 1}`]),
    );
    const job = await callOk(services, 'jobs.create', {
      datasetId,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: {
        fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
      },
      options: { rateLimit: LIMIT, concurrency: 4, confirm: `OVERWRITE ${ROWS} users on Sandbox · Coassemble` },
    });
    await callOk(services, 'jobs.start', { jobId: job.id });
    const done = await services.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(ROWS);

    // Every request counts against the limit: the writes and the reads of each user before them (undo).
    const puts = services
      .sandbox!.ledger.entries()
      .filter((e) => e.api === 'coassemble' && (e.method === 'PUT' || e.method === 'GET'));
    const accepted = puts.filter((e) => e.status !== 429);
    const throttled = puts.length - accepted.length;
    const first = accepted[0]!.at;
    const last = accepted.at(-1)!.at;
    const achieved = ((accepted.length - 1) / (last - first)) * 1000;
    const allowed = (LIMIT.requests / LIMIT.windowMs) * 1000;
    // The server's own view: the most accepted requests in any window.
    let busiest = 0;
    for (let i = 0, j = 0; i < accepted.length; i++) {
      while (accepted[i]!.at - accepted[j]!.at >= LIMIT.windowMs) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    console.log(
      `rate test: allowed ${allowed.toFixed(2)}/s, achieved ${achieved.toFixed(2)}/s ` +
        `(${((achieved / allowed - 1) * 100).toFixed(2)}%), ${throttled} of ${puts.length} answered 429 ` +
        `(${((throttled / puts.length) * 100).toFixed(2)}%), busiest window ${busiest}/${LIMIT.requests}`,
    );
    expect(Math.abs(achieved / allowed - 1)).toBeLessThan(0.03);
    expect(throttled / puts.length).toBeLessThan(0.01);
  }, 120_000);
});
