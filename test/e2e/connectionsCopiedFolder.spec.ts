// A data folder copied on disk (a backup, a second profile) names the same keychain entries as the
// original: the keychain is not copied with it. Pointing the copy's connection elsewhere, or deleting it,
// leaves the original's entry (the original still signs with it), and the CLI says so. The Connections
// screen said nothing: the admin was never told a secret stayed in the keychain, nor how to remove it.
// Now it says the CLI's sentence (src-shared/connections/secretStays.ts) after the save or the delete.
// Real parts: the built CLI and serve, SQLite files copied on disk, the real keychain, Chromium.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyDataFolder } from '../helpers/copyDataFolder';
import { look } from './helpers/desk';
import { startServe, type ServeInfo } from './helpers/serveProcess';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const SECRET = 'original-folder-jwt-secret-for-e2e-9Xw';
const NEW = 'https://elsewhere.coursepath.com';
// The keychain service serve uses in this worker (helpers/serveProcess.ts), so the CLI writes where it reads.
const env = {
  ...process.env,
  BULKDESK_KEYCHAIN_SERVICE: `${process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk-test'}-pw${process.env.TEST_WORKER_INDEX ?? '0'}`,
};
const cli = (dataDir: string, args: string[], input?: string) =>
  execFileSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { env, input, encoding: 'utf8' });

let original = '';
let copy = '';
let id = '';
let serve: ServeInfo | null = null;

test.beforeEach(() => {
  original = mkdtempSync(join(tmpdir(), 'bulk-desk-e2e-original-'));
  copy = mkdtempSync(join(tmpdir(), 'bulk-desk-e2e-copy-'));
  const added = cli(
    original,
    [
      'connections',
      'add',
      '--api',
      'coursepath',
      '--name',
      'Acme',
      '--base-url',
      'https://acme.coursepath.com',
      '--email',
      'admin@acme.example',
      '--secret-stdin',
      '--json',
    ],
    SECRET,
  );
  id = (JSON.parse(added) as { id: string }).id;
  copyDataFolder(original, copy);
});

test.afterEach(async () => {
  await serve?.stop();
  serve = null;
  // The original wrote the entry: its delete removes it from the keychain.
  cli(original, ['connections', 'delete', id, '--confirm', 'DELETE connection Acme']);
  rmSync(original, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
});

/** The original's connection, as its own CLI lists it: it still has its secret. */
function originalSecretState(): string {
  const listed = JSON.parse(cli(original, ['connections', 'list', '--json'])) as {
    id: string;
    secretState: string;
  }[];
  return listed.find((c) => c.id === id)!.secretState;
}

test("pointed elsewhere in the copy: the screen says the original's secret stays, which and why", async ({
  page,
}) => {
  serve = await startServe(copy);
  await page.goto(serve.openUrl);
  await page.getByTestId('nav-connections').click();
  await page.getByTestId(`connection-edit-${id}`).click();
  await page.getByTestId('conn-base-url').fill(NEW);
  await expect(page.getByTestId('conn-secret-dropped')).toBeVisible();
  await page.getByTestId('conn-save').click();

  const notice = page.getByTestId('connection-notice');
  await expect(notice).toContainText(
    'Its address or account changed, so this data folder no longer uses its stored secret',
  );
  await expect(notice).toContainText(`its secret stays in the OS keychain (account "connection:${id}")`);
  await expect(notice).toContainText(`it was written by the database at ${original}`);
  await expect(notice).toContainText('another data folder may still use it');
  await expect(notice).not.toContainText(SECRET);
  await expect(page.getByTestId(`connection-secret-${id}`)).toContainText('No secret stored');
  await look(page, 'connections-copied-moved');
  expect(originalSecretState()).toBe('stored');
});

test("deleted in the copy: the screen says the original's secret stays", async ({ page }) => {
  serve = await startServe(copy);
  await page.goto(serve.openUrl);
  await page.getByTestId('nav-connections').click();
  await page.getByTestId(`connection-delete-${id}`).click();
  await expect(page.getByTestId('connection-delete-summary')).toContainText(
    'its secret stays in the OS keychain',
  );
  await page.getByTestId('confirm-dialog-input').fill('DELETE connection Acme');
  await page.getByTestId('confirm-dialog-ok').click();

  await expect(page.getByTestId(`connection-row-${id}`)).toHaveCount(0);
  const notice = page.getByTestId('connection-notice');
  await expect(notice).toContainText('Deleted “Acme”');
  await expect(notice).toContainText(`its secret stays in the OS keychain (account "connection:${id}")`);
  await expect(notice).toContainText(`it was written by the database at ${original}`);
  await look(page, 'connections-copied-deleted');
  expect(originalSecretState()).toBe('stored');
});
