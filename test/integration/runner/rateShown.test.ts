// The rate Run and the CLI show beside the limit (a UI probe found "5.0/s (limit 4.0/s)" in a job's first
// second). The runner keeps its limit (test/integration/runner/rateAtTheLms.test.ts); the rate it reports
// must not read above it either. Its first answers come in a bunch — the limit lets 4 go within a second —
// and the meter divided them by the few ms since the first: up to 8/s at --rate 4.
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

const ROWS = 30;
const RATE = 4;

describe('the rate a running job reports', () => {
  const temp = useTempServices();

  it('at --rate 4 never reads above 4/s, from the first answer on', { timeout: 60_000 }, async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const job = await createMemberJob(s, ROWS, { ratePerSecond: RATE, concurrency: 2 });
    const rates: number[] = [];
    s.events.subscribe((m) => {
      const p = m.payload as JobProgress;
      if (m.event === 'job:progress' && p.jobId === job.id && p.state === 'running')
        rates.push(p.ratePerSecond);
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.succeeded).toBe(ROWS);
    expect(rates.some((r) => r > 0)).toBe(true);
    // As Run shows it, to one decimal.
    const over = rates.filter((r) => Number(r.toFixed(1)) > RATE);
    expect(
      over.map((r) => `${r.toFixed(1)}/s`),
      `reported: ${rates.map((r) => r.toFixed(1)).join(' ')}`,
    ).toEqual([]);
  });
});
