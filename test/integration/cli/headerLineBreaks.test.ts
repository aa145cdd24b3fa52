// A header cell typed over two lines (Alt+Enter in Excel: "Employee⏎ID") names its column with the line
// break, as the spreadsheet holds it: saved mappings, exports and the header-row checks use that name. On
// the terminal, `import` and `datasets show` printed it over two lines ("columns  Employee" then "ID, email"),
// a line no script reading "columns  " could tell from the others. The break is shown as its escape there.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { DatasetDto } from '../../../src-shared/contract/api';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

describe('a header cell with a line break', () => {
  const w = useCliWorld();

  it('keeps its name, and import and datasets show print it on one line, the break shown as \\n', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const file = join(dir.path, 'staff.xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['Employee\nID', 'Full\r\nname', 'email'],
        ['000123', 'Ann Lee', 'ann@example.com'],
      ]),
      'Staff',
    );
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));

    const imported = await cli(['import', file, ...D]);
    expect(imported.code).toBe(0);
    const line = String.raw`columns  Employee\nID, Full\r\nname, email`;
    expect(imported.stdout.split('\n')).toContain(line);
    expect(imported.stdout).not.toMatch(/^ID|^name/m);

    const asJson = json<DatasetDto>(await cli(['import', file, '--json', ...D]));
    expect(asJson.columns).toEqual(['Employee\nID', 'Full\r\nname', 'email']); // the names themselves
    const shown = await cli(['datasets', 'show', asJson.id, ...D]);
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n')).toContain(line);
    expect(shown.stdout).not.toMatch(/^ID|^name/m);
  });
});
