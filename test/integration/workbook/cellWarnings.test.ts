// Cells whose stored value is not what the spreadsheet shows, or that show nothing although the admin
// sees something: a formula whose result was never saved. Each is read as the file holds it and named in a
// warning kept with the dataset, never passed on silently.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { useTempServices } from '../../helpers/tempServices';
import { editSheetXml, replaceCell } from '../../helpers/workbooks';

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
});

function writeBook(path: string, bookType: 'xlsx', sheets: Record<string, XLSX.WorkSheet>): void {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType }));
}

async function cells(s: Services, datasetId: string): Promise<string[][]> {
  return (await callOk(s, 'datasets.rows', { datasetId, offset: 0, limit: 100 })).items.map((r) => r.cells);
}
