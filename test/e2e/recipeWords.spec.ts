// A recipe job's words on History and Recipes, in real Chromium over `npm run serve`'s loopback transport:
// a recipe job counts items (a step of a row), not rows of its file — in its in-doubt panel and its
// exports too; and before a run, a step that needs an earlier step's answer says which of its items are
// known to be sent and which are decided as they go. The sandbox is the LMS.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { look } from './helpers/desk';
import { importText, syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const HIRES =
  'Email,First name,Last name,Courses,Groups\n' +
  'ana.lima@acme.test,Ana,Lima,Fire Safety Awareness,Sales\n' +
  'ben.okafor@acme.test,Ben,Okafor,Fire Safety Awareness; Code of Conduct 2026,Support; New hires\n';

test('a recipe job’s items in doubt are said as items, in the panel and its exports', async ({ page }) => {
  await withDesk(page, async (desk) => {
    await syncSandbox(page);
    await importText(page, join(desk.files, 'new-hires.csv'), HIRES, 2);
    // Every answer lost from now on: the sandbox creates the member, then drops the connection.
    await desk.restart({ args: ['--sandbox-options', JSON.stringify({ faults: 'lost:1', seed: 23 })] });
    await page.getByTestId('nav-recipes').click();
    const run = page.getByTestId('recipe-run');
    await expect(run.getByTestId('recipe-run-button')).toBeEnabled({ timeout: 30_000 });
    await run.getByTestId('recipe-run-button').click();
    await expect(run.getByTestId('recipe-job')).not.toHaveAttribute('data-state', 'running', { timeout: 90_000 });
    await run.getByTestId('recipe-open-history').click();
    const panel = page.getByTestId('in-doubt-panel');
    await expect(panel).toBeVisible();
    await look(page, 'history-recipe-in-doubt');
    await expect(panel).toHaveAttribute('aria-label', 'Items in doubt');
    // Ana's and Ben's first steps (create member): two items of the ten, whose later steps wait on them.
    await expect(panel).toContainText(/^2 items were being sent when the connection broke/);
    await expect(panel).not.toContainText('row');
    // Not completed: the later steps of both rows (8 items) wait on those two, so the job is paused for the
    // admin's decision, saying so (it said "completed"). The list's count column counts items, as its cell.
    await expect(page.getByTestId('history-job-state')).toHaveText('paused');
    await expect(page.getByTestId('stop-reason')).toHaveAttribute('data-kind', 'inDoubt');
    await expect(page.getByTestId('stop-reason-message')).toContainText(
      /^2 items are in doubt \(step 1 "Create member"\), and 8 later items wait on them \(steps 2 "Enrol in courses", 3 "Add to groups" and 4 "Send the invitation"\)/,
    );
    await expect(page.getByRole('table', { name: 'Jobs' }).locator('thead th').nth(7)).toHaveText('Items');
    // The failed-rows file holds rows (each row with a failed step, once): its button says so.
    await expect(page.getByTestId('export-failed-csv')).toHaveAttribute('title', /^Each row with a failed step, once,/);
  });
});

test('before a run, a step that needs an earlier step’s answer says its items are decided when sent', async ({
  page,
}) => {
  await withDesk(page, async ({ files }) => {
    await syncSandbox(page);
    await importText(page, join(files, 'new-hires.csv'), HIRES, 2);
    await page.getByTestId('nav-recipes').click();
    const run = page.getByTestId('recipe-run');
    const button = run.getByTestId('recipe-run-button');
    // Two members to create, known now; their 3 enrolments, 3 group adds and 2 invitations need the member
    // id the first step answers, so whether each repeats or was already sent is known only as it is sent.
    await expect(button).toHaveText('Run the recipe (up to 10 writes + 6 reads)', { timeout: 30_000 });
    const rows = run.getByTestId('recipe-preflight').locator('tbody tr');
    // Step, items, to send, decided when sent, reads before, repeats, already sent, invalid, blocked, n/a.
    await expect(rows.nth(0).locator('td')).toHaveText(['1. Create member', '2', '2', '0', '0', '0', '0', '0', '0', '0']);
    await expect(rows.nth(1).locator('td')).toHaveText(['2. Enrol in courses', '3', '0', '3', '3', '0', '0', '0', '0', '0']);
    const note = run.getByTestId('recipe-decided-note');
    await expect(note).toContainText('Decided when sent: 8 items need what an earlier step answers (a member id)');
    await expect(note).toContainText('The run sends 2 writes for sure, and up to 10.');
    await run.scrollIntoViewIfNeeded();
    await look(page, 'recipes-decided-when-sent');
    await button.click();
    await expect(run.getByTestId('recipe-job')).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
    // A second run: both members are there (already sent); the later steps are still decided as they go,
    // and none is said to be sent for sure.
    await expect(rows.nth(0).locator('td')).toHaveText(['1. Create member', '2', '0', '0', '0', '0', '2', '0', '0', '0']);
    await expect(button).toHaveText('Run the recipe (up to 8 writes + 6 reads)');
    await expect(note).toContainText('The run sends up to 8 writes.');
    await look(page, 'recipes-decided-after-run');
  });
});
