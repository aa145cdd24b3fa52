// Workbooks as admins have them (issue 15): .xlsx, .xls and .ods through datasets.import into a real
// SQLite file. Cells arrive as the spreadsheet shows them; sheets can be chosen by name or position;
// what the reader had to say is kept with the dataset; a 50,000-row workbook imports in bounded memory.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runChild } from '../../../bench/compare/child';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';
import { bigWorkbook, editSheetXml, replaceCell, staffWorkbook } from '../../helpers/workbooks';

const PEOPLE = ['employee_id', 'email', 'name', 'start_date', 'birthday', 'salary', 'active', 'bonus', 'note'];

describe('workbooks', () => {
  const temp = useTempServices();

  it('.xlsx: text ids as typed, dates and numbers as displayed, formulas, gaps, warnings kept with the dataset', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'staff.xlsx');
    staffWorkbook(file);
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(d).toMatchObject({
      fileName: 'staff.xlsx',
      format: 'xlsx',
      sheet: 'People', // the first visible sheet with data ("Empty" is empty, "Lookup" is hidden)
      columns: PEOPLE,
      rowCount: 3,
      delimiter: '',
      encoding: '',
      encodingConfidence: null,
    });
    expect(d.sheets).toEqual([
      { name: 'Empty', rows: 0, hidden: false },
      { name: 'Lookup', rows: 1, hidden: true },
      { name: 'People', rows: 3, hidden: false },
      { name: 'Managers', rows: 2, hidden: false },
    ]);
    const rows = await callOk(s, 'datasets.rows', { datasetId: d.id, offset: 0, limit: 10 });
    expect(rows.items).toEqual([
      { rowNumber: 2, cells: ['000123', 'ann@example.com', 'Ann Lee', '15/01/2024', '1990-03-04', '52,000.00', 'TRUE', '5200', ''] },
      {
        rowNumber: 3,
        cells: ['12345678901234567890', 'bob@example.com', 'Bob Mäkelä', '02/11/2023', '1985-12-25', '61,250.50', 'FALSE', '', 'two\nlines'],
      },
      // Row 4 is blank in the sheet: skipped, and the numbering still follows the sheet.
      { rowNumber: 5, cells: ['000125', 'cy@example.com', '李小龍', '30/06/2022', '2001-07-09', '12.5%', 'TRUE', '#N/A', ''] },
    ]);
    const expected = [
      /^This workbook has 4 sheets; only "People" was read\. Other sheets have data: "Lookup" \(1 row, hidden\), "Managers" \(2 rows\)/,
      /^Sheet "People" has formulas whose results were never saved \(cells H3\)/,
      /^Sheet "People" has formula errors \(cells H5 \(#N\/A\)\): they were imported as the spreadsheet shows them/,
      /^Skipped 1 blank row between the data rows \(the first is row 4\)/,
    ];
    const again = await callOk(s, 'datasets.get', { datasetId: d.id });
    expect(again.warnings).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(again.warnings[i]).toMatch(re));
  });

  it('a sheet chosen by name or by position; an unknown or empty sheet is refused naming the sheets', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'staff.xlsx');
    staffWorkbook(file);
    const source = { kind: 'path' as const, path: file };
    const byName = await callOk(s, 'datasets.import', { source, sheet: 'Managers' });
    expect(byName).toMatchObject({ sheet: 'Managers', columns: ['manager_email', 'team'], rowCount: 2 });
    expect(byName.warnings[0]).toMatch(/only "Managers" was read/);
    const byPosition = await callOk(s, 'datasets.import', { source, sheet: '4' });
    expect(byPosition).toMatchObject({ sheet: 'Managers', rowCount: 2 });
    // A position counts sheets in the workbook's order, hidden ones too (as Excel's own Sheets(4) does); the
    // admin sees tabs without the hidden one, so the 4th sheet is the 3rd tab: said, with the way to be sure.
    expect(byPosition.warnings).toContain(
      'Sheet 4 was counted in the workbook\'s order, which includes the hidden sheet "Lookup": "Managers" was read, ' +
        'the 3rd tab the spreadsheet shows. Give the sheet\'s name to be sure of the one read.',
    );
    expect(byName.warnings.join('\n')).not.toMatch(/counted in the workbook's order/);
    const hidden = await callOk(s, 'datasets.import', { source, sheet: 'lookup' }); // names match case-insensitively
    expect(hidden).toMatchObject({ sheet: 'Lookup', columns: ['code', 'label'] });
    expect(hidden.warnings).toContain('Sheet "Lookup" is hidden in the workbook.');
    expect(hidden.warnings).toContain(
      'No sheet is named exactly "lookup": sheet "Lookup" was read (the names differ only in case).',
    );

    const missing = await s.dispatch('datasets.import', { source, sheet: 'Payroll' });
    expect(!missing.ok && missing.error.message).toBe(
      'staff.xlsx: This workbook has no sheet "Payroll". Its sheets are: "Empty" (no data), "Lookup" (1 row, hidden), "People" (3 rows), "Managers" (2 rows).',
    );
    const empty = await s.dispatch('datasets.import', { source, sheet: 'Empty' });
    expect(!empty.ok && empty.error.message).toMatch(/^staff\.xlsx: Sheet "Empty" is empty\./);
    // Nothing half-imported is left behind by the refusals.
    expect((await callOk(s, 'datasets.list', {})).map((x) => x.sheet).sort()).toEqual(['Lookup', 'Managers', 'Managers']);
  });

  it('.xlsx: a CR or CRLF a cell stores (_x000D_, &#13;) arrives as stored; a bare line break in the XML is LF', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'breaks.xlsx');
    const emails = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((x) => [`${x}@example.com`, 'SHARED']);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['email', 'note'], ...emails]), 'Notes');
    // Shared strings, as Excel writes every text: the note of row 9 stays one.
    const files = unzipSync(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }));
    const shared = strFromU8(files['xl/sharedStrings.xml']!);
    files['xl/sharedStrings.xml'] = strToU8(shared.replace('<t>SHARED</t>', '<t>shared_x000D_\nstring</t>'));
    writeFileSync(file, zipSync(files));
    // What Excel writes for a CR (XML turns a CR written as is into LF): in shared, inline and formula strings.
    editSheetXml(file, 1, (xml) => {
      xml = replaceCell(xml, 'B2', '<c r="B2" t="inlineStr"><is><t>line one_x000D_\nline two</t></is></c>');
      xml = replaceCell(xml, 'B3', '<c r="B3" t="inlineStr"><is><t>old mac_x000D_break</t></is></c>');
      xml = replaceCell(xml, 'B4', '<c r="B4" t="inlineStr"><is><t>ref&#13;\nbreak</t></is></c>');
      xml = replaceCell(xml, 'B5', '<c r="B5" t="inlineStr"><is><t>hex&#xD;&#xa;break</t></is></c>');
      xml = replaceCell(xml, 'B6', '<c r="B6" t="inlineStr"><is><t>plain\r\nbreak</t></is></c>');
      xml = replaceCell(xml, 'B7', '<c r="B7" t="str"><f>"x"</f><v>formulä_x000D_\nresult</v></c>');
      xml = replaceCell(xml, 'B8', '<c r="B8" t="inlineStr"><is><t>escaped _x005F_x000D_\ntext</t></is></c>');
      return xml;
    });
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    const rows = (await callOk(s, 'datasets.rows', { datasetId: d.id, offset: 0, limit: 10 })).items;
    expect(rows.map((r) => r.cells[1])).toEqual([
      'line one\r\nline two',
      'old mac\rbreak',
      'ref\r\nbreak',
      'hex\r\nbreak',
      'plain\nbreak',
      'formulä\r\nresult',
      'escaped _x000D_\ntext',
      'shared\r\nstring',
    ]);
  });

  it('.xls and .ods give the same cells', async () => {
    const s = await temp.open({ sandbox: false });
    for (const format of ['xls', 'ods'] as const) {
      const file = join(temp.dir, `staff.${format}`);
      staffWorkbook(file, format);
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file }, sheet: 'People' });
      expect(d).toMatchObject({ format, sheet: 'People', columns: PEOPLE, rowCount: 3 });
      const rows = await callOk(s, 'datasets.rows', { datasetId: d.id, offset: 0, limit: 10 });
      expect(rows.items.map((r) => r.rowNumber)).toEqual([2, 3, 5]);
      expect(rows.items[0]!.cells.slice(0, 3)).toEqual(['000123', 'ann@example.com', 'Ann Lee']);
      // .xls keeps the number format; an .ods cell holds the text the writer displayed (SheetJS's own
      // .ods writer stores its own rendering of the date, which is what a spreadsheet would show).
      if (format === 'xls') expect(rows.items[0]!.cells[3]).toBe('15/01/2024');
      expect(rows.items[1]!.cells[0]).toBe('12345678901234567890');
      expect(rows.items[2]!.cells[2]).toBe('李小龍');
    }
  });

  it('the content decides, not the name: a workbook saved as .csv is read as a workbook; a ZIP that is not one says so', async () => {
    const s = await temp.open({ sandbox: false });
    const xlsx = join(temp.dir, 'staff.xlsx');
    staffWorkbook(xlsx);
    const renamed = join(temp.dir, 'staff-export.csv');
    copyFileSync(xlsx, renamed);
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: renamed }, encoding: 'shift_jis' });
    expect(d).toMatchObject({ format: 'xlsx', sheet: 'People', rowCount: 3 });
    expect(d.warnings).toContain('The separator and encoding settings are for CSV files; a workbook is read as it is.');

    const zip = join(temp.dir, 'archive.xlsx');
    // A stored (uncompressed) ZIP holding one CSV: local header, data, central directory, end record.
    writeFileSync(zip, zipOf('people.csv', 'email\na@example.com\n'));
    const r = await s.dispatch('datasets.import', { source: { kind: 'path', path: zip } });
    expect(!r.ok && r.error.message).toMatch(/^archive\.xlsx: This ZIP file is not a workbook \(\.xlsx or \.ods\)\. If it holds CSV files, unzip it/);
  });

  // HTML and SpreadsheetML 2003 "Excel" files are text: SheetJS reads their bytes as UTF-8 whatever they
  // are in, so they go through the CSV reader's encoding rules first (a declared charset counts too).
  it('a text "Excel" file in a legacy encoding: guessed with its warning, or chosen with --encoding', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'export1252.xls');
    const rows = [['id', 'name'], ['00042', 'Zoë Müller'], ['00043', 'François Lefèvre']];
    writeFileSync(file, singleByte(htmlTable(rows), 'windows-1252'));
    const source = { kind: 'path' as const, path: file };
    const guessed = await callOk(s, 'datasets.import', { source });
    expect(guessed).toMatchObject({ format: 'html', columns: ['id', 'name'], rowCount: 2, encoding: 'windows-1252' });
    expect(guessed.warnings).toEqual([expect.stringMatching(/^The file is not UTF-8: it was read as Windows-1252 \(\d+% sure/)]);
    expect(await names(s, guessed.id)).toEqual(['Zoë Müller', 'François Lefèvre']);

    const chosen = await callOk(s, 'datasets.import', { source, encoding: 'windows-1252' });
    expect(chosen).toMatchObject({ encoding: 'windows-1252', encodingConfidence: null, warnings: [] });
    expect(await names(s, chosen.id)).toEqual(['Zoë Müller', 'François Lefèvre']);
  });

  it('a charset the file declares is used: a <meta> tag, the XML declaration; a byte-order mark too', async () => {
    const s = await temp.open({ sandbox: false });
    const meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">';
    const cases: [name: string, bytes: Buffer, cell: string][] = [
      ['polish.xls', singleByte(htmlTable([['id', 'name'], ['1', 'Łukasz Żółć']], meta), 'windows-1250'), 'Łukasz Żółć'],
      ['russian.xml', spreadsheetMl('Иванов Пётр', 'windows-1251'), 'Иванов Пётр'],
      ['utf16.xls', Buffer.from(`\uFEFF${htmlTable([['id', 'name'], ['1', '李小龍']])}`, 'utf16le'), '李小龍'],
    ];
    for (const [name, bytes, cell] of cases) {
      const file = join(temp.dir, name);
      writeFileSync(file, bytes);
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(d.warnings, name).toEqual([]);
      expect(await names(s, d.id), name).toEqual([cell]);
    }
  });

  it('bytes the encoding does not have stop a text "Excel" file naming the cell, never a silent �', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'mislabelled.xls');
    // Says UTF-8, is Windows-1252.
    writeFileSync(file, singleByte(htmlTable([['id', 'name'], ['00042', 'Zoë Müller']], '<meta charset="utf-8">'), 'windows-1252'));
    const source = { kind: 'path' as const, path: file };
    const r = await s.dispatch('datasets.import', { source });
    expect(!r.ok && r.error.message).toMatch(
      /^mislabelled\.xls: Row 2, column 2 \(B, "name"\) holds bytes that are not UTF-8 text \(shown as �\): the file is probably in another encoding\. /,
    );
    expect(await callOk(s, 'datasets.list', {})).toEqual([]);
    const chosen = await callOk(s, 'datasets.import', { source, encoding: 'windows-1252' });
    expect(await names(s, chosen.id)).toEqual(['Zoë Müller']);
  });

  it('UTF-8 text under a stale legacy charset is read as UTF-8, and says so', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'stale.xls');
    writeFileSync(file, htmlTable([['id', 'name'], ['1', 'Zoë Müller 李']], '<meta charset="iso-8859-1">'));
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(d.encoding).toBe('utf-8');
    expect(d.warnings).toEqual([expect.stringMatching(/^The file says it is in Windows-1252, but its text is UTF-8/)]);
    expect(await names(s, d.id)).toEqual(['Zoë Müller 李']);
  });

  it('50,000 rows: all in, in order, in bounded memory (its own process)', async () => {
    const file = join(process.env.TMPDIR ?? '/tmp', `bulkdesk-50k-${process.pid}.xlsx`);
    bigWorkbook(file, 50_000);
    const out = await runChild<{ rows: number; ms: number; peakRssMb: number; ratio: number }>('importChild.ts', ['--csv', file], {
      timeoutMs: 120_000,
    });
    expect(out.result).not.toBeNull();
    expect(out.result!.rows).toBe(50_000);
    // SheetJS unpacks the sheet in a worker; the whole process (Node, SQLite, worker) stays well under this.
    expect(out.result!.peakRssMb).toBeLessThan(450);
    // Its time is the bench's to judge (npm run bench); here the child's own limit decides, not vitest's 60 s,
    // which a loaded two-core machine reached (the child alone takes ~20 s).
  }, 150_000);
});

/** A minimal ZIP archive (stored, no compression) with one file. */
function zipOf(name: string, text: string): Buffer {
  const data = Buffer.from(text);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + fileName.length, 12);
  end.writeUInt32LE(30 + fileName.length + data.length, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** Column B of a dataset's stored rows. */
async function names(s: Services, datasetId: string): Promise<(string | undefined)[]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 10 })).items.map((r) => r.cells[1]);
}

/** An HTML table as some HR systems export it and name .xls (`head`: what goes in its <head>). */
function htmlTable(rows: string[][], head = ''): string {
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<html><head>${head}</head><body><table>\n${body}\n</table></body></html>\n`;
}

/** An Excel 2003 XML workbook (SpreadsheetML) in `encoding`, declared as such; one sheet, one data row. */
function spreadsheetMl(name: string, encoding: string): Buffer {
  const cell = (v: string) => `<Cell><Data ss:Type="String">${v}</Data></Cell>`;
  const ns = 'urn:schemas-microsoft-com:office:spreadsheet';
  const xml =
    `<?xml version="1.0" encoding="${encoding}"?>\n<Workbook xmlns="${ns}" xmlns:ss="${ns}">\n<Worksheet ss:Name="Staff"><Table>` +
    `<Row>${cell('id')}${cell('name')}</Row><Row>${cell('1')}${cell(name)}</Row></Table></Worksheet>\n</Workbook>\n`;
  return singleByte(xml, encoding);
}

/** `text` in a single-byte encoding (TextEncoder writes only UTF-8): each character's byte, from the decoder. */
function singleByte(text: string, encoding: string): Buffer {
  const decoder = new TextDecoder(encoding);
  const byteOf = new Map<string, number>();
  for (let b = 255; b >= 0; b--) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from(Array.from(text, (ch) => byteOf.get(ch) ?? 0x3f));
}
