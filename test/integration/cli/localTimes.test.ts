// The times the CLI prints in a job's history are on this machine's clock, as the app's History and every
// message Bulk Desk writes (src-shared/util/dates.ts). Found by a probe in New York: `jobs show` said
// "Created 2026-12-04 23:44:16" for a job History showed as created "4 Dec 2026, 18:44", and a `jobs events`
// line dated 23:39 (UTC, unsaid) read "…until 5 Dec 2026, 18:39" (local) — a 24-hour wait that looked like 19.
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';
import { killedWhileSending } from './killedJob';
import { cli, CLI_LIMIT_MS, useCliWorld } from './runCli';

/** Kiritimati is UTC+14 all year (no summer time): far enough for the day to differ. */
const TZ = 'Pacific/Kiritimati';
const local = (ms: number) => new Date(ms + 14 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

describe('times in the CLI', () => {
  const w = useCliWorld();

  it("are the machine's local times in jobs list, show, events and in-doubt", async () => {
    const dir = (w.dir = tempDir()).path;
    const jobId = await killedWhileSending(dir, 'local-times-secret');
    const D = ['--data-dir', dir];
    // The next start (here, in-process) finds the job killed mid-send and stops it; after it every
    // command below only reads, so they run side by side.
    const s = await createServices({ dataDir: dir, sandbox: false });
    const [job, events] = await Promise.all([
      callOk(s, 'jobs.get', { jobId }),
      callOk(s, 'jobs.events', { jobId }),
    ]);
    await s.close();
    const opts = { env: { ...process.env, TZ }, timeoutMs: CLI_LIMIT_MS };
    const [list, shown, said, doubt] = await Promise.all([
      cli(['jobs', 'list', ...D], opts),
      cli(['jobs', 'show', jobId, ...D], opts),
      cli(['jobs', 'events', jobId, ...D], opts),
      cli(['jobs', 'in-doubt', jobId, ...D], opts),
    ]);

    expect(list.stdout).toContain(local(job.createdAt));
    // Rows in doubt are neither succeeded nor failed: said in a column of their own, last.
    expect(job.counts.in_doubt).toBeGreaterThan(0);
    const [header, line] = list.stdout.split('\n');
    expect(header).toMatch(/ created +in-doubt$/);
    expect(line).toMatch(
      new RegExp(`^${job.id.slice(0, 8)}.* ${local(job.createdAt)} +${job.counts.in_doubt}$`),
    );
    expect(shown.stdout).toMatch(new RegExp(`^Created    ${local(job.createdAt)} `, 'm'));
    expect(said.stdout.split('\n')[0]).toMatch(new RegExp(`^${local(events[0]!.at)}  `));
    expect(doubt.stdout).toMatch(/^ {2}to send {4}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}POST /m);
    expect(doubt.stdout).not.toContain('1970-01-01 00:00:00'); // marked sending at 1 ms: 1969 in Kiritimati then
  }, 50_000); // set-up, then the commands side by side, each within CLI_LIMIT_MS (30 s)
});
