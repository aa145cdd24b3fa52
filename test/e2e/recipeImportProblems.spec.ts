// A recipe file with several problems, imported on Recipes in real Chromium over `npm run serve`'s
// loopback transport: each problem is on its own line, in the admin's words, naming the file and the field
// (they ran together in one paragraph, since the message's line breaks were not kept on screen), and the
// message stays when the per-step check is made again (it was cleared by it).
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { look } from './helpers/desk';
import { importText } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('a recipe file with several problems shows each on its own line, and keeps them shown', async ({
  page,
}) => {
  await withDesk(page, { open: false }, async ({ serve, files }) => {
    const file = join(files, 'bad-recipe.json');
    writeFileSync(file, JSON.stringify({ id: 'x', api: 'coursepath', steps: [] }));
    await page.goto(serve.openUrl);
    // Recipes asks for a file to work from first.
    await importText(
      page,
      join(files, 'new-hires.csv'),
      'Email,First name\nana.lima@acme.test,Ana\n',
      1,
    );
    await page.getByTestId('nav-recipes').click();
    await page.getByTestId('recipe-import-input').setInputFiles(file);
    const message = page.getByRole('alert').locator('.error-message');
    await expect(message).toContainText('bad-recipe.json: The recipe has no name ("name").');
    // Where it is wrong is the file and its fields, named in the message: not this call's input "text".
    await expect(page.getByRole('alert')).not.toContainText('field “text”');
    await expect(message).toContainText('bad-recipe.json: The recipe has no steps: add at least one.');
    // Two lines on screen: the second problem starts below the first. Polled: a re-render between the
    // locator and the measure once gave no boxes at all (0 lines), not one line.
    await expect
      .poll(() =>
        message.evaluate((el) => {
          const r = document.createRange();
          r.selectNodeContents(el);
          return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
        }),
      )
      .toBeGreaterThanOrEqual(2);
    // The per-step check made a moment later (any change to the recipe asks for one) leaves the message:
    // it cleared it, often before the admin had read it.
    const checked = page.waitForResponse((r) => r.url().endsWith('/api/recipes.preflight'));
    await page.getByLabel('Description').fill('Edited after a failed import.');
    await (await checked).finished();
    await page.waitForTimeout(300); // the answer applied to the screen
    await expect(message).toContainText('bad-recipe.json: The recipe has no steps: add at least one.');
    await look(page, 'recipes-import-problems');
  });
});
