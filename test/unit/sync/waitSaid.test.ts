// `sync run` says each wait the LMS asks for once: requests in flight together are each told to wait to
// about the same moment (the CLI printed the same "waiting until 15:35" line four times, one per request
// reading learners' results), and a later wait — the next window — is said again.
import { describe, expect, it } from 'vitest';
import { SAME_WAIT_MS, WaitsSaid } from '../../../src-shared/sync/waitSaid';

describe('waits said once', () => {
  it('four requests told to wait to the same second: one line; the next wait: another', () => {
    const w = new WaitsSaid();
    const t = 1_764_860_100_000;
    expect([t, t + 400, t + 1_000, t - 200].map((u) => w.isNews('c1', u))).toEqual([true, false, false, false]);
    expect(w.isNews('c2', t)).toBe(true); // another connection's wait is its own
    expect(w.isNews('c1', t + SAME_WAIT_MS + 1)).toBe(true);
    expect(w.isNews('c1', t + 60_000)).toBe(true);
    expect(w.isNews('c1', t + 61_000)).toBe(false);
  });
});
