// Import's "Worth knowing" says a sheet with data is hidden in the workbook, as the Sheet picker does: it
// listed a hidden sheet's rows beside the visible ones without a word.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { staffWorkbook } from '../helpers/workbooks';
import { look, tempDirs } from './helpers/desk';
import { importFile } from './helpers/journey';
import { startServe, type ServeInfo } from './helpers/serveProcess';

test('Worth knowing names a hidden sheet with data as hidden', async ({ page }) => {
  const dirs = tempDirs();
  let serve: ServeInfo | null = await startServe(dirs.dataDir);
  try {
    const file = join(dirs.files, 'staff.xlsx');
    staffWorkbook(file); // "Empty", "Lookup" (hidden, 1 row), "People" (read), "Managers"
    await page.goto(serve.openUrl);
    await importFile(page, file, 3);
    const warnings = page.getByTestId('import-warnings');
    await expect(warnings).toContainText(
      'Other sheets have data: "Lookup" (1 row, hidden), "Managers" (2 rows).',
    );
    await expect(page.getByTestId('import-sheet').locator('option', { hasText: 'Lookup' })).toContainText(
      '(hidden)',
    );
    await look(page, 'import-hidden-sheet');
  } finally {
    await serve?.stop();
    serve = null;
    dirs.cleanup();
  }
});
