// Preview's test send shows the row typed in its Row box, as it is typed: it showed the previous row until
// the box lost focus (Send reloaded the row first, so what was sent was right, but not what was shown).
import { expect, test } from '@playwright/test';
import { emailOf, look, SAMPLE, sampleLines, tempDirs } from './helpers/desk';
import { importFile, mapCreateMember } from './helpers/journey';
import { startServe, type ServeInfo } from './helpers/serveProcess';

test('Preview: the test-send panel shows the row typed in the Row box, never another', async ({ page }) => {
  const dirs = tempDirs();
  let serve: ServeInfo | null = await startServe(dirs.dataDir);
  const lines = sampleLines();
  // Row n of the sheet is line n (the header is row 1); rows past the first page are read on demand.
  const emailOfRow = (n: number) => emailOf(lines[n - 1]!);
  try {
    await page.goto(serve.openUrl);
    await importFile(page, SAMPLE, lines.length - 1);
    await mapCreateMember(page);
    await page.getByTestId('nav-preview').click();
    const values = () =>
      page
        .getByTestId('test-send-form')
        .locator('[data-testid^="form-value-"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await expect.poll(values).toContain(emailOfRow(2));

    const box = page.getByTestId('test-send-row');
    for (const row of [9, 23]) {
      await box.fill(String(row)); // typed, focus still in the box
      await expect(box).toBeFocused();
      // At no moment another row than the one in the box: the previous one is gone at once…
      expect(await values()).not.toContain(emailOfRow(row === 9 ? 2 : 9));
      // …and the typed one shows without leaving the box.
      await expect.poll(values).toContain(emailOfRow(row));
      await expect(page.getByTestId('test-send-button')).toHaveText(`Send row ${row}`);
    }
    await look(page, 'preview-typed-row');
  } finally {
    await serve?.stop();
    serve = null;
    dirs.cleanup();
  }
});
