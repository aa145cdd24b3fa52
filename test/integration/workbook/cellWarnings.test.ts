// Cells whose stored value is not what the spreadsheet shows, or that show nothing although the admin
// sees something: a formula whose result was never saved, a long whole number Excel shows as 1.23457E+11,
// the hidden cells of a merged range. Each is read as the file holds it and named in a warning kept with
// the dataset, never passed on silently.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';
import { editOdsContent, editSheetXml, replaceCell } from '../../helpers/workbooks';

describe('workbook cells that hide something', () => {
  const temp = useTempServices();

  it('formulas with no saved result (as openpyxl writes them) are named with their sheet; saved results are kept', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'openpyxl.xlsx');
    const aoa: (string | number)[][] = [['first', 'last', 'full', 'days']];
    for (const [first, last] of [
      ['Ann', 'Lee'],
      ['Bob', 'Marsh'],
      ['Cy', 'Ng'],
      ['Di', 'Ode'],
      ['Ed', 'Poe'],
      ['Flo', 'Quin'],
      ['Gus', 'Roe'],
      ['Ida', 'King'],
    ]) {
      aoa.push([first!, last!, '', 0]);
    }
    writeBook(file, 'xlsx', { Staff: XLSX.utils.aoa_to_sheet(aoa) });
    editSheetXml(file, 1, (xml) => {
      // No <v> at all (openpyxl), an empty <v/> and <v></v>, and a shared formula whose cells have none.
      for (const r of [2, 3, 4]) xml = replaceCell(xml, `C${r}`, `<c r="C${r}"><f>A${r}&amp;B${r}</f></c>`);
      xml = replaceCell(xml, 'C5', '<c r="C5"><f t="shared" ref="C5:C6" si="0">A5&amp;B5</f></c>');
      xml = replaceCell(xml, 'C6', '<c r="C6"><f t="shared" si="0"/></c>');
      xml = replaceCell(xml, 'C7', '<c r="C7"><f>A7&amp;B7</f><v></v></c>');
      xml = replaceCell(xml, 'C8', '<c r="C8"><f>A8&amp;B8</f><v/></c>');
      // Saved results, as Excel and LibreOffice write them: a text and a number.
      xml = replaceCell(xml, 'C9', '<c r="C9" t="str"><f>A9&amp;B9</f><v>IdaKing</v></c>');
      xml = replaceCell(xml, 'D2', '<c r="D2"><f>1+1</f><v>2</v></c>');
      return xml;
    });
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(await cells(s, d.id)).toEqual([
      ['Ann', 'Lee', '', '2'],
      ['Bob', 'Marsh', '', '0'],
      ['Cy', 'Ng', '', '0'],
      ['Di', 'Ode', '', '0'],
      ['Ed', 'Poe', '', '0'],
      ['Flo', 'Quin', '', '0'],
      ['Gus', 'Roe', '', '0'],
      ['Ida', 'King', 'IdaKing', '0'],
    ]);
    const kept = await callOk(s, 'datasets.get', { datasetId: d.id });
    expect(kept.warnings).toEqual([
      'Sheet "Staff" has formulas whose results were never saved (cells C2, C3, C4, C5, C6, … 7 in all): the file ' +
        'was written by a program that does not calculate, so these cells are empty here. Open the file in Excel or ' +
        'LibreOffice and save it (that calculates them), then import it again.',
    ]);
  });

  it('a formula whose saved result is empty text is an empty value, not a missing one (.xlsx and .ods)', async () => {
    const s = await temp.open({ sandbox: false });
    // C2 and C3 computed "" (a middle name left blank); C4 was never calculated.
    const aoa = [
      ['first', 'last', 'middle'],
      ['Ann', 'Lee', 'EMPTY'],
      ['Bob', 'Marsh', 'EMPTY'],
      ['Cy', 'Ng', 'NEVER'],
    ];
    const warned =
      'Sheet "Staff" has formulas whose results were never saved (cells C4): the file was written by a program ' +
      'that does not calculate, so these cells are empty here. Open the file in Excel or LibreOffice and save it ' +
      '(that calculates them), then import it again.';

    // Excel saves an empty text result as a string with an empty value; openpyxl saves no value.
    const xlsx = join(temp.dir, 'middle.xlsx');
    writeBook(xlsx, 'xlsx', { Staff: XLSX.utils.aoa_to_sheet(aoa) });
    editSheetXml(xlsx, 1, (xml) => {
      for (const r of [2, 3])
        xml = replaceCell(xml, `C${r}`, `<c r="C${r}" t="str"><f>IF(1,"","")</f><v></v></c>`);
      return replaceCell(xml, 'C4', '<c r="C4"><f>A4&amp;B4</f></c>');
    });
    // LibreOffice saves an empty text result with no value type, only its (empty) displayed paragraph
    // (sc/source/filter/xml/xmlexprt.cxx); a formula saved unevaluated has no paragraph either.
    const ods = join(temp.dir, 'middle.ods');
    writeBook(ods, 'ods', { Staff: XLSX.utils.aoa_to_sheet(aoa) });
    editOdsContent(ods, (xml) => {
      const cell = (text: string) =>
        new RegExp(`<table:table-cell[^>]*><text:p>${text}</text:p></table:table-cell>`, 'g');
      return xml
        .replace(
          cell('EMPTY'),
          '<table:table-cell table:formula="of:=IF(1;&quot;&quot;;&quot;&quot;)"><text:p/></table:table-cell>',
        )
        .replace(cell('NEVER'), '<table:table-cell table:formula="of:=[.A4]&amp;[.B4]"></table:table-cell>');
    });

    for (const file of [xlsx, ods]) {
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), file).toEqual([
        ['Ann', 'Lee', ''],
        ['Bob', 'Marsh', ''],
        ['Cy', 'Ng', ''],
      ]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, file).toEqual([warned]);
    }
  });

  it('an .ods (or .fods) formula cell saved self-closing with no value is warned about, not dropped', async () => {
    const s = await temp.open({ sandbox: false });
    // A program that writes formulas without calculating them may close the cell at once: no value type, no
    // paragraph. SheetJS drops such a cell, which would leave an empty cell and no warning.
    const aoa = [
      ['email', 'seats', 'double', 'note'],
      ['ann@example.com', 2, 'NEVER', 'x'],
      ['bob@example.com', 3, 'NEVER', 'y'],
      ['cy@example.com', 4, 'SAVED', 'z'],
    ];
    const edit = (xml: string) => {
      const cell = (text: string) =>
        new RegExp(`<table:table-cell[^>]*><text:p>${text}</text:p></table:table-cell>`, 'g');
      let row = 1;
      const edited = xml
        .replace(cell('NEVER'), () => `<table:table-cell table:formula="of:=[.B${++row}]*2"/>`)
        .replace(
          cell('SAVED'),
          '<table:table-cell table:formula="of:=[.B4]*2" office:value-type="float" office:value="8"><text:p>8</text:p></table:table-cell>',
        );
      expect(row).toBe(3);
      return edited;
    };
    const ods = join(temp.dir, 'generated.ods');
    writeBook(ods, 'ods', { Seats: XLSX.utils.aoa_to_sheet(aoa) });
    editOdsContent(ods, edit);
    // The flat (single XML file) form holds the same table.
    const fods = join(temp.dir, 'generated.fods');
    writeBook(fods, 'fods', { Seats: XLSX.utils.aoa_to_sheet(aoa) });
    writeFileSync(fods, edit(readFileSync(fods, 'utf8')));

    for (const file of [ods, fods]) {
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), file).toEqual([
        ['ann@example.com', '2', '', 'x'],
        ['bob@example.com', '3', '', 'y'],
        ['cy@example.com', '4', '8', 'z'],
      ]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, file).toEqual([
        'Sheet "Seats" has formulas whose results were never saved (cells C2, C3): the file was written by a program ' +
          'that does not calculate, so these cells are empty here. Open the file in Excel or LibreOffice and save it ' +
          '(that calculates them), then import it again.',
      ]);
    }
  });

  it('formula errors (#DIV/0!, #N/A, #REF!) are imported as shown and named with their sheet, cells and count', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'rates.xlsx');
    const aoa: (string | number)[][] = [['email', 'rate']];
    for (let i = 1; i <= 9; i++) aoa.push([`u${i}@example.com`, i]);
    const ws = XLSX.utils.aoa_to_sheet(aoa);
    const error = (ref: string, v: number, f: string) => (ws[ref] = { t: 'e', v, f } as XLSX.CellObject);
    error('B3', 0x07, 'A3/0');
    error('B4', 0x2a, 'NA()');
    error('B5', 0x17, '#REF!+1');
    error('B6', 0x07, 'A6/0');
    error('B7', 0x07, 'A7/0');
    error('B9', 0x2a, 'NA()');
    error('B10', 0x2a, 'NA()');
    writeBook(file, 'xlsx', { Rates: ws });
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect((await cells(s, d.id)).map((r) => r[1])).toEqual([
      '1',
      '#DIV/0!',
      '#N/A',
      '#REF!',
      '#DIV/0!',
      '#DIV/0!',
      '7',
      '#N/A',
      '#N/A',
    ]);
    expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings).toEqual([
      'Sheet "Rates" has formula errors (cells B3 (#DIV/0!), B4 (#N/A), B5 (#REF!), B6 (#DIV/0!), B7 (#DIV/0!), … 7 ' +
        'in all): they were imported as the spreadsheet shows them, the error in place of a value, and a row that ' +
        'would send one is invalid.',
    ]);
  });

  it('a long whole number in General format keeps its digits (not 1.23457E+11) and is named; explicit formats are kept', async () => {
    const s = await temp.open({ sandbox: false });
    for (const format of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `ids.${format}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['id', 'what'],
        [123456789012, '12 digits'],
        [-98765432109876, 'negative, 14 digits'],
        [1e15, '16 digits, 1 significant'],
        [1234567890123456, '16 significant digits: more than Excel keeps'],
        [2 ** 53, 'beyond exact'],
        [12345678901.5, 'not whole'],
        [123456789012, 'scientific on purpose'],
        [123456789012, 'one decimal'],
        [42, 'short'],
      ]);
      (ws['A8'] as XLSX.CellObject).z = '0.00E+00';
      (ws['A9'] as XLSX.CellObject).z = '0.0';
      writeBook(file, format, { Ids: ws });
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect((await cells(s, d.id)).map((r) => r[0])).toEqual([
        '123456789012',
        '-98765432109876',
        '1000000000000000',
        '1234567890123460',
        '9007199254740990',
        '12345678901.5',
        '1.23E+11',
        '123456789012.0',
        '42',
      ]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings).toEqual([
        'Sheet "Ids" has long whole numbers in General format (cells A2, A3): Excel shows them in scientific ' +
          'notation (1.23457E+11), but their full digits were kept (123456789012).',
        'Sheet "Ids" has numbers of 16 digits or more (cells A4, A5, A6): Excel keeps 15 significant digits of a ' +
          'number, so any digit after the 15th was lost before the file was saved (1234567890123456789 typed into ' +
          'Excel is kept as 1234567890123450000). They came in with the 15 digits the cells hold, then zeros (A4 is ' +
          '1000000000000000). If they are ids, format the column as Text in the spreadsheet, type or paste the ids ' +
          'again, and import it again.',
      ]);
    }
  });

  it('numbers in General format come with their full value: long ids and phone numbers, long decimals', async () => {
    const s = await temp.open({ sandbox: false });
    for (const format of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `full.${format}`);
      const values = [
        [12345678901234, '12345678901234'], // an id of 14 digits
        [447700900123, '447700900123'], // a phone number
        [1234567, '1234567'],
        [0.1234567890123, '0.1234567890123'], // General shows 0.123456789
        [12345678901.5, '12345678901.5'], // General shows 12345678901
        [1234567.891234, '1234567.891234'], // General shows 1234567.891
        [-0.000123456789012, '-0.000123456789012'], // General shows -0.000123457
        [1.234567890123e-7, '0.0000001234567890123'], // General shows 1.23457E-07
        [0.1 + 0.2, '0.3'], // 0.30000000000000004: Excel keeps 15 significant digits
      ] as const;
      writeBook(file, format, { Full: XLSX.utils.aoa_to_sheet([['value'], ...values.map(([v]) => [v])]) });
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(
        (await cells(s, d.id)).map((r) => r[0]),
        format,
      ).toEqual(values.map(([, text]) => text));
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, format).toEqual([
        'Sheet "Full" has long whole numbers in General format (cells A2, A3): Excel shows them in scientific ' +
          'notation (1.23457E+13), but their full digits were kept (12345678901234).',
      ]);
    }
  });

  it('a number in a cell formatted as Text (a column set to Text after the ids were typed) comes whole, as in General', async () => {
    // Excel shows a number in a Text cell as General does: 447700900123 as 4.47701E+11. The cell holds the
    // whole number, and that is what is sent; it came as "4.47701E+11", with no warning.
    const s = await temp.open({ sandbox: false });
    for (const format of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `text.${format}`);
      const ws = XLSX.utils.aoa_to_sheet([['phone'], [447700900123], [1234567890.5], [42]]);
      for (const ref of ['A2', 'A3', 'A4']) (ws[ref] as XLSX.CellObject).z = '@';
      writeBook(file, format, { Phones: ws });
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect((await cells(s, d.id)).map((r) => r[0]), format).toEqual(['447700900123', '1234567890.5', '42']);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, format).toEqual([
        'Sheet "Phones" has long whole numbers in Text format (cells A2): Excel shows them in scientific ' +
          'notation (4.47701E+11), but their full digits were kept (447700900123).',
      ]);
    }
  });

  it('a number in a date or time format that no date shows (Excel: ####) keeps its number and is named', async () => {
    const s = await temp.open({ sandbox: false });
    for (const format of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `hashes.${format}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['email', 'start'],
        ['ann@example.com', 0],
        ['bob@example.com', 0],
        ['cy@example.com', 0],
        ['di@example.com', 0],
      ]);
      ws['B2'] = { t: 'n', v: 45306, z: 'dd/mm/yyyy' }; // 15/01/2024
      ws['B3'] = { t: 'n', v: -1, z: 'dd/mm/yyyy' }; // before 1900
      ws['B4'] = { t: 'n', v: 3_000_000, z: 'dd/mm/yyyy' }; // after 9999
      ws['B5'] = { t: 'n', v: -0.25, z: 'hh:mm' }; // a negative time
      writeBook(file, format, { Starts: ws });
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(
        (await cells(s, d.id)).map((r) => r[1]),
        format,
      ).toEqual(['15/01/2024', '-1', '3000000', '-0.25']);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, format).toEqual([
        'Sheet "Starts" has numbers in a date or time format that no date or time can show (cells B3 (-1), B4 ' +
          '(3000000), B5 (-0.25)): Excel shows #### in their place. They were imported as plain numbers.',
      ]);
    }
  });

  // A format SheetJS's formatter does not read (a French percentage with a space before its sign, a format
  // written with the computer's decimal comma): the whole import stopped with "Something went wrong".
  it('a number in a format the reader cannot show keeps its number, and the cells and format are named', async () => {
    const s = await temp.open({ sandbox: false });
    for (const format of ['xlsx', 'xls'] as const) {
      const file = join(temp.dir, `unread.${format}`);
      const ws = XLSX.utils.aoa_to_sheet([
        ['email', 'score', 'weight', 'paid'],
        ['ann@example.com', 0, 0, 0],
        ['bob@example.com', 0, 0, 0],
      ]);
      ws['B2'] = { t: 'n', v: 0.125, z: '0.00 %' };
      ws['B3'] = { t: 'n', v: 0.5, z: '0.00 %' };
      ws['C2'] = { t: 'n', v: 72.25, z: '0,00' };
      ws['C3'] = { t: 'n', v: 80, z: '0.0' };
      ws['D2'] = { t: 'n', v: 52000, z: '#,##0.00' };
      ws['D3'] = { t: 'n', v: 61250.5, z: '#,##0.00' };
      writeBook(file, format, { Scores: ws });
      const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
      expect(await cells(s, d.id), format).toEqual([
        ['ann@example.com', '0.125', '72.25', '52,000.00'],
        ['bob@example.com', '0.5', '80.0', '61,250.50'],
      ]);
      expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings, format).toEqual([
        'Sheet "Scores" has numbers in a format Bulk Desk cannot show (cells B2, C2, B3, formatted "0.00 %" and ' +
          '"0,00"): they were imported as the numbers the cells hold, not as the spreadsheet shows them (B2 is ' +
          '0.125). Check those columns on Map, or give them another number format in the spreadsheet and import it again.',
      ]);
    }
  });

  // A two-row header: groups ("Person", "Course") merged over the column names under them. The first row with
  // text names the columns, so the groups did, the names became the first data row, and the warnings said
  // only that cells were merged and columns had no header.
  it('a header row with cells merged across columns says its row may group the column names under it', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'grouped.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['Person', null, 'Course', null, 'Notes'],
      ['email', 'name', 'course_id', 'due', ''],
      ['ann@example.com', 'Ann', '12', '2024-03-01', 'new'],
    ]);
    ws['!merges'] = ['C1:D1', 'A1:B1', 'A3:A3'].map((r) => XLSX.utils.decode_range(r));
    writeBook(file, 'xlsx', { Enrol: ws });
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    expect(d.columns).toEqual(['Person', 'Column 2', 'Course', 'Column 4', 'Notes']);
    expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings).toContain(
      'Sheet "Enrol": row 1, which names the columns, has cells merged across columns (A1:B1 "Person", C1:D1 ' +
        '"Course"), so only the first column of each has a name. If row 1 groups the column names in the row under ' +
        'it, delete row 1 in the spreadsheet and import again: the first row with text names the columns.',
    );
  });

  it('merged cells: the value stays in the top-left cell, the rest are empty, and the ranges are named', async () => {
    const s = await temp.open({ sandbox: false });
    const file = join(temp.dir, 'teams.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['team', 'member', 'email'],
      ['Sales', 'ann', 'ann@example.com'],
      ['', 'bob', 'bob@example.com'],
      ['', 'cy', 'cy@example.com'],
      ['Support', 'on leave', ''],
      ['Ops', 'di', 'di@example.com'],
      ['', 'ed', 'ed@example.com'],
      ['HR', 'flo', 'flo@example.com'],
      ['', 'gus', 'gus@example.com'],
      ['IT', 'ida', 'ida@example.com'],
      ['', 'jo', 'jo@example.com'],
      ['Legal', 'kim', 'kim@example.com'],
      ['', 'lu', 'lu@example.com'],
    ]);
    // Listed out of order on purpose; the empty one (D2:D3, nothing in its top-left cell) hides nothing.
    ws['!merges'] = ['A12:A13', 'A2:A4', 'B5:C5', 'D2:D3', 'A6:A7', 'A8:A9', 'A10:A11'].map((r) =>
      XLSX.utils.decode_range(r),
    );
    writeBook(file, 'xlsx', { Teams: ws });
    const d = await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } });
    const rows = await cells(s, d.id);
    expect(rows.slice(0, 4)).toEqual([
      ['Sales', 'ann', 'ann@example.com'],
      ['', 'bob', 'bob@example.com'], // not filled in: that would invent data
      ['', 'cy', 'cy@example.com'],
      ['Support', 'on leave', ''],
    ]);
    expect((await callOk(s, 'datasets.get', { datasetId: d.id })).warnings).toEqual([
      'Sheet "Teams" has merged cells (A2:A4, B5:C5, A6:A7, A8:A9, A10:A11, … 6 in all): only the top-left cell of ' +
        'a merged range holds its value, so the other cells of the range are read as empty.',
    ]);
  });
});

describe('rows and columns the spreadsheet hides', () => {
  const temp = useTempServices();

  // An admin filters a sheet down to the people to send (or hides some rows by hand), saves, imports: the
  // hidden rows are in the file all the same. They are imported (Excel's own CSV export keeps them too),
  // and said, so that nobody sends what they could not see.
  it('hidden or filtered-out rows and hidden columns are imported, and named (.xlsx and .ods)', async () => {
    const s = await temp.open({ sandbox: false });
    const aoa = [
      ['email', 'name', 'salary'],
      ['ann@example.com', 'Ann', '52000'],
      ['bob@example.com', 'Bob', '61000'],
      ['cy@example.com', 'Cy', '48000'],
      ['di@example.com', 'Di', '50000'],
      ['ed@example.com', 'Ed', '47000'],
      ['flo@example.com', 'Flo', '45000'],
    ];
    const expected = [
      'Sheet "Staff" has rows that are hidden or filtered out in the spreadsheet (rows 3, 5, 7): they were imported ' +
        'like the others, so a run sends them too. Delete them from the sheet if they should not be sent.',
      'Sheet "Staff" has a hidden column (C): it was imported like the others.',
    ];

    const xlsx = join(temp.dir, 'staff.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([...aoa, [], ['', '', '']]);
    // Rows 3, 5 and 7 hidden; row 8 (blank) and row 9 (blank cells) hidden too, which hides nothing.
    ws['!rows'] = [];
    for (const r of [2, 4, 6, 7, 8]) ws['!rows'][r] = { hidden: true };
    ws['!cols'] = [{}, {}, { hidden: true }, { hidden: true }]; // D is hidden but empty
    writeBook(xlsx, 'xlsx', { Staff: ws });
    const fromXlsx = await callOk(s, 'datasets.import', { source: { kind: 'path', path: xlsx } });
    expect(await cells(s, fromXlsx.id)).toEqual(aoa.slice(1));
    expect((await callOk(s, 'datasets.get', { datasetId: fromXlsx.id })).warnings).toEqual(expected);

    // LibreOffice: a row hidden by hand is "collapse", one a filter hides "filter"; a hidden column "collapse".
    const ods = join(temp.dir, 'staff.ods');
    writeBook(ods, 'ods', { Staff: XLSX.utils.aoa_to_sheet(aoa) });
    editOdsContent(ods, (xml) => {
      let row = 0;
      xml = xml.replace(/<table:table-row\b/g, (tag) => {
        row++;
        return row === 3 || row === 7 ? `${tag} table:visibility="filter"` : row === 5 ? `${tag} table:visibility="collapse"` : tag;
      });
      const columns =
        '<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/>';
      return xml.replace(/(<table:table table:name="Staff"[^>]*>)(?:<table:table-column\b[^>]*\/>)*/, `$1${columns}`);
    });
    const fromOds = await callOk(s, 'datasets.import', { source: { kind: 'path', path: ods } });
    expect(await cells(s, fromOds.id)).toEqual(aoa.slice(1));
    expect((await callOk(s, 'datasets.get', { datasetId: fromOds.id })).warnings).toEqual(expected);
  });
});

function writeBook(
  path: string,
  bookType: 'xlsx' | 'xls' | 'ods' | 'fods',
  sheets: Record<string, XLSX.WorkSheet>,
): void {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType }));
}

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 100 })).items.map((r) => r.cells);
}
