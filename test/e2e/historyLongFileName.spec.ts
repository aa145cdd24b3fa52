// History's jobs list at 1024 px: a long file name wrapped to six lines in the File column and made its
// job's row six lines tall (the walk of every screen at stop 43). The name now takes at most two lines,
// cut with an ellipsis, and the whole name is in the cell's title (its tooltip).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { look } from './helpers/desk';
import { importText, mapCreateMember, startNewJob } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const SHORT = 'sample-users.csv';
const LONG =
  'northwind-regional-offices-new-starters-march-2026-onboarding-cohort-b-final-approved-by-hr-v3.csv';

test('History at 1024 px: a long file name takes at most two lines, the whole name on hover', async ({
  page,
}) => {
  await withDesk(page, { viewport: { width: 1024, height: 700 } }, async ({ files }) => {
    // A short name that fits in two lines is not cut (a narrow column had "sample-users.csv" as "sampl e-…").
    await importText(page, join(files, SHORT), 'email,name\nbo@northwind.example,Bo Berg\n', 1);
    await mapCreateMember(page);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    await page.getByTestId('nav-history').click();
    const short = page
      .locator('[data-testid^="history-job-"]')
      .first()
      .locator('td')
      .nth(3)
      .locator('[title]');
    await expect(short).toHaveText(SHORT);
    await expect.poll(() => short.evaluate((e) => e.scrollHeight - e.clientHeight), `${SHORT} cut`).toBe(0);

    await importText(page, join(files, LONG), 'email,name\nana@northwind.example,Ana Lima\n', 1);
    await mapCreateMember(page);
    await page.getByTestId('nav-run').click();
    await startNewJob(page);
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    await page.getByTestId('nav-history').click();
    const row = page.locator('[data-testid^="history-job-"]').first();
    const cell = row.locator('td').nth(3); // File
    await expect(cell).toHaveText(LONG); // cut on screen only: copied or read aloud, the whole name
    // The lines of the name that show: its text's box, cut to the box of the element holding it (which
    // clips what goes past two lines).
    const lines = await cell.evaluate((td) => {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode()!;
      const range = document.createRange();
      range.selectNodeContents(text);
      const r = range.getBoundingClientRect();
      const box = text.parentElement!.getBoundingClientRect();
      const shown = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
      return shown / parseFloat(getComputedStyle(text.parentElement!).lineHeight);
    });
    expect(lines, 'lines of the file name shown').toBeLessThanOrEqual(2.05);
    // Nothing cut off at the right: the jobs list still fits 1024 px without scrolling sideways.
    const cut = await page.locator('.jobs-wrap').evaluate((e) => e.scrollWidth - e.clientWidth);
    expect(cut, 'jobs list scrolled sideways').toBe(0);
    await expect(cell.locator('[title]')).toHaveAttribute('title', LONG);
    await look(page, 'history-long-file-name-1024');
  });
});
