// Run, Coassemble (100 requests per rolling minute): "60" typed in Requests per second stayed in the field
// with nothing beside it, while the job keeps to the limit (the estimate line said so, further down): the
// admin could believe 60 a second would be sent. The field now says beside it that the limit is used.
import { expect, test, type Page } from '@playwright/test';
import { look } from './helpers/desk';
import { importSample } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

/** The sample file's 60 rows mapped to Coassemble's user upsert on the sandbox, and Run open. */
async function coassembleOnRun(page: Page, openUrl: string): Promise<void> {
  await page.goto(openUrl);
  await importSample(page);
  await page.getByTestId('nav-map').click();
  await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
  await page.getByTestId('template-select').selectOption('coassemble.users.upsert');
  await page.getByTestId('field-source-identifier').selectOption('email');
  await page.getByTestId('nav-run').click();
}

test('Run: a rate above Coassemble’s documented limit is kept as typed, and the field says the limit is used', async ({
  page,
}) => {
  await withDesk(page, { open: false }, async ({ serve }) => {
    await coassembleOnRun(page, serve.openUrl);

    const input = page.getByTestId('rate-input');
    const note = page.getByTestId('rate-limit-note');
    await input.fill('60');
    await expect(page.getByTestId('run-estimate')).toContainText('limit of 100 requests per rolling minute');
    await expect(note).toHaveText(
      'Above Sandbox · Coassemble’s limit of 100 requests per rolling minute: this job sends at most 1.7/s, not 60/s.',
    );
    // Said to a screen reader with the field, and the field keeps what was typed (no number rewritten
    // under the cursor); the job is sent the limit's pace either way (throttleSettings).
    await expect(input).toHaveAccessibleDescription(/sends at most 1\.7\/s, not 60\/s/);
    await expect(input).toHaveValue('60');
    await look(page, 'run-rate-above-limit');

    // Within the limit, the rate typed is the rate sent: nothing to say.
    await input.fill('1');
    await expect(note).toHaveCount(0);
    await expect(page.getByTestId('run-estimate')).toContainText('set by the rate you set');
    // At exactly the limit's pace, neither.
    await input.fill('1,5');
    await expect(note).toHaveCount(0);
  });
});

// The running job's "Change rate to" said nothing of the same limit: 60 applied to a Coassemble job still
// sends at most 1.7/s (the runner keeps to the window), and the field now says so as the Run form's does.
test('Run: the running job’s “Change rate to” says the limit is used for a rate above it, as the Run form does', async ({
  page,
}) => {
  await withDesk(page, { open: false }, async ({ serve }) => {
    await coassembleOnRun(page, serve.openUrl);
    // 60 rows at Coassemble's 1.7/s: the job runs for half a minute, long enough to type into its field.
    await page.getByTestId('start-job-button').click();
    await page.getByTestId('confirm-dialog-ok').click(); // the sandbox's phrase is filled in
    await expect(page.getByTestId('job-state')).toHaveText(/running/i);

    const input = page.getByTestId('job-rate-input');
    const note = page.getByTestId('job-rate-limit-note');
    await input.fill('60');
    await expect(note).toHaveText(
      'Above Sandbox · Coassemble’s limit of 100 requests per rolling minute: this job sends at most 1.7/s, not 60/s.',
    );
    await expect(input).toHaveAccessibleDescription(/sends at most 1\.7\/s, not 60\/s/);
    await expect(input).toHaveValue('60');
    await look(page, 'job-rate-above-limit');

    // Within the limit: nothing to say; not a rate at all: the error, not the note.
    await input.fill('1');
    await expect(note).toHaveCount(0);
    await input.fill('fast');
    await page.getByTestId('job-rate-apply').click();
    await expect(page.getByTestId('job-rate-error')).toBeVisible();
    await expect(note).toHaveCount(0);

    await page.getByTestId('cancel-button').click();
    await page.getByTestId('confirm-dialog-ok').click();
    await expect(page.getByTestId('job-state')).toHaveText(/cancel/i, { timeout: 30_000 });
  });
});
