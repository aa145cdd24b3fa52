// A recipe with problems for the file builds no request: each step's "Row 2 sends" panel says why (its
// own problem, or the recipe's, listed above) rather than standing empty under its heading.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { look, tempDirs } from './helpers/desk';
import { importText } from './helpers/journey';
import { startServe, type ServeInfo } from './helpers/serveProcess';

test('a recipe with problems says in each step’s “Row 2 sends” why nothing is built', async ({ page }) => {
  const dirs = tempDirs();
  let serve: ServeInfo | null = await startServe(dirs.dataDir);
  try {
    await page.goto(serve.openUrl);
    // No Courses or Groups column: the onboarding recipe's later steps read them, so it has problems.
    await importText(
      page,
      join(dirs.files, 'new-hires.csv'),
      'Email,First name\nana.lima@acme.test,Ana\n',
      1,
    );
    await page.getByTestId('nav-recipes').click();
    await expect(page.locator('.issue-error').first()).toBeVisible({ timeout: 30_000 });
    const panels = page.getByTestId('step-live');
    await expect(panels.first()).toContainText('Row 2 sends');
    const n = await panels.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++) await expect(panels.nth(i)).toContainText('Not built');
    // A step with a problem of its own names it (the list above has every problem).
    const first = (await page.locator('.issue-error').first().textContent())!;
    await expect(panels.filter({ hasText: `Not built: ${first}` })).not.toHaveCount(0);
    await look(page, 'recipe-step-not-built');
  } finally {
    await serve?.stop();
    serve = null;
    dirs.cleanup();
  }
});
