// A negative number in a number format, as Excel shows it: a half rounds away from zero (-2.5 in `0` is -3,
// as 2.5 is 3), and a negative that rounds to nothing keeps its sign (-0.3 in `0` is -0: Excel's "negative
// zero"). SheetJS's formatter rounds with Math.round, a half toward +∞, so -2.5 came in as -2 and -0.125 in
// `0.00` as -0.12, while the same cells positive came in as 3 and 0.13.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('negative numbers in a number format', () => {
  const temp = useTempServices();

  it('round a half away from zero, as their positive twins do, in every kind of number format (.xlsx, .xls, Excel 2003 XML)', async () => {
    const s = await temp.open({ sandbox: false });
    const formats = [
      '0',
      '0.00',
      '#,##0.00',
      '0%',
      '0.0%',
      '"$"#,##0.00',
      '#,##0.00_);(#,##0.00)', // a section of its own for negatives: no minus of its own
      '0.00;[Red]-0.00',
      '0.00E+00',
      '#,##0,', // thousands
      '0', // a negative that rounds to zero keeps its minus
      '# ?/?', // a fraction, as SheetJS shows it
      'yyyy-mm-dd', // a date, positive
      '0.0', // a positive half
    ];
    const values = [-2.5, -0.125, -1234.565, -0.025, -0.0125, -0.125, -0.125, -0.125, -1.125, -2500, -0.3, -2.5, 45307, 2.25];
    const expected = [
      '-3',
      '-0.13',
      '-1,234.57',
      '-3%',
      '-1.3%',
      '-$0.13',
      '(0.13)',
      '-0.13',
      '-1.13E+00',
      '-3',
      '-0',
      '-2 1/2',
      '2024-01-16',
      '2.3',
    ];
    for (const bookType of ['xlsx', 'xls', 'xml'] as const) {
      const file = join(temp.dir, `negatives.${bookType}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['email', ...formats.map((_, i) => `c${i}`)],
        ['ann@example.com', ...values.map((v, i) => ({ t: 'n', v, z: formats[i] }) as XLSX.CellObject)],
      ]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'Money');
      writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: ({ xlsx: 'xlsx', xls: 'biff8', xml: 'xlml' } as const)[bookType] }));
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), bookType).toEqual([['ann@example.com', ...expected]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, bookType).toEqual([]);
    }
  });
});

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 100 })).items.map((r) => r.cells);
}
