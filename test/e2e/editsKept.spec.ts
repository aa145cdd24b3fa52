// What the admin edits is not lost by leaving the page at once, in real Chromium over `npm run serve`'s
// loopback transport. Map saves the working mapping 300 ms after the last edit ("Saving…" meanwhile): an
// edit made just before a reload, or just before the tab is closed, must still be in SQLite when the page
// opens again — the page sends the waiting save as it goes (a keepalive request that outlives it). Run's
// options are saved the same way, 300 ms after the last keystroke.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { tempDirs } from './helpers/desk';
import { importText, mapCreateMember } from './helpers/journey';
import { startServe, type ServeInfo } from './helpers/serveProcess';

const CSV =
  'email,first_name,last_name,department\r\nana@example.com,Ana,Lima,Sales\r\nbo@example.com,Bo,Berg,Legal\r\n';

/** Map with the file's create-member mapping saved (nothing waiting). */
async function mappedAndSaved(page: Page): Promise<void> {
  await mapCreateMember(page);
  await expect(page.getByTestId('field-source-department')).toHaveValue('department');
  await expect(page.getByTestId('working-saved')).toBeVisible();
}

test.describe('edits kept when the page goes at once', () => {
  // Each test a data folder of its own: a file mapped in one would be auto-matched from the other's choice.
  let serve: ServeInfo;
  let t: ReturnType<typeof tempDirs>;
  test.beforeEach(async () => {
    t = tempDirs();
    serve = await startServe(t.dataDir);
  });
  test.afterEach(async () => {
    await serve.stop();
    t.cleanup();
  });

  test('an edit on Map just before a reload is there after it', async ({ page }) => {
    await page.goto(serve.openUrl);
    await importText(page, join(t.files, 'reload.csv'), CSV, 2);
    await mappedAndSaved(page);
    // The edit, and the reload straight after it: no waiting for "Saved".
    await page.getByTestId('field-source-department').selectOption('last_name');
    await page.reload();
    await page.getByTestId('nav-map').click();
    await expect(page.getByTestId('field-source-department')).toHaveValue('last_name');
    await expect(page.getByTestId('working-saved')).toBeVisible();
  });

  test('an edit on Map just before the tab is closed is there when it is opened again', async ({
    page,
    context,
  }) => {
    await page.goto(serve.openUrl);
    await importText(page, join(t.files, 'close.csv'), CSV, 2);
    await mappedAndSaved(page);
    await page.getByTestId('field-source-department').selectOption('first_name');
    await page.close({ runBeforeUnload: true });
    const again = await context.newPage();
    await again.goto(serve.openUrl);
    await again.getByTestId('nav-map').click();
    await expect(again.getByTestId('field-source-department')).toHaveValue('first_name');
  });

  test("Run's rate typed just before a reload is there after it", async ({ page }) => {
    await page.goto(serve.openUrl);
    await importText(page, join(t.files, 'rate.csv'), CSV, 2);
    await mappedAndSaved(page);
    await page.getByTestId('nav-run').click();
    const rate = page.getByTestId('rate-input');
    await expect(rate).toBeVisible();
    await rate.fill('3');
    await page.reload();
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('rate-input')).toHaveValue('3');
  });
});
