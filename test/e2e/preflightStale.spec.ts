// While a new check runs, the previous answer stays on screen but must read as stale: a fresh-eyes
// review saw "0 would be sent · 300 invalid" in red from before the mapping was finished. The check's
// answer is held back by the page's own route (no timing race): the section is aria-busy and dimmed, has
// no red or amber emphasis, and Send is disabled, until the answer arrives.
import { expect, test, type Route } from '@playwright/test';
import { join } from 'node:path';
import { look } from './helpers/desk';
import { importText, mapTemplate } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('the previous preflight answer is shown as stale while a new check runs', async ({ page }) => {
  await withDesk(page, async ({ files }) => {
    await importText(
      page,
      join(files, 'stale.csv'),
      'email,name\nana@example.com,Ana Lima\nnot-an-email,Bo Berg\nana@example.com,Ana Again\ncy@example.com,Cy Doe\n',
      4,
    );
    await mapTemplate(page, 'sandbox-coursepath', 'coursepath.members.create');
    await page.getByTestId('nav-run').click();
    const preflight = page.getByTestId('preflight');
    await expect(preflight.getByTestId('preflight-invalid')).toHaveText('1');
    await expect(preflight.getByTestId('preflight-duplicate')).toHaveText('1');
    await expect(preflight).toHaveAttribute('aria-busy', 'false');
    await expect(preflight).not.toHaveClass(/\bstale\b/);
    // The answer, settled: the invalid count is red, the duplicate amber, and Send can act.
    await expect(preflight.locator('.error-text')).not.toHaveCount(0);
    await expect(preflight.locator('.warn-text')).not.toHaveCount(0);
    await expect(page.getByTestId('start-job-button')).toBeEnabled();

    // Hold the next check's answer until the stale state has been looked at.
    const held: Route[] = [];
    await page.route('**/api/jobs.preflight', (route) => void held.push(route));
    await page.getByTestId('allow-duplicates').check();
    await expect.poll(() => held.length).toBe(1);

    await expect(preflight).toHaveAttribute('aria-busy', 'true');
    await expect(preflight).toHaveClass(/\bstale\b/);
    await expect(preflight.locator('.error-text, .warn-text')).toHaveCount(0);
    await expect(page.getByTestId('start-job-button')).toBeDisabled();
    await expect(page.getByTestId('start-job-button')).toHaveText('Checking the rows…');
    await expect(page.getByTestId('run-estimate')).toHaveAttribute('aria-busy', 'true');
    // Still the previous answer's numbers, but no longer presented as the answer.
    await expect(preflight.getByTestId('preflight-invalid')).toHaveText('1');
    await preflight.scrollIntoViewIfNeeded();
    await look(page, 'preflight-stale');

    for (const r of held) await r.continue();
    await page.unroute('**/api/jobs.preflight');
    await expect(preflight).toHaveAttribute('aria-busy', 'false');
    await expect(preflight).not.toHaveClass(/\bstale\b/);
    await expect(preflight.getByTestId('preflight-duplicate')).toHaveText('0');
    await expect(preflight.locator('.error-text')).not.toHaveCount(0);
    await expect(page.getByTestId('start-job-button')).toBeEnabled();
    await expect(page.getByTestId('run-estimate')).toHaveAttribute('aria-busy', 'false');
  });
});
