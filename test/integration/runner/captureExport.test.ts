// Response capture (a member id per row) in jobs.items and in the CSV export, with the original cells as
// imported, so failed rows can be fixed and imported again; the export's columns are named as History
// shows them, and `jobs.export` and the CLI's `jobs export` write the same file (issue 16).
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { exportJob as cliExport } from '../../../src-main/cli/exportJob';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';

describe('capture and export', () => {
  let services: Services | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(async () => {
    await services?.close();
    dir?.remove();
  });

  it('keeps each new member id, shows it in jobs.items and writes it to the export', async () => {
    dir = tempDir();
    services = await createServices({
      dataDir: dir.path,
      sandbox: { seed: 31, duplicateMember: 'conflict' },
    });
    const s = services;
    const admin = s.sandbox!.credentials.coursepath.email; // already a member: creating it again is a 409
    const datasetId = seedDataset(
      s.db,
      ['email', 'employee_id', 'note'],
      [
        ['ann@example.com', '007', 'Doe, Jr'],
        [admin, '0042', '=HYPERLINK("x")'],
        ['bob@example.com', '12345678901234567890', 'line\nbreak'],
      ],
    );
    const job = await callOk(s, 'jobs.create', memberJobSpec(datasetId));
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 1 });

    const ids = new Map(
      s
        .sandbox!.ledger.entries()
        .filter((e) => e.status === 201)
        .map((e) => [(e.body as { email: string }).email, e.identifier]),
    );
    const items = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(items.items[0]!.captured).toEqual({ 'Member ID': ids.get('ann@example.com') });
    expect(items.items[2]!.captured).toEqual({ 'Member ID': ids.get('bob@example.com') });
    expect(items.items[1]!.captured).toBeNull();
    expect(items.items[1]!.error).toMatch(/^HTTP 409: A member with email .* already exists/);

    const all = await callOk(s, 'jobs.export', { jobId: job.id });
    expect(all.rows).toBe(3);
    expect(all.path.startsWith(dir.path)).toBe(true);
    const text = readFileSync(all.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual([
      'email',
      'employee_id',
      'note',
      'Row',
      'Outcome',
      'HTTP status',
      'Attempts',
      'Error',
      'Note',
      'Key',
      'Member ID', // the captured field, under the label History shows — not buried in a response body
    ]);
    expect(parsed[1]).toEqual([
      'ann@example.com',
      '007',
      'Doe, Jr',
      '2',
      'succeeded',
      '201',
      '1',
      '',
      '',
      'email=ann@example.com',
      ids.get('ann@example.com'),
    ]);
    expect(parsed[3]!.slice(1, 3)).toEqual(['12345678901234567890', 'line\nbreak']);
    expect(parsed[2]![2]).toBe(`'=HYPERLINK("x")`); // never run as a formula by a spreadsheet

    // The CLI's exporter writes the very same file.
    const out = new PassThrough();
    let cliText = '';
    out.on('data', (d: Buffer) => (cliText += d.toString()));
    await cliExport(s, out, { jobId: job.id, format: 'csv', onlyFailed: false });
    expect(cliText).toBe(text);

    const failedOnly = await callOk(s, 'jobs.export', {
      jobId: job.id,
      status: 'failed',
      path: `${dir.path}/failed.csv`,
    });
    expect(failedOnly).toEqual({ path: `${dir.path}/failed.csv`, rows: 1 });
    const failedRows = Papa.parse<string[]>(readFileSync(failedOnly.path, 'utf8').slice(1), {
      skipEmptyLines: true,
    }).data;
    expect(failedRows).toHaveLength(2);
    expect(failedRows[1]!.slice(0, 6)).toEqual([admin, '0042', `'=HYPERLINK("x")`, '3', 'failed', '409']);

    const relative = await s.dispatch('jobs.export', { jobId: job.id, path: 'out.csv' });
    expect(relative.ok).toBe(false);
  });
});
