// What the admin edits is not lost by leaving the page at once, in real Chromium over `npm run serve`'s
// loopback transport. Map saves the working mapping 300 ms after the last edit ("Saving…" meanwhile): an
// edit made just before a reload, or just before the tab is closed, must still be in SQLite when the page
// opens again — the page sends the waiting save as it goes (a keepalive request that outlives it). Run's
// options are saved the same way, 300 ms after the last keystroke, and a recipe edited and not saved yet is
// kept with the desk as it is edited. Preview's edited test body is said not kept.
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

  // The test-send body edit is for one test of one row, built from the mapping as it was: it is not
  // stored (kept days later, it would send what the mapping no longer builds), and the screen says so. It
  // is kept while the admin goes to another screen and back, as long as the mapping builds the same body.
  test("Preview's edited test body: kept across screens, said not kept after a reload", async ({ page }) => {
    await page.goto(serve.openUrl);
    await importText(page, join(t.files, 'body.csv'), CSV, 2);
    await mappedAndSaved(page);
    await page.getByTestId('nav-preview').click();
    const editor = page.getByTestId('test-send-form');
    const value = await formValue(page, 'department');
    await expect(value).toHaveValue('Sales');
    await expect(page.getByTestId('test-send-body-kept')).toContainText(
      'not saved: reloading the page or restarting Bulk Desk puts back the body the mapping builds',
    );
    await value.fill('Sales EMEA');
    await expect(editor.locator('..')).toContainText('edited');

    await page.getByTestId('nav-map').click();
    await page.getByTestId('nav-preview').click();
    await expect(await formValue(page, 'department')).toHaveValue('Sales EMEA');
    await expect(page.getByTestId('test-send-body-replaced')).toHaveCount(0);

    // The mapping now builds another body for the row: the edit is put back, and said.
    await page.getByTestId('nav-map').click();
    await page.getByTestId('field-source-department').selectOption('last_name');
    await page.getByTestId('nav-preview').click();
    await expect(await formValue(page, 'department')).toHaveValue('Lima');
    await expect(page.getByTestId('test-send-body-replaced')).toContainText(
      "Your edits to row 2's body were put back: the mapping now builds another body for it.",
    );
    await (await formValue(page, 'department')).fill('Lima EMEA');
    await expect(page.getByTestId('test-send-body-replaced')).toHaveCount(0);

    await page.reload();
    await page.getByTestId('nav-preview').click();
    await expect(await formValue(page, 'department')).toHaveValue('Lima');
  });

  // A recipe being edited is not saved until Save: a reload, a restart or the window closed put back the
  // recipe as it was, every change gone without a word. The draft is kept with the desk until it is saved.
  test('a recipe edited and not saved yet is there, still unsaved, after a reload', async ({ page }) => {
    await page.goto(serve.openUrl);
    await importText(page, join(t.files, 'recipe.csv'), CSV, 2);
    await page.getByTestId('nav-recipes').click();
    await expect(page.getByTestId('recipe-select')).toHaveValue('coursepath.onboard');
    await page.getByTestId('recipe-name').fill('Acme onboarding, half done');
    await page.reload();
    await page.getByTestId('nav-recipes').click();
    await expect(page.getByTestId('recipe-name')).toHaveValue('Acme onboarding, half done');
    await expect(page.getByTestId('recipe-save')).toHaveText('Save recipe');
    await expect(page.getByTestId('recipe-draft-kept')).toContainText('Not saved yet');
  });
});

/** The test-send form editor's value input for the pair named `name`. */
async function formValue(page: Page, name: string) {
  const editor = page.getByTestId('test-send-form');
  await expect(editor.getByTestId('form-name-0')).toBeVisible();
  const names = await editor
    .locator('[data-testid^="form-name-"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const i = names.indexOf(name);
  expect(i, `a pair named ${name} in ${names.join(', ')}`).toBeGreaterThanOrEqual(0);
  return editor.getByTestId(`form-value-${i}`);
}
