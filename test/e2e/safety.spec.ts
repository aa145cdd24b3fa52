// Issue 13 in real Chromium over `npm run serve`'s loopback transport: the duplicate report on Map, the
// already-sent notice on Run, the destructive confirmation naming the connection, and a job paused by
// the credentials breaker with its reason. The sandbox's ledger is the witness of what was sent; each
// screen leaves a screenshot for the README.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { ledger, shot } from './helpers/desk';
import type { JobSummary } from '../../src-shared/contract/api';
import { api, importText, mapTemplate } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('duplicates are reported and sent once; the same file again is already sent', async ({ page }) => {
  await withDesk(page, async ({ serve, files }) => {
    await importText(
      page,
      join(files, 'new-hires.csv'),
      'email,name\nana@example.com,Ana Lima\nbo@example.com,Bo Berg\nANA@example.com,Ana L.\ncy@example.com,Cy Doe\nana@example.com,Ana Again\n',
      5,
    );
    await mapTemplate(page, 'sandbox-coursepath', 'coursepath.members.create');
    const preflight = page.getByTestId('preflight');
    await expect(preflight.getByTestId('preflight-duplicate')).toHaveText('2');
    await expect(preflight.getByTestId('preflight-duplicates')).toContainText('Row 4 repeats row 2 email=ana@example.com');
    await preflight.scrollIntoViewIfNeeded();
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-duplicates');

    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('start-job-button')).toHaveText('Send 3 rows');
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    await expect(page.getByTestId('job-succeeded')).toHaveText('3');
    const posts = (await ledger(serve)).filter((e) => e.method === 'POST' && e.path === '/api/v1/members');
    expect(posts.map((e) => e.body?.email)).toEqual(['ana@example.com', 'bo@example.com', 'cy@example.com']);

    // Run again: nothing would go; the screen says which job sent the rows, and when.
    const notice = page.getByTestId('preflight-already-sent-list');
    await expect(notice).toContainText('3 rows were already sent to Sandbox · Coursepath');
    await expect(notice).toContainText('new-hires.csv');
    await expect(page.getByTestId('start-job-button')).toHaveText('Nothing to send');
    await expect(page.getByTestId('start-job-button')).toBeDisabled();
    await page.getByTestId('preflight').scrollIntoViewIfNeeded();
    await shot(page, 'run-already-sent');
    // The admin may choose to send them again.
    await page.getByTestId('resend').check();
    await expect(page.getByTestId('start-job-button')).toHaveText('Send 3 rows');
  });
});

test('a row test-sent on Preview is already sent on Run at once: the button says what a run sends', async ({
  page,
}) => {
  await withDesk(page, async ({ files }) => {
    await importText(
      page,
      join(files, 'three.csv'),
      'email,name\nana@example.com,Ana Lima\nbo@example.com,Bo Berg\ncy@example.com,Cy Doe\n',
      3,
    );
    await mapTemplate(page, 'sandbox-coursepath', 'coursepath.members.create');
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('start-job-button')).toHaveText('Send 3 rows');
    // Row 2 sent for real as a test: a run would skip it, and Run says so before it is started.
    await page.getByTestId('nav-preview').click();
    await page.getByTestId('test-send-button').click();
    // The status once, in words (it read "201 HTTP 201").
    await expect(page.getByTestId('test-send-result')).toContainText('201 Created');
    await expect(page.getByTestId('test-send-result')).not.toContainText('HTTP 201');
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('preflight-already-sent')).toHaveText('1');
    await expect(page.getByTestId('start-job-button')).toHaveText('Send 2 rows');

    // The job over: the row it skipped is not "not sent yet" in History — it will not be sent.
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    await page.getByTestId('open-in-history').click();
    await page.getByTestId('history-row-2').click();
    const drawer = page.getByTestId('attempts-drawer');
    await expect(drawer).toContainText('already sent by a test send');
    await expect(drawer).not.toContainText('Not sent yet');
    await expect(drawer).toContainText('Nothing was sent for this row in this job.');
  });
});

test('a test send whose answer was lost: Run says so in its already-sent summary, not only in the row', async ({
  page,
}) => {
  // Every answer lost: the sandbox creates the member, then drops the connection.
  await withDesk(page, { args: ['--sandbox-options', JSON.stringify({ faults: 'lost:1', seed: 22 })] }, async ({ files }) => {
    await importText(
      page,
      join(files, 'three.csv'),
      'email,name\nana@example.com,Ana Lima\nbo@example.com,Bo Berg\ncy@example.com,Cy Doe\n',
      3,
    );
    await mapTemplate(page, 'sandbox-coursepath', 'coursepath.members.create');
    await page.getByTestId('nav-preview').click();
    await page.getByTestId('test-send-button').click();
    await expect(page.getByTestId('test-send-result')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('preflight-already-sent')).toHaveText('1');
    await expect(page.getByTestId('preflight-test-send-lost')).toHaveText(
      'as a test send whose answer was lost: it may or may not have reached the LMS (send it again if it did not)',
    );
    await expect(page.getByTestId('start-job-button')).toHaveText('Send 2 rows');
    await page.getByTestId('preflight').scrollIntoViewIfNeeded();
    await shot(page, 'run-test-send-lost');
  });
});

test('a destructive run asks in a dialog that names the count and the connection', async ({ page }) => {
  await withDesk(page, { open: false }, async ({ serve, files }) => {
    const state = (await (await fetch(`${serve.sandboxUrl}/__sandbox/state`)).json()) as {
      coassemble: { courses: { id: number; deleted: string | null }[] };
    };
    const ids = state.coassemble.courses.filter((c) => c.deleted === null).slice(0, 3).map((c) => c.id);
    await page.goto(serve.openUrl);
    await importText(page, join(files, 'retire.csv'), `course id\n${ids.join('\n')}\n`, 3);
    await mapTemplate(page, 'sandbox-coassemble', 'coassemble.courses.delete');
    const dialog = page.getByTestId('confirm-dialog');
    // A test send asks too; Undo takes back jobs, so the call that restores the course is named.
    await page.getByTestId('nav-preview').click();
    await page.getByTestId('test-send-button').click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText('DELETE 1 course on Sandbox · Coassemble');
    await expect(dialog).toContainText('send "Coassemble: restore course" for this row');
    await shot(page, 'preview-destructive-test-send');
    await dialog.getByTestId('confirm-dialog-cancel').click();
    await expect(dialog).toBeHidden();

    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Coassemble: delete course on Sandbox · Coassemble');
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText('DELETE 3 courses on Sandbox · Coassemble');
    // The truth about undo, not a blanket "cannot be undone": a course delete is restored by History's Undo.
    await expect(dialog.getByTestId('confirm-undo')).toContainText('It can be undone afterwards: History\'s "Undo this job"');
    await expect(dialog.getByTestId('confirm-undo')).toContainText('Coassemble: restore course');
    await expect(dialog).not.toContainText('cannot be undone');
    // A sandbox connection gets the phrase typed in, but the dialog is still shown.
    await expect(dialog.getByTestId('confirm-dialog-input')).toHaveValue('DELETE 3 courses on Sandbox · Coassemble');
    expect((await ledger(serve)).filter((e) => e.method === 'DELETE')).toHaveLength(0);
    await shot(page, 'run-destructive-confirm');
    // Going back sends nothing.
    await dialog.getByTestId('confirm-dialog-cancel').click();
    await expect(dialog).toBeHidden();
    expect((await ledger(serve)).filter((e) => e.method === 'DELETE')).toHaveLength(0);

    await page.getByTestId('start-job-button').click();
    await dialog.getByTestId('confirm-dialog-ok').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    expect((await ledger(serve)).filter((e) => e.method === 'DELETE')).toHaveLength(3);
  });
});

test("deleting users: the dialog names the rows that also delete their users' own courses", async ({
  page,
}) => {
  await withDesk(page, async ({ serve, files }) => {
    const csv = 'identifier,action\nleaver-1,delete\nleaver-2,ignore\nleaver-3,delete\n';
    await importText(page, join(files, 'leavers.csv'), csv, 3);
    await mapTemplate(page, 'sandbox-coassemble', 'coassemble.users.delete');
    await expect(page.getByTestId('field-source-action')).toHaveValue(/action/);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText('DELETE 3 users on Sandbox · Coassemble');
    await expect(dialog.getByTestId('confirm-wider')).toHaveText(
      '2 of these rows also delete their users’ own courses ("Courses of the user" = delete): learners lose those courses.',
    );
    await shot(page, 'run-delete-users-confirm');
    await dialog.getByTestId('confirm-dialog-cancel').click();
    expect((await ledger(serve)).filter((e) => e.method === 'DELETE')).toHaveLength(0);
  });
});

test('rows in doubt on a paused job: Send again queues them and sends nothing the admin held back', async ({ page }) => {
  // The sandbox does the work, then drops the connection for 3 requests in 10 (src-main/sandbox/faults.ts):
  // a course generation cannot be looked up, so each such row is in doubt.
  await withDesk(page, { args: ['--sandbox-options', JSON.stringify({ faults: 'lost:0.3', seed: 21 })] }, async ({ serve, files }) => {
    const lines = Array.from({ length: 40 }, (_, i) => `Knots ${i},sailors,beginner,salty,2,owner-${i}`);
    const csv = `prompt,audience,familiarity,tone,screenCount,identifier\n${lines.join('\n')}\n`;
    await importText(page, join(files, 'courses.csv'), csv, 40);
    await mapTemplate(page, 'sandbox-coassemble', 'coassemble.courses.generate');
    await expect(page.getByTestId('field-source-prompt')).toHaveValue(/prompt/);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('rate-input').fill('2');
    await page.getByTestId('start-job-button').click();
    const inDoubt = async () => (await api<JobSummary[]>(serve, 'jobs.list', {}))[0]?.counts.in_doubt ?? 0;
    await expect.poll(inDoubt, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('pause-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('paused', { timeout: 15_000 });

    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    const panel = page.getByTestId('in-doubt-panel');
    await expect(panel.getByTestId('in-doubt-queue-note')).toContainText('not sent yet: Send again puts');
    await shot(page, 'history-in-doubt-paused');
    // The row's outcome in words, the same as the filter says it ("in doubt", not "in_doubt").
    await page.getByTestId('history-filter').selectOption('in_doubt');
    await expect(page.getByTestId('history-filter').locator('option:checked')).toHaveText(/^in doubt \(\d+\)$/);
    const row = page.getByTestId('history-grid').locator('[data-testid^="history-row-"]').first();
    await expect(row).toHaveAttribute('data-status', 'in_doubt');
    await expect(row.locator('.badge')).toHaveText('in doubt');
    const before = (await ledger(serve)).length;
    await panel.getByTestId('in-doubt-resend').click();
    await expect(panel).toBeHidden();
    const job = (await api<JobSummary[]>(serve, 'jobs.list', {}))[0]!;
    expect(job.state).toBe('paused'); // not set going: the rest of the file was held back by the pause
    expect(job.counts.in_doubt).toBe(0);
    await page.waitForTimeout(1_500);
    expect((await ledger(serve)).length).toBe(before); // nothing sent
  });
});

test('a wrong key pauses the job after 3 refusals, with the reason on Run and in History', async ({ page }) => {
  await withDesk(page, async ({ serve, files }) => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('add-connection-button').click();
    await page.getByTestId('conn-name').fill('Acme Academy');
    await page.getByTestId('conn-api-coursepath').check();
    await page.getByTestId('conn-base-url').fill(new URL(serve.sandboxUrl!).origin);
    await page.getByTestId('conn-email').fill('admin@example.com');
    await page.getByTestId('conn-secret').fill('a-personal-api-key-not-the-jwt-secret');
    await page.getByTestId('conn-save').click();
    const row = page.locator('[data-testid^="connection-row-"]').filter({ hasText: 'Acme Academy' });
    await expect(row).toBeVisible();
    const id = (await row.getAttribute('data-testid'))!.replace('connection-row-', '');
    const before = (await ledger(serve)).length;

    const rows = Array.from({ length: 40 }, (_, i) => `learner${i}@example.com,Learner ${i}`).join('\n');
    await importText(page, join(files, 'cohort.csv'), `email,name\n${rows}\n`, 40);
    await mapTemplate(page, id, 'coursepath.members.create');
    await page.getByTestId('nav-run').click();
    await page.getByTestId('concurrency-input').fill('8');
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('paused', { timeout: 30_000 });
    const banner = page.getByTestId('stop-reason');
    await expect(banner).toContainText('Paused: the LMS refused the key');
    await expect(banner).toContainText('refused the credentials of "Acme Academy" 3 times in a row (HTTP 401');
    await expect(page.getByTestId('job-failed')).toHaveText('0');
    await expect(page.getByTestId('resume-button')).toBeVisible();
    const sent = (await ledger(serve)).slice(before).filter((e) => e.method === 'POST');
    expect(sent.length).toBeLessThanOrEqual(3);
    await shot(page, 'run-breaker-paused');

    // Resumed with the key unchanged: it is checked first, and no row goes out with it, nor fails.
    const posted = (await ledger(serve)).filter((e) => e.method === 'POST').length;
    await page.getByTestId('resume-button').click();
    await expect(banner).toContainText(
      'still refuses the credentials of "Acme Academy" (checked before sending: HTTP 401',
      { timeout: 15_000 },
    );
    await expect(page.getByTestId('job-state')).toHaveText('paused');
    await expect(page.getByTestId('job-failed')).toHaveText('0');
    expect((await ledger(serve)).filter((e) => e.method === 'POST')).toHaveLength(posted);

    await page.getByTestId('open-in-history').click();
    await expect(page.getByTestId('job-detail').getByTestId('stop-reason')).toContainText('Nothing was sent');
    await page.getByTestId('history-events').locator('summary').click();
    await expect(page.getByTestId('history-events-feed')).toContainText(
      'Checked the credentials of "Acme Academy" before resuming (GET /api/v1/members/me): refused',
    );
  });
});

test('rows in doubt on a destructive template: Send again asks for the phrase, naming the rows and where', async ({ page }) => {
  // Every answer lost (the sandbox does the work, then drops the connection): a manual POST to an endpoint
  // no catalog call describes is destructive and not safe to repeat, so its rows are in doubt.
  await withDesk(page, { args: ['--sandbox-options', JSON.stringify({ faults: 'lost:1', seed: 21 })] }, async ({ serve, files }) => {
    await importText(page, join(files, 'archive.csv'), 'Course\n900001\n900002\n', 2);
    const [dataset] = await api<{ id: string }[]>(serve, 'datasets.list', {});
    const phrase = 'POST 2 records to /api/v1/headless/course/{Course}/archive on Sandbox · Coassemble';
    const job = await api<JobSummary>(serve, 'jobs.create', {
      datasetId: dataset!.id,
      connectionId: 'sandbox-coassemble',
      templateId: 'coassemble.manual',
      mapping: { fields: {}, manual: { method: 'POST', url: '/api/v1/headless/course/{Course}/archive', exclude: ['Course'] } },
      options: { rateLimit: null, canary: 0, concurrency: 1 },
    });
    await api(serve, 'jobs.start', { jobId: job.id, confirm: phrase });
    const counts = async () => (await api<JobSummary>(serve, 'jobs.get', { jobId: job.id })).counts;
    await expect.poll(async () => (await counts()).in_doubt, { timeout: 30_000 }).toBe(2);

    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    const before = (await ledger(serve)).length;
    await page.getByTestId('in-doubt-panel').getByTestId('in-doubt-resend').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toContainText('Send the rows in doubt of “Coassemble: manual configuration” again?');
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText(phrase);
    await shot(page, 'history-in-doubt-resend-confirm');
    expect((await ledger(serve)).length).toBe(before); // nothing sent before the phrase
    expect((await counts()).in_doubt).toBe(2);
    await dialog.getByTestId('confirm-dialog-ok').click(); // a sandbox: the phrase is typed in for you
    await expect.poll(async () => (await ledger(serve)).length, { timeout: 15_000 }).toBe(before + 2);
  });
});
