// "--rate N" as the LMS sees it: never more than N requests arrive in any one second, measured by the
// sandbox ledger's arrival times (not by when the runner claimed the rows). With several requests in
// flight and latency, rows reserved ahead used to leave in bunches as slots freed: 14 within 990 ms at
// --rate 10.
import { describe, expect, it } from 'vitest';
import { callOk } from '../../helpers/callOk';
import { watchEventLoopLag } from '../../helpers/eventLoopLag';
import { createMemberJob } from '../../helpers/memberJob';
import { useTempServices } from '../../helpers/tempServices';

const ROWS = 60;
const RATE = 10;

/** The most arrival times within any sliding window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('the rate at the LMS', () => {
  const temp = useTempServices();

  // The sandbox answers in this process: on a loaded 2-core machine our own event loop runs late and a
  // request is seen up to that late, so 11 could arrive within a second though none left early (seen at
  // load 20). No more than 10 in any second as they left means no more than 10 in any (1 s − the lateness
  // measured meanwhile) as they arrived: that is what is checked. Before the fix, 14 arrived within 990 ms.
  it(
    'at --rate 10 with 4 in flight and latency, no sliding second holds more than 10 requests',
    { timeout: 60_000, retry: 2 },
    async () => {
      const s = await temp.open({ sandbox: { seed: 41, faults: 'latency:50-400' } });
      const job = await createMemberJob(s, ROWS, { ratePerSecond: RATE, concurrency: 4, canary: 0 });
      const lag = watchEventLoopLag();
      await callOk(s, 'jobs.start', { jobId: job.id });
      const done = await s.runner.whenSettled(job.id);
      const lateMs = lag.stop();
      expect(done.counts.succeeded).toBe(ROWS);
      const arrived = s.sandbox!.ledger.entries().filter((e) => e.api === 'coursepath');
      const windowMs = Math.max(0, 1000 - lateMs);
      const at = arrived.map((e) => e.at);
      const busiest = busiestWindow(at, windowMs);
      console.log(
        `rate ${RATE}/s: ${arrived.length} requests, the event loop up to ${lateMs.toFixed(0)} ms late, ` +
          `busiest sliding ${windowMs.toFixed(0)} ms ${busiest} (in a second ${busiestWindow(at, 1000)})`,
      );
      expect(arrived.length).toBeGreaterThanOrEqual(ROWS);
      expect(busiest).toBeLessThanOrEqual(RATE);
    },
  );
});
