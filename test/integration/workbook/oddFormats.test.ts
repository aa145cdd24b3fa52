// Number formats SheetJS's formatter reads otherwise than Excel, which came in wrong without a word:
// General with text after it lost the text (`General"%"`: 12 for Excel's 12%), a fill character (`*-`, which
// Excel repeats across the cell's width) came in as a minus (45307 as -45307), a Japanese era date as
// ggg2024年1月16日, and a number of 22 digits or more in `#,##0.00` as 1e,+21.00. Each comes in as Excel
// shows it, or as the number the cell holds, named in the warning for formats the reader cannot show; an era
// date, which the reader has no eras to show, as yyyy-mm-dd, as the East Asian built-in dates (Japanese
// Excel's own 27 and 28 are `[$-411]ge.m.d` and `[$-411]ggge"年"m"月"d"日"`) and the short date come.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe('number formats SheetJS shows otherwise than Excel', () => {
  const temp = useTempServices();

  it('General with text, a fill character: as Excel shows them; a Japanese era: yyyy-mm-dd; 22 digits: their numbers, named (.xlsx and .xls)', async () => {
    const s = await temp.open({ sandbox: false });
    const era = 'ggge"年"m"月"d"日"';
    const n = (v: number, z: string) => ({ t: 'n', v, z }) as XLSX.CellObject;
    for (const bookType of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `odd.${bookType}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['email', 'share', 'id', 'joined', 'budget'],
        ['ann@example.com', n(12, 'General"%"'), n(45307, '*-0'), n(45307, `[$-411]${era}`), n(1e21, '#,##0.00')],
        ['bob@example.com', n(-12.5, 'General"%"'), n(-5, '*-0'), n(45307, era), n(52000, '#,##0.00')],
        ['cy@example.com', n(7, '[Blue]General" kg"'), n(45307, '_(* #,##0_)'), n(45307, 'yyyy-mm-dd'), n(-1.5e21, '0')],
      ]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'Odd');
      writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'xlsx' }));
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), bookType).toEqual([
        ['ann@example.com', '12%', '45307', '2024-01-16', '1000000000000000000000'],
        ['bob@example.com', '-12.5%', '-5', '2024-01-16', '52,000.00'],
        ['cy@example.com', '7 kg', ' 45,307 ', '2024-01-16', '-1500000000000000000000'],
      ]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, bookType).toEqual([
        'Sheet "Odd" has numbers in a format Bulk Desk cannot show (cells E2, E4, formatted "#,##0.00" and "0"): ' +
          'they were imported as the numbers the cells hold, not as the spreadsheet shows them (E2 is ' +
          '1000000000000000000000). Check those columns on Map, or give them another number format in the ' +
          'spreadsheet and import it again.',
      ]);
    }
  });

  it('a Japanese era date or date and time comes as yyyy-mm-dd (hh:mm, :ss), in every row (.xlsx and .xls)', async () => {
    const s = await temp.open({ sandbox: false });
    const n = (v: number, z: string) => ({ t: 'n', v, z }) as XLSX.CellObject;
    const formats = ['[$-411]ge.m.d', '[$-ja-JP]ggge"年"m"月"d"日" h:mm', 'gggee"年"mm"月"dd"日" hh:mm:ss', '[$-411]ggge"年"m"月"'];
    for (const bookType of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `eras.${bookType}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['email', ...formats.map((_, i) => `c${i}`)],
        ['ann@example.com', ...formats.map((z) => n(45307.75, z))], // 16 January 2024 (令和6年), 18:00
        ['bob@example.com', ...formats.map((z) => n(43585.5, z))], // 30 April 2019 (平成31年), 12:00
      ]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'Eras');
      writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'xlsx' }));
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), bookType).toEqual([
        ['ann@example.com', '2024-01-16', '2024-01-16 18:00', '2024-01-16 18:00:00', '2024-01-16'],
        ['bob@example.com', '2019-04-30', '2019-04-30 12:00', '2019-04-30 12:00:00', '2019-04-30'],
      ]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, bookType).toEqual([]);
    }
  });
});

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 100 })).items.map((r) => r.cells);
}
