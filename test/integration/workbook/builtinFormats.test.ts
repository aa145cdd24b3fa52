// Excel's built-in number formats whose look depends on the computer's regional settings (the short date,
// and the short date with a time) have no one right text: they arrive as ISO dates, as README says, from
// .xlsx, .xls and Excel 2003 XML alike.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
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

  // The East Asian built-in dates (27–31, 36, 50–58: Japanese, Chinese, Korean Excel's own date formats) are
  // named in a file by number alone. SheetJS has no text for them: it showed the first cell of each as 1/15/24,
  // then learnt m/d/yy as the format's text, so the cells under it came as 2024-02-15 — one column, two ways.
  it('the East Asian built-in dates (ids 27–31, 36, 50–58) are yyyy-mm-dd in every row, like the short date', async () => {
    const s = await temp.open({ sandbox: false });
    const ids = [14, 27, 30, 31, 36, 50, 57, 58, 32];
    const file = join(temp.dir, 'east-asian.xlsx');
    const day = (v: number) => ids.map(() => ({ t: 'n', v, z: '0.00' }) as XLSX.CellObject);
    const ws = XLSX.utils.aoa_to_sheet([
      ['email', ...ids.map((id) => `f${id}`)],
      ['ann@example.com', ...day(45306.75)], // 15 January 2024, 18:00
      ['bob@example.com', ...day(45337.5)], // 15 February 2024, 12:00
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Staff');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    // One cell style per id, naming the built-in format by its number as Excel does (no <numFmt> for it).
    const files = unzipSync(readFileSync(file));
    const styles = strFromU8(files['xl/styles.xml']!);
    const xfs = /<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/.exec(styles)!;
    const first = Number(xfs[1]);
    const added = ids.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
    files['xl/styles.xml'] = strToU8(
      styles.replace(xfs[0], `<cellXfs count="${first + ids.length}">${xfs[2]}${added.join('')}</cellXfs>`),
    );
    let sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    ids.forEach((_, k) => {
      const column = XLSX.utils.encode_col(k + 1);
      sheet = sheet.replace(new RegExp(`<c r="${column}([23])"(?: s="\\d+")?`, 'g'), `<c r="${column}$1" s="${first + k}"`);
    });
    files['xl/worksheets/sheet1.xml'] = strToU8(sheet);
    writeFileSync(file, zipSync(files));

    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    const dates = (v: string) => ids.slice(0, -1).map(() => v);
    expect(await cells(s, d.id)).toEqual([
      ['ann@example.com', ...dates('2024-01-15'), '18:00:00'],
      ['bob@example.com', ...dates('2024-02-15'), '12:00:00'],
    ]);
  });

  // An .xls (BIFF) file names the same built-ins by number in its cell styles, and SheetJS gives them no format
  // at all there, only its stand-in text (1/15/24): the workbook has no bookType, so the stand-in was taken for
  // the cell's own text. Written by SheetJS with a format of its own per column, its style then pointed at the id.
  it('the East Asian built-in dates of an .xls file are yyyy-mm-dd too', async () => {
    const s = await temp.open({ sandbox: false });
    const ids = [27, 28, 31, 36, 50, 58];
    const file = join(temp.dir, 'east-asian.xls');
    const marked = (k: number, v: number) => ({ t: 'n', v, z: `yyyy"${k}"` }) as XLSX.CellObject;
    const ws = XLSX.utils.aoa_to_sheet([
      ['email', ...ids.map((id) => `f${id}`)],
      ['ann@example.com', ...ids.map((_, k) => marked(k, 45306.75))], // 15 January 2024, 18:00
      ['bob@example.com', ...ids.map((_, k) => marked(k, 45337.5))], // 15 February 2024, 12:00
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Staff');
    const cfb = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer, { type: 'buffer' });
    const stream = XLSX.CFB.find(cfb, '/Workbook')! as { content: Uint8Array; size: number };
    const bytes = Buffer.from(stream.content);
    // FORMAT records (0x041E) name each marked format's id; XF records (0x00E0) point at it, 2 bytes in.
    const idOf = new Map<number, number>();
    for (let at = 0; at < bytes.length; at += 4 + bytes.readUInt16LE(at + 2)) {
      const type = bytes.readUInt16LE(at);
      const body = bytes.subarray(at + 4, at + 4 + bytes.readUInt16LE(at + 2));
      const k = /yyyy"(\d+)"/.exec(body.toString('latin1').replace(/\0/g, ''))?.[1];
      if (type === 0x041e && k !== undefined) idOf.set(body.readUInt16LE(0), ids[Number(k)]!);
      if (type === 0x00e0 && idOf.has(body.readUInt16LE(2))) body.writeUInt16LE(idOf.get(body.readUInt16LE(2))!, 2);
    }
    expect(idOf.size).toBe(ids.length);
    stream.content = bytes;
    writeFileSync(file, XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);

    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(await cells(s, d.id)).toEqual([
      ['ann@example.com', ...ids.map(() => '2024-01-15')],
      ['bob@example.com', ...ids.map(() => '2024-02-15')],
    ]);
    expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings).toEqual([]);
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
