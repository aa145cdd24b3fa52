// Choices made on the screens are kept with the desk (SQLite, desk.save's `screenChoices`), so a reload or a
// restart does not put the defaults back without a word: Import's separator and encoding for the next
// import, History's job open with its filter and search, what Recipes runs with (steps switched off, the
// row shown, pinned concurrency) and a manual header row on Map that has a value but no name yet. Each is
// made just before the reload, without waiting: the waiting save goes as the page goes. In real Chromium
// over `npm run serve`'s loopback transport.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { tempDirs } from './helpers/desk';
import { importText, mapCreateMember, mapTemplate, startNewJob } from './helpers/journey';
import { startServe, type ServeInfo } from './helpers/serveProcess';

const CSV =
  'email,first_name,last_name,department\r\nana@example.com,Ana,Lima,Sales\r\nbo@example.com,Bo,Berg,Legal\r\n';
const HIRES =
  'Email,First name,Last name,Courses,Groups\n' +
  'ana.lima@acme.test,Ana,Lima,Fire Safety Awareness,Sales\n' +
  'ben.okafor@acme.test,Ben,Okafor,Fire Safety Awareness; Code of Conduct 2026,Support; New hires\n';
const COURSES = 'Course ID,Title\r\n12,Fire Safety\r\n';

test.describe('screen choices kept with the desk', () => {
  let serve: ServeInfo | null;
  let t: ReturnType<typeof tempDirs>;
  test.beforeEach(async () => {
    t = tempDirs();
    serve = await startServe(t.dataDir);
  });
  test.afterEach(async () => {
    await serve?.stop();
    serve = null;
    t.cleanup();
  });

  test("History's job, filter and search, and Import's separator and encoding, after a reload", async ({
    page,
  }) => {
    await page.goto(serve!.openUrl);
    await importText(page, join(t.files, 'people.csv'), CSV, 2);
    await mapCreateMember(page);
    await page.getByTestId('nav-run').click();
    await startNewJob(page);
    await expect(page.getByTestId('job-state')).toHaveText(/completed/i, { timeout: 60_000 });

    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    await page.getByTestId('history-filter').selectOption('succeeded');
    await page.getByTestId('history-search').fill('bo@');
    await expect(page.getByTestId('history-count')).toHaveText('1 row matches');

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-delimiter').selectOption(';');
    await page.getByTestId('import-encoding').selectOption('windows-1252');

    await page.reload();
    await page.getByTestId('nav-import').click();
    await expect(page.getByTestId('import-delimiter')).toHaveValue(';');
    await expect(page.getByTestId('import-encoding')).toHaveValue('windows-1252');
    await page.getByTestId('nav-history').click();
    await expect(page.getByTestId('job-detail')).toBeVisible();
    await expect(page.getByTestId('history-filter')).toHaveValue('succeeded');
    await expect(page.getByTestId('history-search')).toHaveValue('bo@');
    await expect(page.getByTestId('history-count')).toHaveText('1 row matches');

    // A search typed just before the reload (the save waits for the typing to pause) is kept as well.
    await page.getByTestId('history-search').fill('ana');
    await page.reload();
    await page.getByTestId('nav-history').click();
    await expect(page.getByTestId('history-search')).toHaveValue('ana');
    await expect(page.getByTestId('history-count')).toHaveText('1 row matches');
  });

  test("Recipes' steps switched off, row shown and pinned concurrency, after a reload", async ({ page }) => {
    await page.goto(serve!.openUrl);
    await importText(page, join(t.files, 'new-hires.csv'), HIRES, 2);
    await page.getByTestId('nav-recipes').click();
    await expect(page.getByTestId('recipe-select')).toHaveValue('coursepath.onboard');
    await page.getByTestId('recipe-step-invite').getByTestId('step-off').check();
    await page.getByTestId('recipe-preview-row').fill('3');
    await page.getByTestId('recipe-concurrency').fill('4');

    await page.reload();
    await page.getByTestId('nav-recipes').click();
    await expect(page.getByTestId('recipe-select')).toHaveValue('coursepath.onboard');
    await expect(page.getByTestId('recipe-step-invite').getByTestId('step-off')).toBeChecked();
    await expect(page.getByTestId('recipe-preview-row')).toHaveValue('3');
    await expect(page.getByTestId('recipe-concurrency')).toHaveValue('4');
    await expect(page.getByTestId('recipe-connection')).toHaveValue('sandbox-coursepath');
  });

  test('a manual header row with a value and no name yet is there after a reload', async ({ page }) => {
    await page.goto(serve!.openUrl);
    await importText(page, join(t.files, 'courses.csv'), COURSES, 1);
    await mapTemplate(page, 'sandbox-coassemble', 'coassemble.manual');
    const headers = page.getByTestId('manual-headers');
    await headers.getByRole('button', { name: '+ header' }).click();
    await headers.getByLabel('Value 1', { exact: true }).fill('hr-export');

    await page.reload();
    await page.getByTestId('nav-map').click();
    await expect(page.getByTestId('manual-config')).toBeVisible();
    await expect(headers.getByLabel('Header 1', { exact: true })).toHaveValue('');
    await expect(headers.getByLabel('Value 1', { exact: true })).toHaveValue('hr-export');
    // Named now, it is in the configuration like any other header.
    await headers.getByLabel('Header 1', { exact: true }).fill('X-Source');
    await expect(page.getByTestId('request-panel')).toContainText('X-Source');
  });
});
