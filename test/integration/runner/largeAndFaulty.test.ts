// Volume and hostility, witnessed by the sandbox ledger (not timed; bench/runnerBench.ts measures speed):
//  - 3,000 rows with no limits: every row sent exactly once.
//  - 800 rows with faults on (5% 500, 2% resets, 1% timeouts) and bursts of 429 from a tight
//    rolling limit the job is not told about: every row terminal, retries within bounds, nobody created twice.
// The promises are test/helpers/faultyMemberJob.ts's; bench/faultSoak.ts keeps them at soak size (10,000
// clean, 2,500 faulty: the sizes this file ran until the 150-a-second limit made it the slowest runner
// file) round after round. The sizes here are what it takes for every fault to come up.
import { describe, expect, it } from 'vitest';
import {
  CLEAN_SANDBOX,
  cleanJobBroken,
  FAULTY_SANDBOX,
  faultyJobBroken,
  faultyJobLine,
  runMemberJob,
} from '../../helpers/faultyMemberJob';
import { useTempServices } from '../../helpers/tempServices';

describe('volume and faults', () => {
  const temp = useTempServices();

  it('sends each of 3,000 rows exactly once', async () => {
    const s = await temp.open({ sandbox: CLEAN_SANDBOX });
    const f = await runMemberJob(s, 3000, false);
    expect(cleanJobBroken(f)).toEqual([]);
  }, 300_000);

  it('ends an 800-row job under faults with every row terminal, retries in bounds, nobody created twice', async () => {
    const s = await temp.open({ sandbox: FAULTY_SANDBOX });
    const f = await runMemberJob(s, 800, true);
    console.log(faultyJobLine(f));
    // Each fault came up (the sandbox draws them from its seed, in the order the requests come), so
    // each is among what the job survived.
    for (const kind of ['fault:500', 'reset', 'timeout']) expect(f.outcomes[kind] ?? 0).toBeGreaterThan(0);
    expect(faultyJobBroken(f)).toEqual([]);
  }, 300_000);
});
