// The nightly script an admin writes: `bulk-desk sync run`, then `bulk-desk reports run … --out file.csv`,
// each a separate process on one data folder, against a real sandbox LMS started here and the real
// keychain. The figures must be the ones the app shows: the same folder is then opened as the app
// opens it and its report compared with the CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { startSandbox } from '../../../src-main/sandbox/index';
import type { SyncStatusDto } from '../../../src-shared/sync/types';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';
import { expectedCounts, sandboxState } from '../../helpers/sandboxState';
import { reportRequest } from '../../../src-main/cli/syncReportCommands';
import { cli, json, useCliWorld } from './runCli';

describe('bulk-desk sync and reports', () => {
  const w = useCliWorld();

  it('syncs a Coursepath LMS and writes the completion report the app shows, as CSV', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 13 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = json<{ id: string }>(
      await cli(
        [
          ...['connections', 'add', '--api', 'coursepath', '--name', 'Academy', '--base-url', cp.baseUrl],
          ...['--email', cp.email, '--secret-stdin', '--json', ...D],
        ],
        { input: cp.apiKey },
      ),
    );

    const synced = await cli(['sync', 'run', '--connection', conn.id, '--json', ...D]);
    expect(synced.code, synced.stderr).toBe(0);
    const [status] = JSON.parse(synced.stdout) as SyncStatusDto[];
    const want = expectedCounts(await sandboxState(cp.baseUrl)).coursepath;
    expect(status!.lastRun!.state).toBe('completed');
    expect(status!.counts.courses).toBe(want.courses);
    expect(status!.counts.learners).toBe(want.members);
    expect(status!.counts.enrolments).toBe(want.courseMembers);
    expect(synced.stderr).toMatch(/Members/); // progress, one line per entity, on stderr

    const statusText = await cli(['sync', 'status', ...D]);
    expect(statusText.stdout).toMatch(new RegExp(`Academy \\(${conn.id}\\)\\s+coursepath\\s+completed`));

    const csvPath = join(dir.path, 'completion.csv');
    const wrote = await cli(['reports', 'run', 'completionRate', '--out', csvPath, ...D]);
    expect(wrote.code, wrote.stderr).toBe(0);
    const printed = await cli(['reports', 'run', 'completionRate', ...D]);
    expect(printed.code, printed.stderr).toBe(0);

    // The app's view of the same folder.
    const services = (w.services = await createServices({ dataDir: dir.path, sandbox: false }));
    const view = await callOk(services, 'reports.run', { name: 'completionRate' });
    const main = view.tables[0]!;
    expect(main.rows.length).toBeGreaterThan(0);
    expect(wrote.stderr).toContain(`Wrote ${main.rows.length} rows to ${csvPath}`);
    const csv = Papa.parse<string[]>(readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    }).data;
    expect(csv[0]).toEqual(main.columns.map((c) => c.label));
    expect(csv).toHaveLength(main.rows.length + 1);
    const titleKey = main.columns[0]!.key;
    expect(csv.slice(1).map((r) => r[0])).toEqual(main.rows.map((r) => String(r[titleKey])));
    expect(printed.stdout).toContain(view.title);
    for (const r of main.rows) expect(printed.stdout).toContain(String(r[titleKey]));
    // Percent cells hold percentages: 57.9 prints as 57.9%, as the Reports screen shows it.
    const rate = main.rows[0]!.rate as number;
    expect(printed.stdout).toMatch(new RegExp(`\\s${rate.toFixed(1).replace('.', '\\.')}%\\n`));
  });

  it('reads a day as the end of that day (UTC) and a timestamp as given', () => {
    const r = reportRequest('progressOverTime', { from: '2026-01-31', to: '2026-02-01T10:00:00Z' });
    expect(r).toEqual({
      name: 'progressOverTime',
      from: Date.UTC(2026, 0, 31, 23, 59, 59, 999),
      to: Date.UTC(2026, 1, 1, 10, 0, 0),
    });
    expect(
      reportRequest('compliance', { by: 'department', courses: ' a:1 , b:2 ,', connection: ['a'] }),
    ).toEqual({
      name: 'compliance',
      by: 'department',
      courseKeys: ['a:1', 'b:2'],
      connectionIds: ['a'],
    });
  });

  it('names the flag a report needs, and the reports there are', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const noBy = await cli(['reports', 'run', 'compliance', ...D]);
    expect(noBy.code).toBe(2);
    expect(noBy.stderr).toMatch(/--by client\|company\|department is required for compliance/);
    const noCourses = await cli(['reports', 'run', 'compliance', '--by', 'client', ...D]);
    expect(noCourses.stderr).toMatch(/--courses KEY,KEY is required/);
    const badDate = await cli([
      'reports',
      'run',
      'progressOverTime',
      '--from',
      'yesterday',
      '--to',
      '2026-01-01',
      ...D,
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--from must be a date like 2026-01-31, not "yesterday"/);
    const unknown = await cli(['reports', 'run', 'nonsense', ...D]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown report "nonsense"; one of: completionRate, /);
    const nothing = await cli(['sync', 'run', ...D]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/No connection with a stored secret to sync/);
  });
});
