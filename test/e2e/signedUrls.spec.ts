// Coassemble signed URLs in History, in real Chromium over `npm run serve`: a URL works for 3 hours after
// it is made (evidence.md). Within them History shows it with the time it works until; after them it is
// marked expired, rather than offered as the row's result. The job is aged in its real SQLite file (the
// runner's own clock cannot be wound on in a running service).
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { look, shot } from './helpers/desk';
import { importText, mapTemplate } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

interface Coassemble {
  coassemble: { courses: { id: number; deleted: unknown }[] };
}

test('History: a signed URL says until when it works, and is marked expired 3 hours after it was made', async ({
  page,
}) => {
  await withDesk(page, { open: false }, async ({ serve, files, dataDir }) => {
    const state = (await (await fetch(`${serve.sandboxUrl}/__sandbox/state`)).json()) as Coassemble;
    const course = state.coassemble.courses.find((c) => c.deleted === null)!;
    await page.goto(serve.openUrl);
    await importText(
      page,
      join(files, 'links.csv'),
      `action,courseId,identifier\nview,${course.id},ann\nview,${course.id},bo\n`,
      2,
    );
    await mapTemplate(page, 'sandbox-coassemble', 'coassemble.courses.signedUrl');
    await expect(page.getByTestId('field-source-identifier')).toHaveValue('identifier');
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });

    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    const row = page.getByTestId('history-row-2');
    await expect(row.locator('.captured')).toContainText('http');
    await expect(row.locator('.captured-expired')).toHaveCount(0);
    await row.click();
    await expect(page.getByTestId('drawer-captured-validity')).toContainText('Works until');

    // Four hours later.
    const db = new Database(join(dataDir, 'bulk-desk.sqlite'));
    try {
      db.prepare('UPDATE job_items SET updated_at = updated_at - ?').run(4 * 3_600_000);
      db.prepare('UPDATE attempts SET started_at = started_at - ?').run(4 * 3_600_000);
      db.prepare(
        'UPDATE jobs SET created_at = created_at - @d, started_at = started_at - @d, finished_at = finished_at - @d',
      ).run({ d: 4 * 3_600_000 });
    } finally {
      db.close();
    }
    await page.reload();
    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    await expect(row.locator('.captured-expired')).toHaveCount(1);
    await expect(row.locator('.captured-expired')).toContainText('expired');
    await row.click();
    await expect(page.getByTestId('drawer-captured-validity')).toContainText('Expired');
    await expect(page.getByTestId('drawer-captured-validity')).toContainText(
      'A new run of the file makes a fresh one',
    );
    await expect(page.getByTestId('drawer-captured').locator('.captured-expired')).toHaveCount(1);
    await look(page, 'history-signed-url-expired-drawer');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('attempts-drawer')).toHaveCount(0);
    await shot(page, 'history-signed-url-expired');
  });
});
