// Scores per course at the desk's usual width (1360 px, playwright.config.ts): every column, the last
// score band ("90–100") included, is in view without scrolling the table sideways. In real Chromium over
// `npm run serve`'s loopback transport.
import { expect, test } from '@playwright/test';
import { syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('Scores per course fits at 1360 px: its last column shows without a sideways scroll', async ({ page }) => {
  await withDesk(page, async () => {
    await syncSandbox(page);
    await page.getByTestId('report-scores').click();
    const wrap = page.getByTestId('report-table-0');
    await expect(wrap.locator('thead th').last()).toHaveText('90–100');
    const widths = await wrap.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      cols: [...el.querySelectorAll('thead th')].map((th) => `${th.textContent}:${Math.round(th.getBoundingClientRect().width)}`),
    }));
    const said = `the table is ${widths.scroll} px wide in ${widths.client} px (${widths.cols.join(', ')})`;
    expect(widths.scroll, said).toBeLessThanOrEqual(widths.client);
    const last = await wrap.locator('thead th').last().boundingBox();
    const box = await wrap.boundingBox();
    expect(last!.x + last!.width).toBeLessThanOrEqual(box!.x + box!.width);
  });
});
