// A header cell typed over two lines (Alt+Enter: 'Employee⏎ID') names its column on one line, as Employee\nID,
// on Import and Map (columnNameShown); the manual configuration's column pickers, chips and type labels and a
// recipe step card's "Once per value of" / "Only when" pickers showed the raw name, its break a space or a new
// line. Shown as the CLI prints it there too; the name itself (option values, what is saved) is kept.
import { expect, test, type Locator } from '@playwright/test';
import { join } from 'node:path';
import { look } from './helpers/desk';
import { importText } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const RAW = 'Employee\nID';
const SHOWN = 'Employee\\nID';

/** The texts of a select's options. */
const options = (select: Locator) => select.locator('option').allTextContents();

test('a column named over two lines shows on one line in the manual configuration and the recipe step cards', async ({
  page,
}) => {
  await withDesk(page, { viewport: { width: 1360, height: 860 } }, async ({ files }) => {
    await importText(
      page,
      join(files, 'two-line-header.csv'),
      'Email,"Employee\nID",Courses\nana.lima@acme.test,E-001,Fire Safety Awareness\nben.okafor@acme.test,E-002,\n',
      2,
    );

    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
    await page.getByTestId('template-select').selectOption('coassemble.manual');
    const manual = page.getByTestId('manual-config');
    await expect(manual).toBeVisible();
    expect(await options(page.getByTestId('manual-url-insert'))).toContain(SHOWN);
    expect(await options(page.getByTestId('manual-exclude-add'))).toContain(SHOWN);
    await page.getByTestId('manual-batch').check();
    expect(await options(page.getByTestId('manual-batch-grouping'))).toContain(`Same value of ${SHOWN}`);
    await page.getByTestId('manual-batch-grouping').selectOption(RAW); // the value is the name itself
    await expect(page.getByTestId('manual-batch-grouping')).toHaveValue(RAW);
    await manual.locator('summary', { hasText: 'Column types' }).click();
    await expect(manual.locator('.manual-types label').nth(1)).toContainText(SHOWN);
    await page.getByTestId('manual-exclude-add').selectOption(RAW);
    await expect(page.getByTestId('manual-exclude').locator('.chip')).toHaveText([`${SHOWN} ×`]);
    await page.getByTestId('manual-exclude').scrollIntoViewIfNeeded();
    await look(page, 'manual-config-two-line-header');

    await page.getByTestId('nav-recipes').click();
    const step = page.getByTestId('recipe-step-courses');
    await expect(step).toBeVisible();
    expect(await options(step.getByTestId('step-foreach'))).toContain(SHOWN);
    expect(await options(step.getByTestId('step-when'))).toContain(SHOWN);
    await step.getByTestId('step-when').selectOption(RAW);
    await expect(step.getByTestId('step-when')).toHaveValue(RAW);
    await step.getByTestId('step-foreach').selectOption(RAW);
    await step.scrollIntoViewIfNeeded();
    await look(page, 'recipe-step-two-line-header');
  });
});
