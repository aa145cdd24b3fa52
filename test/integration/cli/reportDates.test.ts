// The dates `reports run progressOverTime` takes: UTC whatever the machine's time zone (as its help
// says), and in order.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { ROOT, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

/** reportRequest(progressOverTime, {from, to}) in a child process whose time zone is `tz`. */
function parsedIn(tz: string, from: string, to: string): { from: number; to: number } {
  const code =
    "import { reportRequest } from './src-main/cli/syncReportCommands.ts';" +
    `console.log(JSON.stringify(reportRequest('progressOverTime', ${JSON.stringify({ from, to })})));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { from: number; to: number };
}

describe('bulk-desk reports run progressOverTime: its dates', () => {
  const w = useCliWorld();

  it('reads a time without an offset as UTC, in any time zone; an offset as given', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      expect(parsedIn(tz, '2026-12-03T09:39:00', '2026-12-04 10:15')).toMatchObject({
        from: Date.UTC(2026, 11, 3, 9, 39),
        to: Date.UTC(2026, 11, 4, 10, 15),
      });
      expect(parsedIn(tz, '2026-12-03T09:39+02:00', '2026-12-04')).toMatchObject({
        from: Date.UTC(2026, 11, 3, 7, 39),
        to: Date.UTC(2026, 11, 4, 23, 59, 59, 999),
      });
    }
  });

  it('refuses a date that is not ISO (it would be read in local time) or not in the calendar', async () => {
    const dir = (w.dir = tempDir());
    for (const bad of ['12/03/2026', 'Dec 3 2026', '2026-02-30', '2026-12-03T25:00']) {
      const r = await cliHere([
        ...['reports', 'run', 'progressOverTime', '--from', bad, '--to', '2026-12-04'],
        ...['--data-dir', dir.path],
      ]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--from must be a date like 2026-01-31, not "${bad}"`);
    }
  });

  it('refuses a first date after the second, naming both (exit 2)', async () => {
    const dir = (w.dir = tempDir());
    const r = await cliHere([
      ...['reports', 'run', 'progressOverTime', '--from', '2026-12-03', '--to', '2026-12-02'],
      ...['--data-dir', dir.path],
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from 2026-12-03 is after --to 2026-12-02/);
    expect(r.stdout).toBe('');
    const same = await cliHere([
      ...['reports', 'run', 'progressOverTime', '--from', '2026-12-02', '--to', '2026-12-02'],
      ...['--data-dir', dir.path],
    ]);
    expect(same.code, same.stderr).toBe(0);
  });
});
