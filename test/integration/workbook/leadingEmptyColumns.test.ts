// A table that starts in column B (or further right), column A left empty, came in with an empty first column
// named "Column 1", counted as a column with no header. Entirely empty columns before the data are left out,
// said so in the import's warnings, and the cells and columns the warnings name are still the sheet's own.
// A CSV whose lines all start with the delimiter (,email,name) is the same table, and comes in the same way.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('empty columns before the data', () => {
  const temp = useTempServices();

  it('are left out, and said so; warnings name the cells and columns the sheet shows (.xlsx and .xls)', async () => {
    const s = await temp.open({ sandbox: false });
    for (const bookType of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `from-c.${bookType}`);
      const ws = XLSX.utils.aoa_to_sheet([
        [null, null, 'email', 'name', null],
        [null, null, 'ann@example.com', 'Ann', 'x'],
        [null, null, 'bob@example.com', { t: 'e', v: 7, w: '#DIV/0!', f: '1/0' }, 'y'],
      ]);
      ws['A1'] = { t: 's', v: '' }; // a cell with empty text: still nothing shown
      ws['!ref'] = 'A1:E3';
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'Staff');
      writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'xlsx' }));
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(d, bookType).toMatchObject({ columns: ['email', 'name', 'Column 5'], rowCount: 2 });
      expect(await cells(s, d.id), bookType).toEqual([
        ['ann@example.com', 'Ann', 'x'],
        ['bob@example.com', '#DIV/0!', 'y'],
      ]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, bookType).toEqual([
        'Column 5 (E) has no header, so it is called "Column 5".',
        'Sheet "Staff": columns A and B are empty, so they were left out: the table starts at column C.',
        'Sheet "Staff" has formula errors (cells D3 (#DIV/0!)): they were imported as the spreadsheet shows them, the ' +
          'error in place of a value, and a row that would send one is invalid.',
      ]);
    }
  });

  it('are left out of a CSV too, with the same warning; the letters are those the file shows in a spreadsheet', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'from-c.csv');
    writeFileSync(file, ',,email,name,\r\n,,ann@example.com,Ann,x\r\n,,bob@example.com,Bob,y\r\n');
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(d).toMatchObject({ columns: ['email', 'name', 'Column 5'], rowCount: 2 });
    expect(await cells(s, d.id)).toEqual([
      ['ann@example.com', 'Ann', 'x'],
      ['bob@example.com', 'Bob', 'y'],
    ]);
    expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings).toEqual([
      'Column 5 (E) has no header, so it is called "Column 5".',
      'Columns A and B are empty, so they were left out: the table starts at column C.',
    ]);
  });
});

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 100 })).items.map((r) => r.cells);
}
