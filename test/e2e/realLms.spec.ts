// Issue 14 on screen, in real Chromium over `npm run serve`: the connection form names each secret and
// where to find it, offers no retired scheme and no made-up Coursepath host; a failed connection test is
// flagged on Map and Run; DELETE user needs the admin's choice of action, with its consequence; a job on a
// real (non-sandbox) connection stops after its canary rows with the reason and a Resume button; and a
// write the LMS did not keep pauses the job with both sides shown. Each leaves a screenshot.
import { expect, test, type Page } from '@playwright/test';
import { makeCredentials } from '../../src-main/sandbox/credentials';
import { ledger, sampleLines, shot } from './helpers/desk';
import { importSample, mapCreateMember } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';
import type { ServeInfo } from './helpers/serveProcess';

/**
 * The sandbox's Coursepath credentials: serve runs it with a fixed seed, from which they are derived (the
 * same function the sandbox uses); the app's UI never shows them.
 */
const SEED = 41;
const seeded = (extra: Record<string, unknown> = {}) => ['--sandbox-options', JSON.stringify({ seed: SEED, ...extra })];
const academySecret = () => makeCredentials('', SEED).coursepath;

/** Adds a Coursepath connection to the sandbox as an admin adds a real academy (so it is not "the sandbox"). */
async function addAcademy(page: Page, serve: ServeInfo, name: string, secret: string, email: string) {
  await page.getByTestId('nav-connections').click();
  await page.getByTestId('add-connection-button').click();
  await page.getByTestId('conn-name').fill(name);
  await page.getByTestId('conn-api-coursepath').check();
  await page.getByTestId('conn-base-url').fill(new URL(serve.sandboxUrl!).origin);
  await page.getByTestId('conn-email').fill(email);
  await page.getByTestId('conn-secret').fill(secret);
  await page.getByTestId('conn-save').click();
  const row = page.locator('[data-testid^="connection-row-"]').filter({ hasText: name });
  await expect(row.locator('[data-testid^="connection-test-result-"]')).toHaveAttribute('data-ok', /true|false/);
  return row;
}

test('connection form: the secret per API with where to find it, no retired scheme, no default Coursepath host', async ({ page }) => {
  await withDesk(page, async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('add-connection-button').click();
    await page.getByTestId('conn-api-coursepath').check();
    // No shared Coursepath host: empty, with an example academy address as placeholder only.
    await expect(page.getByTestId('conn-base-url')).toHaveValue('');
    await expect(page.getByTestId('conn-base-url')).toHaveAttribute('placeholder', 'https://academy123xxx.coursepath.com');
    const form = page.getByRole('form', { name: 'New connection' });
    await expect(form).toContainText('JWT SSO secret');
    await expect(page.getByTestId('conn-secret-help')).toContainText('Setup → JWT SSO');
    await expect(page.getByTestId('conn-secret-help')).toContainText('Not your personal API key');
    await page.getByTestId('conn-name').fill('Acme academy');
    await page.getByTestId('conn-email').fill('admin@acme.example');
    await shot(page, 'connection-form-coursepath');

    await page.getByTestId('conn-api-coassemble').check();
    await expect(page.getByTestId('conn-base-url')).toHaveValue('https://api.coassemble.com');
    await expect(form).toContainText('Workspace API key');
    await expect(page.getByTestId('conn-secret-help')).toContainText('Developer → API keys');
    await expect(form).not.toContainText('User id + token');
    await expect(form.locator('input[name="scheme"]')).toHaveCount(0);
    await shot(page, 'connection-form-coassemble');
  });
});

test('a failed connection test is flagged on Map and Run; DELETE user needs an action, with its consequence in words', async ({ page }) => {
  await withDesk(page, async ({ serve }) => {
    const row = await addAcademy(page, serve, 'Acme academy', 'my-personal-api-key-1234', 'admin@example.com');
    await expect(row.locator('[data-testid^="connection-test-result-"]')).toContainText('JWT SSO secret (Setup → JWT SSO)');
    await importSample(page);
    await mapCreateMember(page, { label: 'Acme academy (Coursepath)' });
    const warn = page.getByTestId('connection-warning');
    await expect(warn).toContainText('The last test of “Acme academy” failed: 401: the academy did not accept the JWT');
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-connection-warning');
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('connection-warning')).toContainText('Acme academy');
    await page.getByTestId('connection-warning-open').click();
    await expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();

    // DELETE user on Coassemble: the action is required; choosing it shows what it does, nothing pre-picked.
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
    await page.getByTestId('template-select').selectOption('coassemble.users.delete');
    await expect(page.getByTestId('option-help-action')).toContainText('Their courses are deleted with them');
    // The action's warning says whether Undo can take it back, and why not here.
    await expect(page.locator('.template-info [role="note"]')).toContainText(
      'It cannot be undone. A deleted Coassemble user is gone, with their tracking.',
    );
    await page.getByTestId('field-source-action').selectOption(':constant');
    await expect(page.getByTestId('field-constant-action')).toHaveValue('');
    await expect(page.getByTestId('option-consequence-action')).toContainText('Nothing is sent until you choose');
    await page.getByTestId('field-constant-action').selectOption('delete');
    await expect(page.getByTestId('option-consequence-action')).toContainText(
      'Every row: Their courses are deleted with them: learners lose those courses. Cannot be undone.',
    );
    // Map's own row for the field: the request panel's trace has a row of the same data-field once built.
    await page.locator('.field-row[data-field="action"]').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-delete-user-action');
    expect((await ledger(serve)).filter((e) => e.method === 'DELETE')).toEqual([]);
  });
});

test('a job on a real connection stops after its 5 canary rows with the reason and a Resume button; resuming sends the rest', async ({ page }) => {
  await withDesk(page, { args: seeded() }, async ({ serve }) => {
    const cp = academySecret();
    await addAcademy(page, serve, 'Acme academy', cp.apiKey, cp.email);
    await importSample(page);
    await mapCreateMember(page, { label: 'Acme academy (Coursepath)' });
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('canary-input')).toHaveAttribute('placeholder', '5');
    await page.getByTestId('concurrency-input').fill('8');
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText(/paused/i, { timeout: 30_000 });
    const reason = page.getByTestId('stop-reason');
    await expect(reason).toHaveAttribute('data-kind', 'canary');
    await expect(reason).toContainText('Canary: the first 5 rows went to Acme academy: 5 succeeded.');
    await expect(reason).toContainText('Read back from the LMS: 5 of 5 hold what was sent.');
    const total = sampleLines().length - 1;
    const resume = page.getByTestId('resume-button');
    await expect(resume).toHaveText(`Resume: send the other ${total - 5} rows`);
    const posts = (await ledger(serve)).filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(posts).toHaveLength(5);
    await shot(page, 'run-canary');

    await resume.click();
    await expect(page.getByTestId('job-state')).toHaveText(/completed/i, { timeout: 60_000 });
    await expect(page.getByTestId('stop-reason')).toHaveCount(0);
    expect((await ledger(serve)).filter((e) => e.method === 'POST' && e.path === '/api/v1/members')).toHaveLength(total);
  });
});

test('a write the LMS did not keep pauses the job at the first canary row, both sides shown', async ({ page }) => {
  await withDesk(page, { args: seeded({ dropWrites: ['coursepath.members.create'] }) }, async ({ serve }) => {
    const cp = academySecret();
    await addAcademy(page, serve, 'Acme academy', cp.apiKey, cp.email);
    await importSample(page);
    await mapCreateMember(page, { label: 'Acme academy (Coursepath)' });
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText(/paused/i, { timeout: 30_000 });
    const reason = page.getByTestId('stop-reason');
    await expect(reason).toHaveAttribute('data-kind', 'readBack');
    await expect(reason).toContainText('Read back: the LMS does not hold what was sent');
    await expect(reason).toContainText('Row 2: the LMS answered the write with success, but reading back the member by id');
    await expect(reason).toContainText('sent a member, LMS has no such member');
    await expect(page.getByTestId('job-failed')).toHaveText('1');
    expect((await ledger(serve)).filter((e) => e.method === 'POST')).toHaveLength(1);
    await shot(page, 'run-read-back-mismatch');
  });
});
