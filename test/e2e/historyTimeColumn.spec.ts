// History's Time column holds a row's answer time whole: a real LMS answers in a few hundred
// milliseconds, and "403 ms" showed as "403 …" (a walk-through; the column fitted "37 ms" only).
import { expect, test } from '@playwright/test';
import { look, sampleLines } from './helpers/desk';
import { sampleOnMap, startNewJob } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('History: a row answered in hundreds of milliseconds shows its whole time, at 1024 and 1920 wide', async ({
  page,
}) => {
  // Every answer takes 400–600 ms: three digits, as a real LMS's often do.
  await withDesk(page, { args: [
    '--sandbox-options',
    JSON.stringify({ faults: 'latency:400-600' }),
  ] }, async () => {
    await sampleOnMap(page);
    await page.getByTestId('nav-run').click();
    await startNewJob(page);
    await expect(page.getByTestId('job-state')).toHaveText(/completed/i, { timeout: 60_000 });
    await page.getByTestId('open-in-history').click();
    await expect(page.getByTestId('history-count')).toHaveText(`${sampleLines().length - 1} rows`);
    for (const [w, h] of [
      [1024, 700],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      const times = page.locator('.items-scroll .items-row > div:last-child');
      await expect(times.first()).toHaveText(/^\d{3} ms$/);
      const cut = await times.evaluateAll((els) =>
        els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent),
      );
      expect(cut, `Time cells cut at ${w}×${h}`).toEqual([]);
      // Still no column cut off at the right.
      expect(await page.locator('.items-head').evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
      if (w === 1024) await look(page, 'history-time-1024');
    }
  });
});
