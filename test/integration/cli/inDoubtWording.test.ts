// `jobs in-doubt` says what is known, no more: a row in doubt was marked `sending` before its request
// left (rows reserved ahead are marked well before), so the runner cannot know that it left. It used to
// say "the request left for …" with a "last sent" line for rows that never left, and offered
// --mark-succeeded first, which would record a member never sent as created.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { killedWhileSending } from './killedJob';
import { cli, useCliWorld } from './runCli';

describe('jobs in-doubt: what is known of a row in doubt', () => {
  const w = useCliWorld();

  it('says the request may have left, and offers --mark-succeeded only once checked in the LMS', async () => {
    const dir = (w.dir = tempDir()).path;
    // Killed while row 2 was marked `sending`: whether its request had left is not known.
    const jobId = await killedWhileSending(dir, 'in-doubt-wording-secret');
    const r = await cli(['jobs', 'in-doubt', jobId, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/request left for|last sent/);
    expect(r.stdout).toContain('was ready to leave, or left, when the app stopped');
    const out = r.stdout.split('\n');
    const resend = out.findIndex((l) => l.includes('--resend'));
    const marked = out.findIndex((l) => l.includes('--mark-succeeded'));
    expect(resend).toBeGreaterThan(-1);
    expect(marked).toBeGreaterThan(resend);
    expect(out[marked]).toContain('only if you have checked in the LMS');
  }, 60_000);

  it('resolve --rows: a row number too large to count from is refused at once (it used to spin for ever), nothing changed', async () => {
    const dir = (w.dir = tempDir()).path;
    const jobId = await killedWhileSending(dir, 'in-doubt-rows-secret');
    const r = await cli(['jobs', 'resolve', jobId, '--rows', '99999999999999999999', '--mark-failed', '--data-dir', dir], {
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--rows: "99999999999999999999": no spreadsheet has row 99999999999999999999');
    const still = await cli(['jobs', 'in-doubt', jobId, '--data-dir', dir]);
    expect(still.stdout).toMatch(/^Row 2 /m);
  }, 60_000);
});
