// The UI layer's own guards, in real Chromium over `npm run serve`'s loopback transport: a button pressed
// twice sends once, and what the admin types or sees when the service is gone says what it is. The
// sandbox's ledger is the witness of what was sent.
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emailOf, ledger, look, sampleLines } from './helpers/desk';
import { api, importSample, sampleOnMap } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';
import { sharedServe } from './helpers/sharedServe';

// One serve for the tests that only type into Run's form or save a recipe: none looks at what another
// left (a dataset, Run's options, a recipe) or at the sandbox's ledger, so they pass in any order on one
// folder. The others start their own: they kill or restart the service, read the ledger, leave a job
// running that would grey Send for the next, or need the first screen of a new folder (the upload).
const shared = sharedServe();

test('a double click on Send row sends the row once, also for a row whose request was not loaded yet', async ({
  page,
}) => {
  await withDesk(page, async ({ serve }) => {
    await sampleOnMap(page);
    await page.getByTestId('nav-preview').click();
    await expect(page.getByTestId('test-send-button')).toHaveText('Send row 2');
    // Row 45 is past the preview's first page: its request is read from main when Send is pressed.
    await page.getByTestId('test-send-row').fill('45');
    await page.getByTestId('test-send-button').dblclick();
    await expect(page.getByTestId('test-send-result')).toContainText('row 45');
    await page.waitForTimeout(1500); // a second request, had it gone, has been answered by now
    const posts = (await ledger(serve)).filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(posts.map((e) => e.body?.email)).toEqual([sampleLines()[44]!.split(',')[0]]);
  });
});

test('Preview: Enter in the test-send Row box shows that row and sends nothing — only Send row sends (a walk-through sent row 14 for real on Enter)', async ({
  page,
}) => {
  await withDesk(page, async ({ serve }) => {
    await sampleOnMap(page);
    await page.getByTestId('nav-preview').click();
    await expect(page.getByTestId('test-send-button')).toHaveText('Send row 2');
    const before = (await ledger(serve)).length;
    // An admin types the row to look at, and presses Enter as in Map's Row box.
    await page.getByTestId('test-send-row').fill('14');
    await page.getByTestId('test-send-row').press('Enter');
    await expect(page.getByTestId('test-send-request')).toContainText('Row 14');
    await expect(page.getByTestId('form-value-0')).toHaveValue(emailOf(sampleLines()[13]!));
    await look(page, 'preview-enter-shows-row');
    await page.waitForTimeout(1500); // a request, had one gone, has been answered by now
    expect((await ledger(serve)).slice(before)).toEqual([]);
    await expect(page.getByTestId('test-send-result')).toHaveCount(0);
    // Send row is what sends.
    await page.getByTestId('test-send-button').click();
    await expect(page.getByTestId('test-send-result')).toContainText('row 14');
    const sent = (await ledger(serve)).slice(before);
    expect(sent.map((e) => e.body?.email)).toEqual([emailOf(sampleLines()[13]!)]);
  });
});

test('Requests per second reads "0,5" as half a request a second, and refuses what is not a rate rather than sending at no limit', async ({
  page,
}) => {
  const serve = await shared.get();
  await page.goto(serve.openUrl);
  const rows = sampleLines().length - 1;
  await sampleOnMap(page);
  await page.getByTestId('nav-run').click();
  const estimate = page.getByTestId('run-estimate');
  const start = page.getByTestId('start-job-button');
  await expect(start).toHaveText(`Send ${rows} rows`);
  await page.getByTestId('rate-input').fill('0,5');
  await expect(estimate).toContainText(`${rows} rows at 30.0/min, set by the rate you set`);
  await page.getByTestId('rate-input').fill('abc');
  await expect(page.getByTestId('rate-error')).toHaveText(
    'Requests per second: “abc” is not a number. Type one such as 2 or 0.5, or leave it empty for the default.',
  );
  await expect(start).toBeDisabled();
  await page.getByTestId('rate-input').fill('');
  await expect(page.getByTestId('rate-error')).toHaveCount(0);
  await expect(start).toBeEnabled();
});

test('Run: a number field keeps what is typed — cleared, it does not become 1 under the cursor (5 → 3 read 13)', async ({
  page,
}) => {
  const serve = await shared.get();
  await page.goto(serve.openUrl);
  await sampleOnMap(page);
  await page.getByTestId('nav-run').click();
  const attempts = page.getByTestId('attempts-input');
  await expect(attempts).toHaveValue('5');
  await attempts.click();
  await attempts.press('End');
  await attempts.press('Backspace');
  await expect(attempts).toHaveValue(''); // not "1"
  await attempts.pressSequentially('3');
  await expect(attempts).toHaveValue('3');
  // Left empty, the field shows the value the run keeps.
  await attempts.press('Backspace');
  await page.getByTestId('concurrency-input').click();
  await expect(attempts).toHaveValue('3');
  // The same for the breaker's count.
  const failures = page.getByTestId('breaker-failures');
  await failures.click();
  await failures.press('End');
  await failures.press('Backspace');
  await failures.press('Backspace');
  await failures.pressSequentially('7');
  await expect(failures).toHaveValue('7');
});

test('Run: Send pressed as the service stops does not say the job was not created — it may have been', async ({
  page,
}) => {
  await withDesk(page, async (desk) => {
    await sampleOnMap(page);
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('start-job-button')).toBeEnabled();
    await desk.stop('SIGKILL');
    await page.getByTestId('start-job-button').click();
    const error = page.getByTestId('run-error');
    await expect(error).toContainText('The job may or may not have been created');
    await expect(error).toContainText('Look in History once it is back');
    await expect(error).not.toContainText('The job was not created.');
  });
});

test('Map says "Saved" only once SQLite holds the last edit: an edit waiting for its save says "Saving…"', async ({
  page,
}) => {
  await withDesk(page, async ({ serve }) => {
    await sampleOnMap(page);
    await expect(page.getByTestId('working-saved')).toBeVisible();
    // An edit: until its save (300 ms after the last keystroke) is answered, it is not said saved.
    await page.getByTestId('field-source-lastname').selectOption('department');
    await expect(page.getByTestId('working-saved')).toHaveCount(0);
    await expect(page.getByTestId('working-saving')).toHaveText('Saving…');
    await expect(page.getByTestId('working-saved')).toBeVisible();
    // Said saved: SQLite holds it now, not in a moment (what a restart or the CLI reads).
    const datasetId = (await api<{ id: string }[]>(serve, 'datasets.list', {}))[0]!.id;
    const w = await api<{ templateId: string; mapping: { fields: Record<string, unknown> } }>(
      serve,
      'mappings.working',
      { datasetId },
    );
    expect(w.templateId).toBe('coursepath.members.create');
    expect(w.mapping.fields.lastname).toMatchObject({ kind: 'column', column: 'department' });
    expect(w.mapping.fields.email).toMatchObject({ kind: 'column', column: 'email' });
  });
});

test('Run keeps the options the admin set through a restart: rate, attempts, canary — not the defaults back without a word', async ({
  page,
}) => {
  await withDesk(page, async (desk) => {
    await sampleOnMap(page);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('rate-input').fill('0,5');
    await page.getByTestId('attempts-input').fill('3');
    await page.getByTestId('attempts-input').blur();
    await page.getByTestId('canary-input').fill('12');
    // Kept in SQLite (a moment after the last keystroke).
    await expect
      .poll(
        async () =>
          (await api<{ runOptions: { maxAttempts: number; canary: string } | null }>(desk.serve, 'desk.get', {}))
            .runOptions,
      )
      .toMatchObject({ ratePerSecond: '0,5', maxAttempts: 3, canary: '12' });

    await desk.restart();
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('rate-input')).toHaveValue('0,5');
    await expect(page.getByTestId('attempts-input')).toHaveValue('3');
    await expect(page.getByTestId('canary-input')).toHaveValue('12');
  });
});

test('a page left open across a restart of the service says its link is stale, also after a reload, and the new link opens where the admin was', async ({
  page,
}) => {
  await withDesk(page, async (desk) => {
    await sampleOnMap(page);
    await expect(page.getByTestId('working-saved')).toBeVisible(); // the mapping is in SQLite
    await expect(page.getByTestId('service-problem')).toHaveCount(0);

    // Restarted on the same port (`--port`): the same origin, a new token for this launch.
    const port = new URL(desk.serve.url).port;
    await desk.restart({ args: ['--port', port], open: false });
    const problem = page.getByTestId('service-problem');
    // The page finds out at its next call or at the event stream's next try.
    await page.getByTestId('nav-preview').click();
    await expect(problem).toContainText('This page was opened from an earlier start of Bulk Desk', {
      timeout: 20_000,
    });
    await expect(problem).toContainText('your files, mappings and jobs are kept');

    // A reload reads nothing: said so, not an empty desk with "No spreadsheet yet" alone.
    await page.reload();
    await expect(problem).toContainText('This page was opened from an earlier start of Bulk Desk');

    // The new link pasted into this tab (only the fragment differs, so no page load of its own).
    await page.goto(desk.serve.openUrl);
    await expect(page.getByTestId('nav-import')).toContainText('sample-users.csv', { timeout: 20_000 });
    await expect(problem).toHaveCount(0);
    await expect(page.getByTestId('nav-map')).toContainText('Coursepath: create member');
  });
});

test('Map: Auto-match again and a saved mapping ask before replacing fields the admin set, naming them; deleting a saved mapping asks', async ({
  page,
}) => {
  await withDesk(page, async () => {
    await sampleOnMap(page);
    // The one open (the request panel beside keeps a dialog of its own, closed).
    const dialog = page.getByTestId('confirm-dialog').filter({ visible: true });
    // Nothing set by hand yet: auto-match again changes nothing the admin chose, and does not ask.
    await page.getByTestId('auto-match-button').click();
    await expect(dialog).toBeHidden();

    const departmentValue = page.getByLabel('Department value for every row');
    await page.getByTestId('field-source-department').selectOption(':constant');
    await departmentValue.fill('Sales');
    await page.getByTestId('auto-match-button').click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('department ← "Sales" for every row');
    // Escape is "no": the field keeps what the admin set.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(departmentValue).toHaveValue('Sales');

    // Saved as "HR", then auto-matched (confirmed); applying "HR" again replaces nothing set by hand.
    await page.getByTestId('preset-name').fill('HR');
    await page.getByTestId('preset-save').click();
    await expect(page.getByTestId('preset-select')).toContainText('HR');
    await page.getByTestId('auto-match-button').click();
    await dialog.getByTestId('confirm-dialog-ok').click();
    await expect(page.getByTestId('field-source-department')).toHaveValue('department');
    await page.getByTestId('preset-select').selectOption('HR');
    await expect(dialog).toBeHidden();
    await expect(departmentValue).toHaveValue('Sales');

    // Saving another mapping under the same name asks before replacing it; "Keep it" keeps it.
    await page.getByTestId('field-source-department').selectOption('department');
    await page.getByTestId('preset-name').fill('HR');
    await page.getByTestId('preset-save').click();
    await expect(dialog).toContainText('A saved mapping “HR” exists');
    await dialog.getByTestId('confirm-dialog-cancel').click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('preset-select').selectOption('HR');
    await dialog.getByTestId('confirm-dialog-ok').click();
    await expect(departmentValue).toHaveValue('Sales');

    // Deleting the saved mapping asks, naming it; "Go back" keeps it.
    await page.getByText('Manage').click();
    await page.getByTestId('preset-delete-HR').click();
    await expect(dialog).toContainText('“HR”');
    await dialog.getByTestId('confirm-dialog-cancel').click();
    await expect(page.getByTestId('preset-select')).toContainText('HR');
  });
});

test('Connections: the built-in sandbox connections cannot be edited, so Edit is greyed saying why — it opened a form whose Save could only refuse (a walk-through)', async ({
  page,
}) => {
  const serve = await shared.get();
  await page.goto(serve.openUrl);
  await page.getByTestId('nav-connections').click();
  for (const id of ['sandbox-coursepath', 'sandbox-coassemble']) {
    const edit = page.getByTestId(`connection-edit-${id}`);
    await expect(edit).toBeDisabled();
    await expect(edit).toHaveAttribute('title', /built in.*address and key are set each time Bulk Desk starts/);
  }
  await look(page, 'connections-sandbox-edit-greyed');
});

test('Recipes: Delete asks, naming the recipe, and Go back keeps it', async ({ page }) => {
  const serve = await shared.get();
  await page.goto(serve.openUrl);
  await importSample(page);
  await page.getByTestId('nav-recipes').click();
  await page.getByTestId('recipe-name').fill('Acme onboarding');
  await page.getByTestId('recipe-id').fill('acme.onboard');
  await page.getByTestId('recipe-save').click();
  await expect(page.getByTestId('recipe-notice')).toHaveText('Saved "Acme onboarding" (acme.onboard).');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('“Acme onboarding”');
  await dialog.getByTestId('confirm-dialog-cancel').click();
  await expect(page.getByTestId('recipe-select')).toHaveValue('acme.onboard');
  await expect(page.getByTestId('recipe-select').locator('option[value="acme.onboard"]')).toHaveCount(1);
});

test('Run: while a job is running or paused, the greyed Send says why', async ({ page }) => {
  await withDesk(page, async () => {
    await sampleOnMap(page);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('rate-input').fill('1');
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('running');
    await page.getByTestId('pause-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('paused');
    const start = page.getByTestId('start-job-button');
    await expect(start).toBeDisabled();
    await expect(page.getByTestId('start-blocked')).toHaveText(
      'The job above is paused: resume it, or cancel it, before starting another run.',
    );
    await expect(start).toHaveAttribute('aria-describedby', 'start-blocked');
  });
});

test('leaving the page while a file uploads asks first (the upload would be lost)', async ({ page }) => {
  await withDesk(page, { open: false }, async ({ serve, files }) => {
    const file = join(files, 'new-hires.csv');
    writeFileSync(file, 'email,name\nana@example.com,Ana Lima\n');
    // The upload held until the check is over, as a big file's upload lasts.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/upload', async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    });
    await page.goto(serve.openUrl);
    await expect(page.getByTestId('nav-import')).toBeVisible();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a file…' }).click(); // a click: the page may ask on leaving
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('import-progress')).toBeVisible();
    let asked: string | null = null;
    page.once('dialog', (d) => {
      asked = d.type();
      void d.dismiss();
    });
    await page.reload({ timeout: 3_000 }).catch(() => undefined);
    expect(asked).toBe('beforeunload');
    // Once the file is in, leaving asks nothing: the import goes on in the service.
    release();
    await expect(page.getByTestId('dataset-summary')).toContainText('1 row,');
    await page.reload();
    await expect(page.getByTestId('nav-import')).toContainText('new-hires.csv');
  });
});
