// Excel's built-in number formats whose look depends on the computer's regional settings (the short date,
// and the short date with a time) have no one right text: they arrive as ISO dates, as README says, from
// .xlsx, .xls and Excel 2003 XML alike.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

describe("Excel's built-in formats", () => {
  const temp = useTempServices();

  // 15 January 2024 at 18:00. SheetJS's own text for format 22 is "1/15/24 18:00": no computer shows a
  // two-digit year there (US Excel shows 1/15/2024 18:00, a British one 15/01/2024 18:00).
  it('the locale short date with a time (format 22) is yyyy-mm-dd hh:mm, like the short date (14)', async () => {
    const s = await temp.open({ sandbox: false });
    for (const bookType of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `times.${bookType}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['email', 'started', 'day'],
        ['ann@example.com', { t: 'n', v: 45306.75, z: 'm/d/yy h:mm' }, { t: 'n', v: 45306, z: 'm/d/yy' }],
      ]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, 'Staff');
      writeFileSync(
        file,
        XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'xlsx' }),
      );
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), bookType).toEqual([['ann@example.com', '2024-01-15 18:00', '2024-01-15']]);
    }
  });

  // Format 47 is "mmss.0" in the standard's table, and so in SheetJS's ("0209.6"); Excel shows mm:ss.0.
  it('minutes, seconds and tenths (format 47) as Excel shows them', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'laps.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['email', 'lap'],
      ['ann@example.com', { t: 'n', v: 129.6 / 86_400, z: 'mmss.0' }],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Laps');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(await cells(s, d.id)).toEqual([['ann@example.com', '02:09.6']]);
  });

  // SpreadsheetML 2003 names the same formats in words; "Short Date" came in as 1/15/24.
  it('Excel 2003 XML: "Short Date" and "General Date" as the .xlsx formats', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'export.xml');
    const ns = 'urn:schemas-microsoft-com:office:spreadsheet';
    const cell = (type: string, value: string, style = '') =>
      `<Cell${style ? ` ss:StyleID="${style}"` : ''}><Data ss:Type="${type}">${value}</Data></Cell>`;
    writeFileSync(
      file,
      `<?xml version="1.0"?>\n<Workbook xmlns="${ns}" xmlns:ss="${ns}">\n<Styles>` +
        '<Style ss:ID="sd"><NumberFormat ss:Format="Short Date"/></Style>' +
        '<Style ss:ID="gd"><NumberFormat ss:Format="General Date"/></Style></Styles>\n' +
        '<Worksheet ss:Name="Staff"><Table>' +
        `<Row>${cell('String', 'email')}${cell('String', 'day')}${cell('String', 'started')}</Row>` +
        `<Row>${cell('String', 'ann@example.com')}${cell('DateTime', '2024-01-15T00:00:00.000', 'sd')}` +
        `${cell('DateTime', '2024-01-15T18:30:00.000', 'gd')}</Row>` +
        '</Table></Worksheet>\n</Workbook>\n',
    );
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(await cells(s, d.id)).toEqual([['ann@example.com', '2024-01-15', '2024-01-15 18:30']]);
  });
});

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 10 })).items.map((r) => r.cells);
}
