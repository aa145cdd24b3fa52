// Workbooks for the tests, written with SheetJS itself (the same library reads them): the cell types,
// number formats, formulas (with and without a saved result), gaps and sheets an HR export has.
import { readFileSync, writeFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

type BookType = 'xlsx' | 'xls' | 'ods';

/** Excel's serial day number of a date (the 1900 system). */
const serial = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;

/**
 * Sheets: "People" (the data: text ids with leading zeros and 20 digits, dates in two formats, money,
 * booleans, a formula with its saved result and one without, an error, an empty cell, a blank row between
 * rows), "Managers" (a second sheet with data), "Empty", and a hidden "Lookup" with data.
 */
export function staffWorkbook(path: string, bookType: BookType = 'xlsx'): void {
  const people = XLSX.utils.aoa_to_sheet([
    ['employee_id', 'email', 'name', 'start_date', 'birthday', 'salary', 'active', 'bonus', 'note'],
    ['000123', 'ann@example.com', 'Ann Lee', 0, 0, 52000, true, 0, ''],
    ['12345678901234567890', 'bob@example.com', 'Bob Mäkelä', 0, 0, 61250.5, false, 0, 'two\nlines'],
    [],
    ['000125', 'cy@example.com', '李小龍', 0, 0, 0, true, 0, ''],
  ]);
  const set = (ref: string, cell: XLSX.CellObject) => (people[ref] = cell);
  set('D2', { t: 'n', v: serial(2024, 1, 15), z: 'dd/mm/yyyy' });
  set('D3', { t: 'n', v: serial(2023, 11, 2), z: 'dd/mm/yyyy' });
  set('D5', { t: 'n', v: serial(2022, 6, 30), z: 'dd/mm/yyyy' });
  set('E2', { t: 'n', v: serial(1990, 3, 4), z: 'm/d/yy' }); // built-in format 14: the locale's short date
  set('E3', { t: 'n', v: serial(1985, 12, 25), z: 'm/d/yy' });
  set('E5', { t: 'n', v: serial(2001, 7, 9), z: 'm/d/yy' });
  set('F2', { t: 'n', v: 52000, z: '#,##0.00' });
  set('F3', { t: 'n', v: 61250.5, z: '#,##0.00' });
  set('F5', { t: 'n', v: 0.125, z: '0.0%' });
  set('H2', { t: 'n', v: 5200, f: 'F2*0.1' }); // saved result
  set('H3', { t: 'n', f: 'F3*0.1' } as XLSX.CellObject); // no saved result (a program that does not calculate)
  set('H5', { t: 'e', v: 42, w: '#N/A', f: 'NA()' });
  delete people['I2'];
  people['!ref'] = 'A1:I5';

  const managers = XLSX.utils.aoa_to_sheet([
    ['manager_email', 'team'],
    ['lead@example.com', 'Sales'],
    ['boss@example.com', 'Support'],
  ]);
  const lookup = XLSX.utils.aoa_to_sheet([['code', 'label'], ['S', 'Sales']]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([]), 'Empty');
  XLSX.utils.book_append_sheet(wb, lookup, 'Lookup');
  XLSX.utils.book_append_sheet(wb, people, 'People');
  XLSX.utils.book_append_sheet(wb, managers, 'Managers');
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }, { Hidden: 0 }, { Hidden: 0 }] };
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType, cellDates: false }));
}

/** One sheet of `rows` generated staff rows (7 columns: text ids, dates, numbers), for size and memory. */
export function bigWorkbook(path: string, rows: number): void {
  const aoa: (string | number)[][] = [['employee_id', 'email', 'first_name', 'last_name', 'department', 'start_date', 'salary']];
  for (let i = 0; i < rows; i++) {
    aoa.push([String(i + 1).padStart(8, '0'), `user${i + 1}@example.com`, `First${i + 1}`, `Last${i + 1}`, `Dept ${i % 37}`, serial(2020, 1, 1) + (i % 1500), 30000 + i]);
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  for (let r = 2; r <= rows + 1; r++) (ws[`F${r}`] as XLSX.CellObject).z = 'yyyy-mm-dd';
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Staff');
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

/**
 * Rewrites the XML of the `sheet`-th worksheet (from 1) of an .xlsx file: for the cells SheetJS cannot
 * write as other programs do (a formula with no `<v>` at all, as openpyxl writes it).
 */
export function editSheetXml(path: string, sheet: number, edit: (xml: string) => string): void {
  const files = unzipSync(readFileSync(path));
  const name = `xl/worksheets/sheet${sheet}.xml`;
  files[name] = strToU8(edit(strFromU8(files[name]!)));
  writeFileSync(path, zipSync(files));
}

/**
 * Rewrites the content.xml of an .ods file: for the cells SheetJS cannot write as LibreOffice does (a
 * formula whose result is empty text, which LibreOffice saves with no value type at all).
 */
export function editOdsContent(path: string, edit: (xml: string) => string): void {
  const files = unzipSync(readFileSync(path));
  files['content.xml'] = strToU8(edit(strFromU8(files['content.xml']!)));
  writeFileSync(path, zipSync(files));
}

/** Replaces cell `ref`'s element in a worksheet's XML with `element`. */
export function replaceCell(xml: string, ref: string, element: string): string {
  const re = new RegExp(`<c r="${ref}"(?:/>|[^>]*/>|[^>]*>.*?</c>)`);
  if (!re.test(xml)) throw new Error(`no cell ${ref} in the sheet`);
  return xml.replace(re, element);
}
