import { describe, expect, it } from 'vitest';
import { benchSandbox } from '../../../bench/sandboxBench';

describe('sandbox benchmark', () => {
  it('bench: benchSandbox() drives keep-alive PUT /user without errors and reports req/s', async () => {
    // A short smoke run: the ≥ 5000 req/s target is checked by `npx tsx bench/sandboxBench.ts` on a quiet box.
    const r = await benchSandbox({ durationMs: 700, warmupMs: 200, concurrency: 16 });
    console.log(`sandbox bench smoke: ${r.reqPerSec} req/s (${r.mode})`);
    expect(r.errors).toBe(0);
    expect(r.reqPerSec).toBeGreaterThan(0);
  });
});
