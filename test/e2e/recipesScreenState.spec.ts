// The Recipes screen as an admin meets it after a run and while editing, in real Chromium over
// `npm run serve`'s loopback transport: the per-step counts and the run button say what a second press
// would send now (not what the first did), and edits not saved yet are not dropped by choosing another
// recipe without asking. The sandbox ledger is the witness.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { ledger } from './helpers/desk';
import { importText, syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const HIRES =
  'Email,First name,Last name,Courses,Groups\n' +
  'ana.lima@acme.test,Ana,Lima,Fire Safety Awareness,Sales\n' +
  'ben.okafor@acme.test,Ben,Okafor,Fire Safety Awareness; Code of Conduct 2026,Support; New hires\n';

test('after a recipe job ends, its counts and run button say what a second run would send', async ({
  page,
}) => {
  await withDesk(page, async ({ serve, files }) => {
    await syncSandbox(page);
    await importText(page, join(files, 'new-hires.csv'), HIRES, 2);
    await page.getByTestId('nav-recipes').click();
    const run = page.getByTestId('recipe-run');
    const button = run.getByTestId('recipe-run-button');
    await expect(button).toHaveText('Run the recipe (up to 10 writes + 6 reads)', { timeout: 30_000 });
    // Step, items, to send, decided when sent, reads before, repeats, already sent, invalid, blocked, not
    // applicable.
    const createRow = run.getByTestId('recipe-preflight').locator('tbody tr').first().locator('td');
    await expect(createRow).toHaveText(['1. Create member', '2', '2', '0', '0', '0', '0', '0', '0', '0']);
    await button.click();
    await expect(run.getByTestId('recipe-job')).toHaveAttribute('data-state', 'completed', {
      timeout: 60_000,
    });
    const sent = (await ledger(serve)).filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(sent).toHaveLength(2);
    // Both members are in the academy now: a second run would not create them again, and the screen says so
    // without leaving it and coming back.
    await expect(createRow).toHaveText(['1. Create member', '2', '0', '0', '0', '0', '2', '0', '0', '0']);
    await expect(button).not.toHaveText('Run the recipe (up to 10 writes + 6 reads)');
  });
});

test('choosing another recipe or starting a new one asks before dropping edits not saved', async ({
  page,
}) => {
  await withDesk(page, async ({ files }) => {
    await importText(page, join(files, 'new-hires.csv'), HIRES, 2);
    await page.getByTestId('nav-recipes').click();
    await expect(page.getByTestId('recipe-select')).toHaveValue('coursepath.onboard');
    await page.getByTestId('recipe-name').fill('Acme onboarding, edited');

    // Another recipe: asked, naming the recipe whose edits would go; going back keeps them.
    await page.getByTestId('recipe-select').selectOption('coursepath.offboard');
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Acme onboarding, edited');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('recipe-select')).toHaveValue('coursepath.onboard');
    await expect(page.getByTestId('recipe-name')).toHaveValue('Acme onboarding, edited');

    // A new recipe: asked as well; confirmed, the new one replaces the edits.
    await page.getByRole('button', { name: 'New Coassemble recipe' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('confirm-dialog-cancel').click();
    await expect(page.getByTestId('recipe-name')).toHaveValue('Acme onboarding, edited');
    await page.getByTestId('recipe-select').selectOption('coursepath.offboard');
    await dialog.getByTestId('confirm-dialog-ok').click();
    await expect(page.getByTestId('recipe-select')).toHaveValue('coursepath.offboard');
    await expect(page.getByTestId('recipe-name')).toHaveValue('Offboard learners');

    // Nothing edited: no question.
    await page.getByTestId('recipe-select').selectOption('coursepath.onboard');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('recipe-name')).toHaveValue('Onboard learners');
  });
});

test('History counts a recipe job in items, as its header does, not in rows of its file', async ({ page }) => {
  await withDesk(page, async ({ files }) => {
    await syncSandbox(page);
    await importText(page, join(files, 'new-hires.csv'), HIRES, 2);
    await page.getByTestId('nav-recipes').click();
    const run = page.getByTestId('recipe-run');
    await expect(run.getByTestId('recipe-run-button')).toHaveText('Run the recipe (up to 10 writes + 6 reads)', {
      timeout: 30_000,
    });
    await run.getByTestId('recipe-run-button').click();
    await expect(run.getByTestId('recipe-job')).toHaveAttribute('data-state', 'completed', {
      timeout: 60_000,
    });
    await run.getByTestId('recipe-open-history').click();
    // Two rows of the file, ten items (a step of a row each): the list says items, as the job's header.
    await expect(page.getByTestId('job-detail')).toContainText('10 items · 10 succeeded');
    // Started, action, connection, file, state, succeeded, failed, then the count.
    const total = page.locator('tr[data-testid^="history-job-"]').first().locator('td').nth(7);
    await expect(total).toHaveText('10 items');
    await expect(page.getByTestId('history-filter').locator('option:checked')).toHaveText('all items (10)');
    await expect(page.getByTestId('history-count')).toHaveText('10 items');
  });
});

test('History offers to rerun a recipe job’s failed items, and lists its items, not rows', async ({ page }) => {
  await withDesk(page, async ({ files }) => {
    await syncSandbox(page);
    // Dev's course is not in the academy: his enrolment fails, and the steps after it are blocked.
    await importText(
      page,
      join(files, 'new-hires.csv'),
      HIRES + 'dev.patel@acme.test,Dev,Patel,Underwater Basket Weaving,Support\n',
      3,
    );
    await page.getByTestId('nav-recipes').click();
    const run = page.getByTestId('recipe-run');
    await expect(run.getByTestId('recipe-run-button')).toBeEnabled({ timeout: 30_000 });
    await run.getByTestId('recipe-run-button').click();
    await expect(run.getByTestId('recipe-job')).toHaveAttribute('data-state', 'completed', {
      timeout: 60_000,
    });
    await expect(run.getByTestId('recipe-job')).toContainText('1 failed');
    await run.getByTestId('recipe-open-history').click();
    const detail = page.getByTestId('job-detail');
    await expect(detail).toContainText('1 failed');
    // One item failed (Dev's enrolment), not one row of the file: the button says what it sends again.
    await expect(page.getByTestId('retry-failed-button')).toHaveText('Rerun 1 failed item');
    // The list under the timeline counts items, as its filter and count do.
    await expect(detail.getByRole('grid')).toHaveAttribute('aria-label', /^Items of new-hires\.csv /);
    await page.getByTestId('history-search').fill('nobody-matches-this');
    await expect(page.getByTestId('history-no-rows')).toHaveText('No item matches “nobody-matches-this”.');
  });
});
