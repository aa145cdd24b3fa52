// The scores histogram as an admin reads it, in real Chromium over `npm run serve`'s loopback transport:
// its axes say what they count — a score along the bottom, how many scores up the side — so "31" over
// 50–59 does not read as 31 learners or 31 %.
import { expect, test } from '@playwright/test';
import { syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('Scores per course: the histogram names both its axes', async ({ page }) => {
  await withDesk(page, async () => {
    await syncSandbox(page);
    await page.getByTestId('report-scores').click();
    const chart = page.getByTestId('report-chart');
    await expect(chart.locator('svg.histogram')).toBeVisible();
    await expect(chart.locator('svg.histogram .chart-axis-title')).toHaveText([
      'Score (0–100)',
      'Number of scores',
    ]);
    // Said to a screen reader as well.
    await expect(chart.locator('svg.histogram')).toHaveAttribute(
      'aria-label',
      /^Number of scores per score \(0–100\)/,
    );
    // Nothing drawn over anything else: the axis titles stay clear of the bin labels and the bars.
    const boxes = await chart.locator('svg.histogram text').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom };
      }),
    );
    for (const a of boxes)
      for (const b of boxes)
        if (a !== b)
          expect(
            a.r <= b.l || b.r <= a.l || a.b <= b.t || b.b <= a.t,
            `"${a.text}" overlaps "${b.text}"`,
          ).toBe(true);
    await chart.screenshot({ path: test.info().outputPath('histogram.png') });
  });
});
