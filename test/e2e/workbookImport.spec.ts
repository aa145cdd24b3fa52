// Issue 15 in the browser UI (real Chromium over `npm run serve`): an Excel workbook chosen in the file
// picker is imported from its first sheet with data; the Sheet picker reads its second sheet instead;
// what the reader found (other sheets, blank rows, a formula without a result) is shown with it.
import { expect, test } from '@playwright/test';
import * as XLSX from '@e965/xlsx';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { look, shot } from './helpers/desk';
import { importFile } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';
import { startServe } from './helpers/serveProcess';

function hrWorkbook(path: string): void {
  const staff = XLSX.utils.aoa_to_sheet([
    ['employee_id', 'email', 'first_name', 'last_name'],
    ['000101', 'ann.lee@example.com', 'Ann', 'Lee'],
    ['000102', 'bob.marsh@example.com', 'Bob', 'Marsh'],
  ]);
  const contractors = XLSX.utils.aoa_to_sheet([
    ['contractor_id', 'email', 'name', 'start_date', 'day_rate'],
    ['C-0042', 'zoe.muller@example.com', 'Zoë Müller', 45306, 650],
    [],
    ['C-0043', 'li.wei@example.com', '李伟', 45337, 720],
    ['C-0044', 'sam.okafor@example.com', 'Sam Okafor', 45366, null],
  ]);
  for (const r of [2, 4, 5]) (contractors[`D${r}`] as XLSX.CellObject).z = 'dd/mm/yyyy';
  contractors['E2']!.z = '#,##0.00';
  contractors['E4']!.z = '#,##0.00';
  contractors['E5'] = { t: 'n', f: 'E4*1.1' } as XLSX.CellObject; // no saved result
  contractors['!ref'] = 'A1:E5';
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, staff, 'Staff');
  XLSX.utils.book_append_sheet(wb, contractors, 'Contractors');
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

test('a workbook through the file picker, its second sheet chosen, with the warnings shown', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-e2e-'));
  const files = mkdtempSync(join(tmpdir(), 'bulk-desk-wb-'));
  const serve = await startServe(dataDir);
  try {
    const file = join(files, 'hr-export.xlsx');
    hrWorkbook(file);
    await page.goto(serve.openUrl);
    await page.getByTestId('nav-import').click();
    await expect(page.getByTestId('file-input')).toHaveAttribute('accept', /\.xlsx,.*\.xls,.*\.ods/);
    await page.getByTestId('file-input').setInputFiles(file);

    const summary = page.getByTestId('dataset-summary');
    await expect(summary).toContainText('hr-export.xlsx: 2 rows, 4 columns');
    await expect(summary).toContainText('sheet “Staff” · xlsx workbook');
    await expect(page.getByTestId('import-warnings')).toContainText(
      'This workbook has 2 sheets; only "Staff" was read. Another sheet has data: "Contractors" (3 rows).',
    );

    const picker = page.getByTestId('import-sheet');
    await expect(picker.locator('option')).toHaveText(['Staff — 2 rows', 'Contractors — 3 rows']);
    await picker.selectOption('Contractors');
    await expect(summary).toContainText('hr-export.xlsx: 3 rows, 5 columns');
    await expect(summary).toContainText('sheet “Contractors” · xlsx workbook');
    const grid = page.getByTestId('dataset-grid');
    await expect(grid).toContainText('C-0042');
    await expect(grid).toContainText('Zoë Müller');
    await expect(grid).toContainText('15/01/2024');
    await expect(grid).toContainText('650.00');
    await expect(grid).toContainText('李伟');
    const warnings = page.getByTestId('import-warnings');
    await expect(warnings).toContainText('only "Contractors" was read. Another sheet has data: "Staff" (2 rows).');
    await expect(warnings).toContainText('Sheet "Contractors" has formulas whose results were never saved (cells E5)');
    await expect(warnings).toContainText('Skipped 1 blank row between the data rows (the first is row 3).');
    await shot(page, 'import-workbook');
  } finally {
    await serve.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  }
});

test('the Sheet picker counts a one-row sheet as "1 row", not "1 rows", and marks a hidden one (a walk-through)', async ({
  page,
}) => {
  await withDesk(page, { open: false }, async ({ serve, files }) => {
    const file = join(files, 'with-readme.xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Readme'], ['Users are on the Staff sheet.']]), 'Readme');
    const staff = [['email'], ['ann.lee@example.com'], ['bob.marsh@example.com']];
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(staff), 'Staff');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['code'], ['X1']]), 'Codes');
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 0 }, { Hidden: 1 }] };
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    await page.goto(serve.openUrl);
    await importFile(page, file, 1);
    await expect(page.getByTestId('import-sheet').locator('option')).toHaveText([
      'Readme — 1 row',
      'Staff — 2 rows',
      'Codes — 1 row (hidden)',
    ]);
    await look(page, 'import-sheet-picker');
  });
});
