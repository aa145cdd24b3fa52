// A working mapping over the browser's keepalive allowance (64 KiB: here a value map of 3,000 departments),
// edited on Map just before a reload: the page sends the change since the mapping stored as it goes
// (small, a keepalive request the browser finishes after the page is gone) rather than the whole mapping
// as a plain request it may drop with the page; main applies it to what it stored. In real Chromium over
// `npm run serve`'s loopback transport; SQLite read through the contract after the reload. Measured: in
// this Chromium, on loopback, the whole 75 KiB plain request also arrived on a reload (the edit was kept
// before this change too), so this test holds the patch's way end to end; that it is a keepalive-sized
// request is asserted in test/unit/renderer/bigMappingAsPageLeaves.test.ts.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { api, importText } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const CSV =
  'email,first_name,last_name,department\r\nana@example.com,Ana,Lima,Sales\r\nbo@example.com,Bo,Berg,Legal\r\n';
const table = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Department ${i}`, `dept-${i}`]));

test('an edit to a mapping over 64 KiB just before a reload is there after it', async ({ page }) => {
  await withDesk(page, async ({ serve, files }) => {
    await importText(page, join(files, 'big.csv'), CSV, 2);
    // The page's own match for the file is saved first, so the mapping stored below is the one it opens.
    await page.getByTestId('nav-map').click();
    await expect(page.getByTestId('working-saved')).toBeVisible();
    const [dataset] = await api<{ id: string }[]>(serve, 'datasets.list', {});
    const mapping = {
      fields: {
        email: { kind: 'column', column: 'email' },
        department: { kind: 'column', column: 'department', transforms: [{ kind: 'map', table }] },
      },
    };
    expect(JSON.stringify(mapping).length).toBeGreaterThan(64 * 1024);
    await api(serve, 'mappings.saveWorking', {
      datasetId: dataset!.id,
      templateId: 'coursepath.members.create',
      connectionId: 'sandbox-coursepath',
      mapping,
    });
    await page.reload();
    await page.getByTestId('nav-map').click();
    await expect(page.getByTestId('field-source-email')).toHaveValue('email');
    await expect(page.getByTestId('working-saved')).toBeVisible();

    // The edit, and the reload straight after it: no waiting for "Saved".
    await page.getByTestId('field-source-email').selectOption('last_name');
    await page.reload();
    await page.getByTestId('nav-map').click();
    await expect(page.getByTestId('field-source-email')).toHaveValue('last_name');
    const kept = await api<{ mapping: typeof mapping; templateId: string }>(serve, 'mappings.working', {
      datasetId: dataset!.id,
      templateId: 'coursepath.members.create',
    });
    expect(kept.mapping.fields.email).toMatchObject({ kind: 'column', column: 'last_name' });
    expect(kept.mapping.fields.department).toStrictEqual(mapping.fields.department);
  });
});
