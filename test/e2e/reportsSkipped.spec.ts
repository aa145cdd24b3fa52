// Reports, "Sync now" with a connection that has no stored secret (removed when its address changed):
// it used to drop out of the status list without a word. Now the screen says beside the sync status that
// it was not synced, why, and where to fix it.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServe, type ServeInfo } from './helpers/serveProcess';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

test('Sync now names the connection it left out, and why', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-e2e-reports-skipped-'));
  const env = {
    ...process.env,
    BULKDESK_KEYCHAIN_SERVICE: `${process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk-test'}-pw${process.env.TEST_WORKER_INDEX ?? '0'}`,
  };
  const cli = (args: string[], input?: string) =>
    execFileSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { env, input, encoding: 'utf8' });
  // A connection whose address changed: the CLI removes its secret with the old address.
  const added = JSON.parse(
    cli(
      ['connections', 'add', '--api', 'coursepath', '--name', 'Moved academy', '--base-url', 'https://old.example.com',
        '--email', 'admin@example.com', '--secret-stdin', '--json'],
      'a-secret-of-thirty-two-characters!!',
    ),
  ) as { id: string };
  cli(['connections', 'edit', added.id, '--base-url', 'https://new.example.com']);

  let serve: ServeInfo | null = await startServe(dataDir);
  try {
    await page.goto(serve.openUrl);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('sync-button').click();
    await expect(page.getByTestId(`sync-skipped-${added.id}`)).toHaveText(
      'Not synced: Moved academy — no secret stored: add it under Connections',
    );
    await expect(page.getByTestId(`sync-row-${added.id}`)).toContainText('Never');
  } finally {
    await serve?.stop();
    serve = null;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
