// Dates whose parts are separated by dots, as German, Swiss, Austrian, Polish, Czech, Russian, Nordic and
// Hungarian admins format them (dd.mm.yyyy, yyyy.mm.dd.): Excel writes the dots into the format as typed,
// and SheetJS's formatter refuses a dot that does not start a fraction of a second ("bad second format"),
// so such a sheet arrived with no text for those cells, and the import stopped with "Something went wrong".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

/** 15 January 2024 at 18:00 (Excel's serial day). */
const AT = 45306.75;

describe('dates with dots between their parts', () => {
  const temp = useTempServices();

  it('arrive as the spreadsheet shows them (.xlsx and .xls), with a fraction of a second still a fraction', async () => {
    const s = await temp.open({ sandbox: false });
    for (const bookType of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `dotted.${bookType}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['email', 'start', 'hungarian', 'stamp', 'german', 'month', 'lap'],
        [
          'ann@example.com',
          { t: 'n', v: AT, z: 'dd.mm.yyyy' },
          { t: 'n', v: AT, z: 'yyyy.mm.dd.' },
          { t: 'n', v: AT, z: 'dd.mm.yyyy hh:mm' },
          { t: 'n', v: AT, z: '[$-407]d.m.yy;@' },
          { t: 'n', v: AT, z: 'mmmm.yyyy' },
          { t: 'n', v: 129.65 / 86_400, z: 'mm:ss.00' },
        ],
      ]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'Staff');
      writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'xlsx' }));
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), bookType).toEqual([
        ['ann@example.com', '15.01.2024', '2024.01.15.', '15.01.2024 18:00', '15.1.24', 'January.2024', '02:09.65'],
      ]);
      expect(d.warnings, bookType).toEqual([]);
    }
  });
});

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 10 })).items.map((r) => r.cells);
}
