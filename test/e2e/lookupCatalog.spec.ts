// Course titles and learner emails turned into ids on the Map screen, in real Chromium over the loopback
// transport: the lookup reads the mapping's own connection's synced catalog by default, and the admin
// can point it at another connection of the same API — here a second Coursepath connection that was
// never synced, so every row stops with a message naming that catalog; pointing it back clears them.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shot } from './helpers/desk';
import { startServe, type ServeInfo } from './helpers/serveProcess';

interface SandboxState {
  coursepath: {
    courses: { id: number; name: string }[];
    members: { id: number; email: string; role: string }[];
  };
}

test('a lookup reads the catalog of the connection the admin picks', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-e2e-lookup-'));
  const files = mkdtempSync(join(tmpdir(), 'bulk-desk-files-'));
  let serve: ServeInfo | null = await startServe(dataDir);
  try {
    await page.goto(serve.openUrl);
    const origin = new URL(serve.sandboxUrl!).origin;

    // Sync the sandbox LMSs, so the Sandbox · Coursepath catalog is there.
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('sync-button').click();
    await expect(page.getByTestId('sync-button')).toHaveText('Sync now', { timeout: 120_000 });

    // A second Coursepath connection, never synced (its key is refused: it is only a catalog to pick).
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('add-connection-button').click();
    await page.getByTestId('conn-name').fill('Staging academy');
    await page.getByTestId('conn-api-coursepath').check();
    await page.getByTestId('conn-base-url').fill(origin);
    await page.getByTestId('conn-email').fill('admin@example.com');
    await page.getByTestId('conn-secret').fill('staging-key-not-for-this-sandbox');
    await page.getByTestId('conn-save').click();
    await expect(
      page.locator('[data-testid^="connection-row-"]').filter({ hasText: 'Staging academy' }),
    ).toBeVisible();

    // A spreadsheet of emails and course titles, as admins keep them.
    const state = (await (await fetch(`${origin}/__sandbox/state`)).json()) as SandboxState;
    const [c1, c2] = state.coursepath.courses;
    const [m1, m2] = state.coursepath.members.filter((m) => m.role === 'learner');
    const csv = join(files, 'enrolments.csv');
    writeFileSync(csv, `Email,Course\n${m1!.email},${c1!.name}\n${m2!.email},${c2!.name}\n`);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(csv);
    await expect(page.getByTestId('dataset-summary')).toContainText('2 rows');

    // Map: enrol in course; both ids looked up in the mapping's own connection's catalog.
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coursepath');
    await page.getByTestId('template-select').selectOption('coursepath.courses.enrol');
    await page.getByTestId('field-source-courseId').selectOption('Course');
    await page.getByTestId('field-source-memberId').selectOption('Email');
    await page.getByLabel('Add a transform to courseId').selectOption('lookup');
    await page.getByLabel('Add a transform to memberId').selectOption('lookup');
    await page.getByTestId('lookup-memberId').selectOption('coursepath.member');
    const summary = page.getByTestId('check-summary');
    await expect(summary).toContainText('2 rows build a valid request');
    await expect(summary).not.toContainText('skipped');

    // Only Coursepath connections are offered for a Coursepath catalog.
    const picker = page.getByTestId('lookup-connection-courseId');
    await expect(picker.locator('option')).toHaveText([
      "this mapping's connection",
      'Sandbox · Coursepath',
      'Staging academy',
    ]);
    await picker.selectOption({ label: 'Staging academy' });
    await expect(summary).toContainText('2 cannot be built and will be skipped');
    await expect(page.getByTestId('problem-row-2')).toContainText(
      'the Staging academy catalog (not synced yet',
    );
    await expect(page.getByTestId('request-panel')).toHaveAttribute('aria-busy', 'false'); // the request is built
    await shot(page, 'map-lookup');

    await picker.selectOption({ label: 'Sandbox · Coursepath' });
    await expect(summary).toContainText('2 rows build a valid request');
    await expect(summary).not.toContainText('skipped');
  } finally {
    await serve?.stop();
    serve = null;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  }
});
