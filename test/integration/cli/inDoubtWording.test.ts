// `jobs in-doubt` says what is known, no more: a row in doubt was marked `sending` before its request
// left (rows reserved ahead are marked well before), so the runner cannot know that it left. It used to
// say "the request left for …" with a "last sent" line for rows that never left, and offered
// --mark-succeeded first, which would record a member never sent as created.
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { killedWhileSending } from './killedJob';
import { cli, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

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
    const still = await cliHere(['jobs', 'in-doubt', jobId, '--data-dir', dir]);
    expect(still.stdout).toMatch(/^Row 2 /m);
  }, 60_000);
});

describe('jobs resolve --rows: a row that is not in doubt', () => {
  const w = useCliWorld();

  it('is wrong usage (exit 2), naming each row and what it is, and changes nothing', async () => {
    const dir = (w.dir = tempDir()).path;
    // Row 2 in doubt; rows 3 and 4 not sent yet; the file has no row 9.
    const jobId = await killedWhileSending(dir, 'not-in-doubt-secret');
    const r = await cli(['jobs', 'resolve', jobId, '--rows', '2,3,9', '--mark-failed', '--data-dir', dir], {
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`Not in doubt in job ${jobId}: row 3 is pending (not sent yet); row 9 is not a row of this job.`);
    expect(r.stderr).toContain('Nothing was changed.');
    // The value was wrong, not the command: no whole help after it.
    expect(r.stderr).not.toContain('Usage: bulk-desk');
    const still = await cliHere(['jobs', 'in-doubt', jobId, '--data-dir', dir]);
    expect(still.stdout).toMatch(/^Row 2 /m);
  }, 60_000);

  it('is said the same when the job has no row in doubt at all', async () => {
    const dir = (w.dir = tempDir()).path;
    const jobId = await killedWhileSending(dir, 'none-in-doubt-secret');
    const settled = await cli(['jobs', 'resolve', jobId, '--rows', '2', '--mark-failed', '--data-dir', dir]);
    expect(settled.code, settled.stderr).toBe(0);
    const r = await cliHere(['jobs', 'resolve', jobId, '--rows', '2', '--mark-failed', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`Not in doubt in job ${jobId}: row 2 is failed.`);
  }, 60_000);
});

interface ExportedRow {
  row: number;
  outcome: string;
  error: string | null;
  note: string;
}

/**
 * Row 2 of a job killed while sending, decided by the admin (`flag`): why it was in doubt (its error, without
 * "In doubt: "), and its row in `jobs export --format json`.
 */
async function decidedAndExported(dir: string, flag: string): Promise<{ jobId: string; reason: string; row: ExportedRow }> {
  const jobId = await killedWhileSending(dir, `${flag}-secret`);
  const before = await cliHere(['jobs', 'in-doubt', jobId, '--json', '--data-dir', dir]);
  const [doubt] = JSON.parse(before.stdout) as { rowNumber: number; error: string }[];
  expect(doubt!.error).toBeTruthy();
  const marked = await cliHere(['jobs', 'resolve', jobId, '--rows', '2', flag, '--data-dir', dir]);
  expect(marked.code, marked.stderr).toBe(0);
  const r = await cliHere(['jobs', 'export', jobId, '--format', 'json', '--data-dir', dir]);
  expect(r.code, r.stderr).toBe(0);
  const row = (JSON.parse(r.stdout) as ExportedRow[]).find((x) => x.row === 2)!;
  return { jobId, reason: doubt!.error.replace(/^In doubt: /, ''), row };
}

describe('jobs export: a row in doubt the admin decided', () => {
  const w = useCliWorld();

  it('marked failed: its error says the admin marked it failed, keeping why it was in doubt', async () => {
    const dir = (w.dir = tempDir()).path;
    const { jobId, reason, row } = await decidedAndExported(dir, '--mark-failed');
    expect(row.outcome).toBe('failed');
    expect(row.note).toBe('In doubt after the app stopped; the admin marked it as failed.');
    expect(row.error).toBe(`Marked as failed by the admin; it was in doubt: ${reason}`);
    // The failed-rows file, to fix and import again, says the same.
    const failed = await cli(['jobs', 'export', jobId, '--only', 'failed', '--data-dir', dir]);
    expect(failed.stdout).toContain('Marked as failed by the admin; it was in doubt:');
  }, 60_000);

  it('marked succeeded: no error under its outcome of succeeded; its note keeps why it was in doubt', async () => {
    const dir = (w.dir = tempDir()).path;
    const { reason, row } = await decidedAndExported(dir, '--mark-succeeded');
    expect(row.outcome).toBe('succeeded');
    expect(row.error).toBeNull(); // as a row that succeeded when sent
    expect(row.note).toBe(
      `In doubt after the app stopped; the admin marked it as succeeded without sending it again. It was in doubt: ${reason}`,
    );
  }, 60_000);
});
