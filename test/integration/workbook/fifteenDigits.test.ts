// Excel shows a number from the 15 significant digits it keeps: it rounds the number to 15 digits first, then
// to the format's decimals. 1.005 is held in binary as 1.00499999999999989…, which SheetJS's formatter rounds
// down (1.00), while Excel shows 1.005 → 1.01; a number of 16 digits or more shows its first 15 and then
// zeros (2^64 as 18446744073709600000), where SheetJS writes the digits JavaScript has (18446744073709552000).
// Such a number, whatever the file, lost its digits after the 15th when Excel held it (typed in, Excel keeps
// 1234567890123456789 as 1234567890123450000): an id of 16 digits or more is named in a warning.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';

const BOOK_TYPES = { xlsx: 'xlsx', xls: 'biff8', xml: 'xlml' } as const;

describe('numbers as Excel shows them, from their 15 significant digits', () => {
  const temp = useTempServices();

  it('a positive half at the last decimal shown rounds up, as Excel shows it (.xlsx, .xls, Excel 2003 XML)', async () => {
    const s = await temp.open({ sandbox: false });
    const cases: [number, string, string][] = [
      [1.005, '0.00', '1.01'],
      [0.285, '0.00', '0.29'],
      [1.015, '0.00', '1.02'],
      [1.0049, '0.00', '1.00'], // not a half: stays down
      [0.01005, '0.00%', '1.01%'],
      [2.675, '0.00', '2.68'],
      [1234.565, '#,##0.00', '1,234.57'],
      [1.005, '"$"#,##0.00_);(#,##0.00)', '$1.01 '],
      [1.125, '0.00E+00', '1.13E+00'],
      [2.5, '0', '3'],
      [123456789012345, '0', '123456789012345'], // 15 digits, rounded at the 15th: no half made up
      [1.23456789012345, '0.00000000000000', '1.23456789012345'],
      [9.99999999999994, '0.0000000000000', '9.9999999999999'],
      [1.005, '0.000000000000000000', '1.005000000000000000'], // more decimals than 15 digits: zeros after them
      [0.1 + 0.2, '0.00000000000000000', '0.30000000000000000'], // 0.30000000000000004
      [-1.005, '0.00', '-1.01'],
      [45307.75, 'yyyy-mm-dd hh:mm', '2024-01-16 18:00'],
    ];
    for (const [bookType, written] of Object.entries(BOOK_TYPES)) {
      const d = await imported(s, join(temp.dir, `halves.${bookType}`), written, cases);
      expect(await cells(s, d), bookType).toEqual([['ann@example.com', ...cases.map(([, , shown]) => shown)]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d })).warnings, bookType).toEqual([]);
    }
  });

  // SheetJS writes the number it rounded to the format's decimals with String(), which puts one under 1e-6 in
  // exponent form: 0.0000007 in 0.0000000 came as 7e-7.0000000, 0.00000012 in 0.00000000 as 1.2e-7.
  it('a number under 0.000001 in a format of 7 decimals or more shows its decimals, as Excel shows it', async () => {
    const s = await temp.open({ sandbox: false });
    const cases: [number, string, string][] = [
      [0.0000007, '0.0000000', '0.0000007'],
      [0.00000012, '0.00000000', '0.00000012'],
      [0.00000025, '0.0000000', '0.0000003'], // a half at the last decimal shown rounds up
      [0.00000005, '0.0000000', '0.0000001'],
      [0.0000000001, '0.0000000', '0.0000000'], // rounds to nothing
      [-0.0000007, '0.0000000', '-0.0000007'],
      [-0.0000007, '0.0000000;(0.0000000)', '(0.0000007)'],
      [0.0000007, '0.0000000" kg"', '0.0000007 kg'],
      [0.000000007, '0.0000000%', '0.0000007%'],
      [0.0000007, '#.#######', '.0000007'],
      [0.00000012, '0.0000000###', '0.00000012'], // optional decimals show the digits there are
      [0.000000123456789, '0.00000000000000000000', '0.00000012345678900000'],
      [0.0000007, '0.0000000E+00', '7.0000000E-07'], // an exponent the format asks for stays
    ];
    for (const [bookType, written] of Object.entries(BOOK_TYPES)) {
      const d = await imported(s, join(temp.dir, `tiny.${bookType}`), written, cases);
      expect(await cells(s, d), bookType).toEqual([['ann@example.com', ...cases.map(([, , shown]) => shown)]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d })).warnings, bookType).toEqual([]);
    }
  });

  // SheetJS drops the zeros a format asks for before the point when it has decimals: 1.5 in 000.00 came as 1.50,
  // where Excel shows 001.50 (ids and codes zero-padded that way). A format of whole numbers (00000) it shows right.
  it('a format with decimals shows the zeros it asks for before the point, as Excel shows them', async () => {
    const s = await temp.open({ sandbox: false });
    const cases: [number, string, string][] = [
      [1.5, '000.00', '001.50'],
      [0.5, '000.00', '000.50'],
      [1234.5, '000.00', '1234.50'], // more digits than zeros: all of them
      [1.25, '0000.0', '0001.3'],
      [0.015, '00.000%', '01.500%'],
      [1.5, '000.00" kg"', '001.50 kg'],
      [-1.5, '000.00', '-001.50'],
      [1.5, '000.00;(000.00)', '001.50'],
      [-1.5, '000.00;(000.00)', '(001.50)'],
      [1.5, '#000.00', '001.50'],
      [1.5, '00.0#', '01.5'],
      [1.005, '000.00', '001.01'],
      [42, '00000', '00042'], // whole numbers: already right
      [1.5, '??0.00', '  1.50'], // a ? before the point is a space, already right
    ];
    for (const [bookType, written] of Object.entries(BOOK_TYPES)) {
      const d = await imported(s, join(temp.dir, `zeros.${bookType}`), written, cases);
      expect(await cells(s, d), bookType).toEqual([['ann@example.com', ...cases.map(([, , shown]) => shown)]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d })).warnings, bookType).toEqual([]);
    }
  });

  // A space between the whole part's placeholders (# ##0, a thousands separator as European files have it) is text
  // SheetJS puts between the characters of the number: 0.0000007 in # ##0.0000000 came as 7 e-7.0000000.
  it('a number under 0.000001 in a format with a space in its whole part shows its decimals', async () => {
    const s = await temp.open({ sandbox: false });
    const cases: [number, string, string][] = [
      [0.0000007, '# ##0.0000000', ' 0.0000007'],
      [0.00000012, '# ##0.00000000', ' 0.00000012'],
      [0.0000007, '# ##0.0000000" kg"', ' 0.0000007 kg'],
      [0.0000007, '# ### ##0.0000000', '  0.0000007'],
      [0.5, '# ##0.0000000', ' 0.5000000'], // as the format shows a number of decimals: already so
      [1234.5, '# ##0.00', '1 234.50'],
    ];
    for (const [bookType, written] of Object.entries(BOOK_TYPES)) {
      const d = await imported(s, join(temp.dir, `spaced.${bookType}`), written, cases);
      expect(await cells(s, d), bookType).toEqual([['ann@example.com', ...cases.map(([, , shown]) => shown)]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d })).warnings, bookType).toEqual([]);
    }
  });

  // Formats SheetJS showed otherwise than Excel: zeros on both sides of text in the whole part (0 000.00: 1.5 came as
  // " 1.50"), text with a digit or point of its own ("No. "000.00: the number's zeros were not added), a comma
  // between zeros (0,000.00: SheetJS refused it, the number came unformatted with a warning), an exponent in
  // e+, E- or three digits (12345 in 0.00e+00 came as 12345.001933+00, in 0.00E-00 as 1.23E4), and text with a
  // space before a tiny number in a spaced format (lost a space). Excel fills the placeholders from the right, the
  // leftmost one taking any digits left over; its zeros always show, with the separators between them.
  it('text or a separator between the zeros, text with a digit or point before them, an exponent: as Excel shows them', async () => {
    const s = await temp.open({ sandbox: false });
    const cases: [number, string, string][] = [
      [1234.5, '0 000.00', '1 234.50'],
      [1.5, '0 000.00', '0 001.50'],
      [0.5, '0 000.00', '0 000.50'],
      [1234567.5, '0 000.00', '1234 567.50'], // digits left over go to the leftmost placeholder
      [-1.5, '0 000.00', '-0 001.50'],
      [1.5, '"No. "000.00', 'No. 001.50'],
      [1234.5, '"No. "000.00', 'No. 1234.50'],
      [1.005, '"v2.1 "0.00', 'v2.1 1.01'],
      [7, '\\#000', '#007'],
      [1234.5, '0,000.00', '1,234.50'],
      [1.5, '0,000.00', '0,001.50'],
      [1234567.5, '0,000.00', '1,234,567.50'],
      [-1234.5, '0,000.00', '-1,234.50'],
      [12345, '000,000', '012,345'],
      [1234.5, '0,000.00" kg"', '1,234.50 kg'],
      [0, '0,000.00', '0,000.00'],
      [0, '0 000.00', '0 000.00'],
      [12, '000"-"00"-"0000', '000-00-0012'],
      [12345, '0.00E+00', '1.23E+04'],
      [0.000123, '0.00E+00', '1.23E-04'],
      [-12345, '0.00E+00', '-1.23E+04'],
      [12345, '0.00e+00', '1.23e+04'], // the E as the format writes it
      [12345, '0.00E-00', '1.23E04'], // E-: a minus only, for a negative exponent
      [0.000123, '0.00E-00', '1.23E-04'],
      [12345, '0.00E+000', '1.23E+004'], // as many exponent digits as the format's zeros
      [1950000000000, '#.###E+00', '1.95E+12'], // # decimals drop their trailing zeros
      [1950000000000, '0.000E+00', '1.950E+12'],
      [12345, '"Lot 4: "0.00E+00', 'Lot 4: 1.23E+04'],
      [12345, '##0.0E+0', '12.3E+3'], // engineering: already right
      [0.0000007, '"Mass: "# ##0.0000000', 'Mass:  0.0000007'],
      [1234.5, '"Mass: "# ##0.0000000', 'Mass: 1 234.5000000'],
    ];
    for (const [bookType, written] of Object.entries(BOOK_TYPES)) {
      const d = await imported(s, join(temp.dir, `between.${bookType}`), written, cases);
      expect(await cells(s, d), bookType).toEqual([['ann@example.com', ...cases.map(([, , shown]) => shown)]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d })).warnings, bookType).toEqual([]);
    }
  });

  // Excel writes the exponent of a scientific format as a multiple of its digit placeholders before the point
  // (borgar/numfmt's Excel tables; SheetJS's own engineering formatter, for ##0.0E+0 alone): SheetJS wrote any
  // other with one digit there, so 12345 in 00.00E+00 came as 1.23E+04 (Excel 01.23E+04).
  it('a scientific format with two or more digits before the point: the exponent a multiple of them, as Excel shows it', async () => {
    const s = await temp.open({ sandbox: false });
    const cases: [number, string, string][] = [
      [12345, '00.00E+00', '01.23E+04'],
      [1000, '00.00E+00', '10.00E+02'],
      [0.123, '00.00E+00', '12.30E-02'],
      [-12345, '00.00E+00', '-01.23E+04'],
      [1234, '000.0E+00', '001.2E+03'],
      [12345, '##0.0E+0', '12.3E+3'],
    ];
    for (const [bookType, written] of Object.entries(BOOK_TYPES)) {
      const d = await imported(s, join(temp.dir, `engineering.${bookType}`), written, cases);
      expect(await cells(s, d), bookType).toEqual([['ann@example.com', ...cases.map(([, , shown]) => shown)]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d })).warnings, bookType).toEqual([]);
    }
  });

  it('a number of 16 digits or more shows its 15 digits and then zeros, and is named: the digits after the 15th are lost', async () => {
    const s = await temp.open({ sandbox: false });
    const cases: [number, string, string][] = [
      [1234567890123456789, '0', '1234567890123460000'], // held as 1234567890123456768
      [2 ** 64, '#,##0', '18,446,744,073,709,600,000'],
      [1234567890123450000, '0', '1234567890123450000'], // as Excel keeps 1234567890123456789 typed in
      [1234567890123456, 'General', '1234567890123460'], // General: the digits the cell holds, as for 12–15 digits
      [-9876543210987654, '0', '-9876543210987650'],
      [1234567890123456789, '0.00E+00', '1.23E+18'], // scientific notation on purpose: no id
      [123456789012345, '0', '123456789012345'], // 15 digits: all kept
    ];
    for (const [bookType, written] of Object.entries(BOOK_TYPES)) {
      const d = await imported(s, join(temp.dir, `long.${bookType}`), written, cases);
      expect(await cells(s, d), bookType).toEqual([['ann@example.com', ...cases.map(([, , shown]) => shown)]]);
      expect((await callOk(s, 'datasets.get', { datasetId: d })).warnings, bookType).toEqual([
        'Sheet "Numbers" has numbers of 16 digits or more (cells B2, C2, D2, E2, F2): Excel keeps 15 significant ' +
          'digits of a number, so any digit after the 15th was lost before the file was saved (1234567890123456789 ' +
          'typed into Excel is kept as 1234567890123450000). They came in with the 15 digits the cells hold, then ' +
          'zeros (B2 is 1234567890123460000). If they are ids, format the column as Text in the spreadsheet, type or ' +
          'paste the ids again, and import it again.',
      ]);
    }
  });
});

/** One row, a cell per case in its format, written as `bookType`; the dataset's id. */
async function imported(s: Services, file: string, bookType: (typeof BOOK_TYPES)[keyof typeof BOOK_TYPES], cases: [number, string, string][]) {
  const ws = XLSX.utils.aoa_to_sheet([
    ['email', ...cases.map((_, i) => `c${i}`)],
    ['ann@example.com', ...cases.map(([v, z]) => ({ t: 'n', v, z }) as XLSX.CellObject)],
  ]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Numbers');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType }));
  return (await callOk(s, 'datasets.import', { source: { kind: 'path', path: file } })).id;
}

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 100 })).items.map((r) => r.cells);
}
