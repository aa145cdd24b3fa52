// The browser UI's upload limit (issue 20, item 10), in real Chromium over `npm run serve`: a file over
// the limit (4 KiB here, `--max-upload-bytes`; 2 GiB by default) is refused with a message naming the
// limit and what to do instead, and nothing is imported.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shot } from './helpers/desk';
import { startServe } from './helpers/serveProcess';

test('a file over the upload limit is refused with the limit in words', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulk-desk-e2e-'));
  const files = mkdtempSync(join(tmpdir(), 'bulk-desk-big-'));
  const serve = await startServe(dataDir, ['--max-upload-bytes', '4096']);
  try {
    const big = join(files, 'everyone.csv');
    writeFileSync(
      big,
      'email\n' + Array.from({ length: 2000 }, (_, i) => `learner${i}@example.com`).join('\n'),
    );
    await page.goto(serve.openUrl);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(big);
    const error = page.getByTestId('import-error');
    await expect(error).toContainText('everyone.csv is larger than the upload limit of 4 KiB');
    await expect(error).toContainText('bulk-desk import');
    await shot(page, 'import-too-large');
    await expect(page.getByTestId('dataset-summary')).toHaveCount(0);
  } finally {
    await serve.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  }
});
