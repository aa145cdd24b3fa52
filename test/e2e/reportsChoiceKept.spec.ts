// The admin's choices on Reports — the report open, the compliance courses ticked and its grouping — are
// kept with the desk (SQLite, `desk.save`), so a reload or a restart opens the same report, not "Completion
// rate" with nothing ticked. In real Chromium over `npm run serve`'s loopback transport.
import { expect, test } from '@playwright/test';
import type { DeskStateDto } from '../../src-shared/contract/dto/desk';
import { api, syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('Training compliance with two courses ticked is still chosen after a reload', async ({ page }) => {
  await withDesk(page, async ({ serve }) => {
    await syncSandbox(page);
    await expect(page.getByTestId('sync-row-sandbox-coursepath')).not.toContainText('Never');
    await page.getByTestId('report-compliance').click();
    await page.getByLabel(/Workplace Safety Essentials/).check();
    await page.getByLabel(/Fire Safety Awareness/).check();
    await page.getByLabel('Group by').selectOption('company');
    await expect(page.getByTestId('report-table-1')).toContainText('Compliance');
    // Saved as chosen, not at the reload: SQLite holds the choice before the page goes (waited on, not 0.5 s).
    await expect
      .poll(async () => {
        const c = (await api<DeskStateDto>(serve, 'desk.get', {})).reportChoice;
        return c && { report: c.report, ticked: c.complianceKeys.length, by: c.complianceBy };
      })
      .toEqual({ report: 'compliance', ticked: 2, by: 'company' });

    await page.reload();
    await expect(page.getByTestId('report-compliance')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel(/Workplace Safety Essentials/)).toBeChecked();
    await expect(page.getByLabel(/Fire Safety Awareness/)).toBeChecked();
    await expect(page.getByLabel('Group by')).toHaveValue('company');
    await expect(page.getByTestId('report-table-1')).toContainText('Compliance');
  });
});
