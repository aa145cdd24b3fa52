// Rows a spreadsheet holds that are not data and must never be sent: the header again (exports pasted
// together), a formula error shown in place of a value. The import warns about them and keeps them, and
// the preflight counts them invalid, naming the row, so the job skips them. Real parts: the import
// pipeline, a SQLite file, the sandbox over HTTP.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src-shared/mapping/types';
import { SANDBOX_COASSEMBLE_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const upsertUser: Mapping = {
  fields: {
    identifier: { kind: 'column', column: 'identifier' },
    name: { kind: 'column', column: 'name' },
  },
};

describe('rows that are not data', () => {
  const temp = useTempServices();

  it('a row repeating the header is warned about at import, counted invalid by the preflight, and never sent', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const file = join(temp.dir, 'pasted.csv');
    writeFileSync(file, 'identifier,name\nu1,Ann\nu2,Bob\nidentifier,name\nu3,Cy\n');
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    const warning =
      'Row 4 repeats the header row (row 1), as when files are pasted together: it was kept, but a run counts it ' +
      'invalid and never sends it. Delete it from the file.';
    expect(d.warnings).toEqual([warning]);
    expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings).toEqual([warning]);

    const spec = {
      datasetId: d.id,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: upsertUser,
    };
    const plan = await callOk(s, 'jobs.preflight', spec);
    expect(plan.counts).toMatchObject({ wouldSend: 3, invalid: 1 });
    expect(plan.invalid).toEqual([
      {
        rowNumber: 4,
        message:
          'Row 4: Repeats the header row (its cells are the column names, as when files are pasted together), ' +
          'so it is not data. Delete the row from the file.',
      },
    ]);

    // Without Coassemble's pace (0.6 s a request): what is sent is tested here, not the window.
    const job = await callOk(s, 'jobs.create', { ...spec, options: { rateLimit: null } });
    await callOk(s, 'jobs.start', { jobId: job.id, confirm: plan.confirmation! });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 3, skipped: 1 });
    const sent = s
      .sandbox!.ledger.entries()
      .filter((e) => e.method === 'PUT')
      .map((e) => e.path);
    expect(sent).toHaveLength(3);
    expect(sent.some((p) => p.endsWith('/user/identifier'))).toBe(false);
  });

  it('a formula error (#DIV/0!) in a mapped cell makes its row invalid, naming row, column and error; unmapped ones do not', async () => {
    const s = await temp.open({ sandbox: { seed: 6 } });
    const file = join(temp.dir, 'names.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['identifier', 'name', 'note'],
      ['u1', 'Ann', ''],
      ['u2', 0, ''],
      ['u3', 'Cy', 0],
      ['u4', 0, ''],
    ]);
    ws['B3'] = { t: 'e', v: 0x07, f: 'A3/0' } as XLSX.CellObject;
    ws['C4'] = { t: 'e', v: 0x2a, f: 'NA()' } as XLSX.CellObject; // not mapped: nothing of it is sent
    ws['B5'] = { t: 'e', v: 0x2a, f: 'NA()' } as XLSX.CellObject;
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Users');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(d.warnings).toEqual([
      'Sheet "Users" has formula errors (cells B3 (#DIV/0!), C4 (#N/A), B5 (#N/A)): they were imported as the ' +
        'spreadsheet shows them, the error in place of a value, and a row that would send one is invalid.',
    ]);

    const spec = {
      datasetId: d.id,
      connectionId: SANDBOX_COASSEMBLE_ID,
      templateId: 'coassemble.users.upsert',
      mapping: upsertUser,
    };
    const plan = await callOk(s, 'jobs.preflight', spec);
    expect(plan.counts).toMatchObject({ wouldSend: 2, invalid: 2, warnings: 0 });
    const why = (row: number, error: string) =>
      `Row ${row}: Name: column "name" holds ${error}, a spreadsheet formula error, not a value. Fix the formula ` +
      '(or clear the cell) in the spreadsheet and import the file again.';
    expect(plan.invalid).toEqual([
      { rowNumber: 3, message: why(3, '#DIV/0!') },
      { rowNumber: 5, message: why(5, '#N/A') },
    ]);
  });
});
