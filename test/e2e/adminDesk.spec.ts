// The admin's desk, end to end in real Chromium over `npm run serve`'s loopback transport (issue 7,
// "Done when"): import the sample file and a 100,000-row file, map with auto-match, fix an invalid cell
// inline, preview, test-send, run, pause, resume, see history after a restart, rerun failed rows,
// export the failed rows and import them again. Each journey leaves a screenshot of its screen in
// docs/screenshots/ for the README. The sandbox's ledger is the witness of what was really sent.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emailOf, ledger, sampleLines, shot, type LedgerEntry } from './helpers/desk';
import { importFile, importSample, mapCreateMember, sampleOnMap, startNewJob } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const memberPosts = (entries: LedgerEntry[]) =>
  entries.filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

async function runAll(page: Page, opts: { rate?: string } = {}) {
  await page.getByTestId('nav-run').click();
  if (opts.rate) await page.getByTestId('rate-input').fill(opts.rate);
  await page.getByTestId('start-job-button').click();
}

test('connections: test the sandbox, add one with a wrong key (refused, key never shown), edit, delete', async ({
  page,
}) => {
  await withDesk(page, async ({ serve }) => {
    await page.getByTestId('nav-connections').click();

    // "Who am I" (Coursepath) and "list one course" (Coassemble), signed with the stored secrets.
    await page.getByTestId('connection-test-sandbox-coursepath').click();
    const cp = page.getByTestId('connection-test-result-sandbox-coursepath');
    await expect(cp).toHaveAttribute('data-ok', 'true');
    await expect(cp).toContainText(/Signed in as .*\S+@\S+.*: calls are made on behalf of this member/);
    await expect(cp).toContainText('HTTP 200');
    await page.getByTestId('connection-test-sandbox-coassemble').click();
    const ca = page.getByTestId('connection-test-result-sandbox-coassemble');
    await expect(ca).toHaveAttribute('data-ok', 'true');
    await expect(ca).toContainText(/Connected to workspace \d+/);
    const sent = await ledger(serve);
    expect(sent.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /api/v1/members/me',
      'GET /api/v1/headless/courses',
    ]);

    // A new connection with a wrong key: saving tests it at once; the refusal says what to check.
    const wrongKey = 'this-is-not-the-sandbox-key-9f3a';
    const coursepathUrl = new URL(serve.sandboxUrl!).origin;
    await page.getByTestId('add-connection-button').click();
    await page.getByTestId('conn-name').fill('Academy (typo in key)');
    await page.getByTestId('conn-api-coursepath').check();
    await page.getByTestId('conn-base-url').fill(coursepathUrl);
    await page.getByTestId('conn-email').fill('admin@example.com');
    await page.getByTestId('conn-secret').fill(wrongKey);
    await page.getByTestId('conn-save').click();
    const row = page.locator('[data-testid^="connection-row-"]').filter({ hasText: 'Academy (typo in key)' });
    await expect(row).toBeVisible();
    const result = row.locator('[data-testid^="connection-test-result-"]');
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toContainText('401: the academy did not accept the JWT');
    await expect(result).toContainText('JWT SSO secret (Setup → JWT SSO), not a personal API key');
    await expect(page.locator('body')).not.toContainText(wrongKey); // entered once, never shown again
    await shot(page, 'connections');

    // Edit: the secret field starts empty; rename only, the stored key stays.
    await row.locator('[data-testid^="connection-edit-"]').click();
    await expect(page.getByTestId('conn-secret')).toHaveValue('');
    await page.getByTestId('conn-name').fill('Academy (renamed)');
    await page.getByTestId('conn-save').click();
    const renamed = page.locator('[data-testid^="connection-row-"]').filter({ hasText: 'Academy (renamed)' });
    await expect(renamed).toContainText('Secret stored in the keychain');

    // A new address without the secret again: the form says the stored one goes, and it does, so the
    // key can never be sent somewhere it was not given for (issue 20).
    await renamed.locator('[data-testid^="connection-edit-"]').click();
    await page.getByTestId('conn-base-url').fill('http://127.0.0.1:9');
    await expect(page.getByTestId('conn-secret-dropped')).toContainText('will be removed when you save');
    await shot(page, 'connection-repoint');
    await page.getByTestId('conn-save').click();
    await expect(renamed).toContainText('No secret stored — it needs one before it can send');
    await expect(page.getByTestId('connection-notice')).toContainText(
      'Its address or account changed, so the stored secret was removed: a key is only sent where it was given.',
    );
    await expect(renamed.locator('button[data-testid^="connection-test-"]')).toBeDisabled();

    // Delete says what goes with it (its secret, its synced data; jobs stay) and asks for the phrase naming
    // it, then it is gone; the sandbox connections cannot be deleted.
    await renamed.locator('[data-testid^="connection-delete-"]').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog.getByTestId('connection-delete-summary')).toContainText(
      'removes the connection and its secret in the OS keychain; nothing was synced from it. No job was made on it.',
    );
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText('DELETE connection Academy (renamed)');
    await expect(dialog.getByTestId('confirm-dialog-ok')).toBeDisabled();
    await dialog.getByTestId('confirm-dialog-input').fill('delete connection academy renamed');
    await dialog.getByTestId('confirm-dialog-ok').click();
    await expect(renamed).toHaveCount(0);
    await expect(page.getByTestId('connection-notice')).toHaveCount(0); // its secret went with it: nothing to say
    await expect(page.getByTestId('connection-delete-sandbox-coursepath')).toBeDisabled();
  });
});

test('import: the sample file, then a 100,000-row file scrolled to its last row', async ({ page }) => {
  await withDesk(page, async ({ files }) => {
    await importSample(page);
    await expect(page.getByText('Tomás').first()).toBeVisible();
    await expect(page.getByTestId('dataset-summary')).toContainText('6 columns · separated by “,” · UTF-8');

    // Override the detection: read as semicolon-separated, every line is one cell; then back to detect.
    await page.getByTestId('import-delimiter').selectOption(';');
    await page.getByTestId('reimport-button').click();
    await expect(page.getByTestId('dataset-summary')).toContainText('1 column · separated by “;”');
    await page.getByTestId('import-delimiter').selectOption('');
    await page.getByTestId('reimport-button').click();
    await expect(page.getByTestId('dataset-summary')).toContainText('6 columns · separated by “,”');

    // 100,000 rows, generated here: every cell kept as text (leading zeros survive).
    const big = join(files, 'learners-100k.csv');
    const out: string[] = ['email,first_name,last_name,department,employee_id,language'];
    for (let i = 0; i < 100_000; i++) {
      out.push(`learner${i}@example.com,First${i},Last${i},Dept ${i % 17},${String(i).padStart(7, '0')},en`);
    }
    writeFileSync(big, out.join('\n') + '\n');
    await importFile(page, big, 100_000);
    const grid = page.getByTestId('dataset-grid');
    await expect(grid.getByText('learner0@example.com')).toBeVisible();
    await expect(grid.getByText('0000000')).toBeVisible();

    // Column statistics over all 100,000 rows, counted in main.
    await page.getByTestId('column-stats').locator('summary').click();
    await expect(page.getByTestId('column-stats')).toContainText('all 100,000 rows');
    await expect(page.getByTestId('column-stat-email')).toContainText(/email\s*0\s*100,000 \(all unique\)/);
    await expect(page.getByTestId('column-stat-department')).toContainText(/text\s*0\s*17$/);
    await expect(page.getByTestId('column-stat-employee_id')).toContainText('leading zeros kept');

    // Keyboard: End jumps to the last row; its spreadsheet number is 100,001 (the header is row 1).
    await grid.focus();
    await page.keyboard.press('End');
    await expect(grid.getByText('learner99999@example.com')).toBeVisible();
    await expect(grid.getByRole('rowheader').filter({ hasText: /^100001$/ })).toBeVisible();
    // Both files stay listed; the big one is current.
    await expect(page.getByTestId('dataset-select')).toContainText('learners-100k.csv');
    await shot(page, 'import-100k');
    await page.keyboard.press('Home');
    await expect(grid.getByText('learner0@example.com')).toBeVisible();
  });
});

test('map with auto-match, fix an invalid cell inline, preview and test-send', async ({ page }) => {
  await withDesk(page, async ({ serve, files }) => {
    // Ten rows; row 5 (spreadsheet numbering) has a broken email.
    const [header, ...rows] = sampleLines();
    const ten = rows.slice(0, 10);
    const good = emailOf(ten[3]!);
    ten[3] = ten[3]!.replace(good, good.replace('@', ' at '));
    const file = join(files, 'one-bad-email.csv');
    writeFileSync(file, [header, ...ten].join('\r\n') + '\r\n');
    await importFile(page, file, 10);

    await mapCreateMember(page);
    await expect(page.getByTestId('check-summary')).toBeVisible();
    await expect(page.getByTestId('check-summary')).toContainText('9 rows build a valid request');
    await expect(page.getByTestId('check-summary')).toContainText('1 cannot be built and will be skipped');
    await expect(page.getByText(/of 10 checked rows ha(s|ve) problems/)).toHaveText(
      /^1 of 10 checked rows has problems and would be skipped\./,
    );
    const problem = page.getByTestId('problem-row-5');
    await expect(problem).toContainText(/email/i);

    // Inline fix: the current value loads into the input; save re-checks every row.
    await page.getByTestId('fix-cell-5').click();
    await expect(page.getByTestId('fix-input-5')).toHaveValue(good.replace('@', ' at '));
    await page.getByTestId('fix-input-5').fill(good);
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-fix');
    await page.getByTestId('fix-save-5').click();
    await expect(page.getByTestId('check-summary')).toContainText('10 rows build a valid request');
    await expect(page.getByTestId('check-summary')).not.toContainText('skipped');
    await expect(page.getByTestId('problem-row-5')).toHaveCount(0);

    // Save this mapping (kept in SQLite), change a field, then pick the saved mapping again.
    await page.getByTestId('field-source-department').selectOption('');
    await page.getByTestId('preset-name').fill('HR export without department');
    await page.getByTestId('preset-save').click();
    await page.getByTestId('field-source-department').selectOption('department');
    await expect(page.getByTestId('preset-select')).toContainText('HR export without department');
    await page.getByTestId('preset-select').selectOption('HR export without department');
    // It would replace the department the admin just chose: asked first, naming it.
    const replace = page.getByTestId('confirm-dialog').filter({ visible: true });
    await expect(replace.getByTestId('replaced-fields')).toHaveText('department ← column "department"');
    await replace.getByTestId('confirm-dialog-ok').click();
    await expect(page.getByTestId('field-source-department')).toHaveValue('');
    await expect(page.getByTestId('field-source-email')).toHaveValue('email');
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-fixed');

    // Preview: row 5 now carries the fixed email; the Authorization header is redacted.
    await page.getByTestId('nav-preview').click();
    const preview5 = page.getByTestId('preview-request-5');
    await expect(preview5).toContainText('POST');
    await expect(preview5).toContainText(good); // the form body shown as its fields, decoded
    await expect(preview5).not.toContainText(/eyJ[\w-]+\.[\w-]+\./);

    // Test-send row 5 for real: exactly one request reaches the sandbox, with the fixed email.
    const before = (await ledger(serve)).length;
    await page.getByTestId('test-send-row').fill('5');
    await page.getByTestId('test-send-button').click();
    await expect(page.getByTestId('test-send-result')).toContainText('201');
    const sent = (await ledger(serve)).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body?.email).toBe(good);

    // The test-send is kept in history as a test call, listed under the test pane, newest first.
    const calls = page.locator('[data-testid^="test-call-"]');
    await expect(calls).toHaveCount(1);
    await expect(calls.first()).toHaveAttribute('data-row', '5');
    await expect(calls.first()).toContainText('201');
    await page.getByTestId('test-send-row').fill('6');
    await page.getByTestId('test-send-button').click();
    await expect(page.getByTestId('test-send-result')).toContainText('row 6');
    await expect(calls).toHaveCount(2);
    await expect(calls.first()).toHaveAttribute('data-row', '6'); // newest first
    await calls.first().locator('summary').click();
    await page.getByTestId('test-calls').scrollIntoViewIfNeeded();
    await shot(page, 'preview-test-send');
  });
});

test('run at a low rate, pause (nothing more is sent), resume to the end', async ({ page }) => {
  await withDesk(page, async ({ serve }) => {
    const rows = sampleLines().slice(1);
    await sampleOnMap(page);
    await expect(page.getByTestId('check-summary')).toBeVisible();
    await runAll(page, { rate: '10' });
    await expect(page.getByTestId('job-state')).toHaveText(/running/i);
    await expect
      .poll(async () => memberPosts(await ledger(serve)).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(5);

    await page.getByTestId('pause-button').click();
    await expect(page.getByTestId('job-state')).toHaveText(/paused/i);
    const atPause = memberPosts(await ledger(serve)).length;
    expect(atPause).toBeLessThan(rows.length);
    await page.waitForTimeout(1_500); // at 10/s, fifteen more would have gone out by now
    expect(memberPosts(await ledger(serve)).length).toBe(atPause);
    await expect(page.getByTestId('job-progress')).toContainText(`${atPause} / ${rows.length}`);
    await shot(page, 'run-paused');

    await page.getByTestId('resume-button').click();
    await expect(page.getByTestId('job-state')).toHaveText(/completed/i, { timeout: 30_000 });
    await expect(page.getByTestId('job-progress')).toContainText(`${rows.length} / ${rows.length}`);
    const posted = memberPosts(await ledger(serve)).map((e) => e.body?.email);
    expect(posted.sort()).toEqual(rows.map(emailOf).sort()); // each row exactly once across pause/resume
    await shot(page, 'run-completed');
  });
});

test('failed rows: history after a restart, export and re-import them, rerun them', async ({ page }) => {
  // The sandbox answers 409 to a member that already exists, so running rows twice makes them fail.
  const args = ['--sandbox-options', JSON.stringify({ duplicateMember: 'conflict' })];
  await withDesk(page, { args }, async (desk) => {
    const [header, ...rows] = sampleLines();
    const firstTen = join(desk.files, 'first-ten.csv');
    writeFileSync(firstTen, [header, ...rows.slice(0, 10)].join('\n') + '\n');
    const failedEmails = rows.slice(0, 10).map(emailOf).sort();

    // Job 1 creates the first ten members; job 2 sends the whole file, those ten again on purpose (by
    // default they would be skipped as already sent), so they conflict.
    await importFile(page, firstTen, 10);
    await mapCreateMember(page);
    await expect(page.getByTestId('check-summary')).toBeVisible();
    await runAll(page);
    await expect(page.getByTestId('job-state')).toHaveText(/completed/i, { timeout: 30_000 });
    await sampleOnMap(page);
    await expect(page.getByTestId('check-summary')).toBeVisible();
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('preflight-already-sent')).toHaveText('10');
    await page.getByTestId('resend').check();
    await expect(page.getByTestId('start-job-button')).toHaveText(`Send ${rows.length} rows`);
    await startNewJob(page); // Run shows the first job, completed, until this one is made
    await expect(page.getByTestId('job-state')).toHaveText(/completed/i, { timeout: 30_000 });
    await expect(page.getByTestId('job-failed')).toHaveText('10');

    // Restart on the same data folder (a fresh sandbox, whose members are gone): history is all there.
    await desk.restart();
    await page.getByTestId('nav-history').click();
    const jobs = page.locator('[data-testid^="history-job-"]');
    await expect(jobs).toHaveCount(2);
    await jobs.first().click(); // newest first: the sample-users job
    await expect(page.getByTestId('job-detail')).toContainText('sample-users.csv');
    await page.getByTestId('history-filter').selectOption('failed');
    const failedRows = page.locator('[data-testid^="history-row-"][data-status="failed"]');
    await expect(page.getByTestId('history-count')).toHaveText('10 rows match');
    await expect(page.locator('[data-testid^="history-row-"]')).toHaveCount(10);
    await expect(failedRows).toHaveCount(10);
    await expect(failedRows.first()).toContainText('409');
    await shot(page, 'history-failed');

    // Export the failed rows: a CSV with the original columns, ready to fix and import again.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-failed-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/failed-rows\.csv$/);
    const exported = join(desk.files, download.suggestedFilename());
    await download.saveAs(exported);
    const lines = readFileSync(exported, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(11); // header + 10 failed rows
    expect(lines[0]).toContain(header);
    expect(lines.slice(1).map(emailOf).sort()).toEqual(failedEmails);
    await expect(page.getByTestId('export-done')).toContainText('failed-rows.csv');
    await shot(page, 'export');

    // Rerun only the failed rows: exactly those ten go out again and now succeed.
    const before = memberPosts(await ledger(desk.serve)).length;
    await expect(page.getByTestId('retry-failed-button')).toHaveText('Rerun 10 failed rows');
    await page.getByTestId('retry-failed-button').click();
    await expect.poll(async () => memberPosts(await ledger(desk.serve)).length - before, { timeout: 30_000 }).toBe(10);
    await expect(page.getByTestId('history-job-state')).toHaveText(/completed/i);
    await expect(page.getByTestId('retry-failed-button')).toHaveText('No failed rows to rerun');
    await expect(page.getByTestId('job-detail')).toContainText(`${rows.length} succeeded · 0 failed`);
    const rerun = memberPosts(await ledger(desk.serve)).slice(before);
    expect(rerun.map((e) => e.body?.email).sort()).toEqual(failedEmails);
    expect(rerun.every((e) => e.status === 201)).toBe(true);

    // The exported file imports again as a ten-row dataset (its extra result_error column is kept as text).
    await importFile(page, exported, 10);
    await expect(page.getByText(failedEmails[0]!).first()).toBeVisible();
  });
});
