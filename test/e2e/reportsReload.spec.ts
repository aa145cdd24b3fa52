// An admin who only reads reports (nothing imported) and reloads the page, or comes back to it: Bulk Desk
// opens where they were — Reports, with what was synced — not the Import screen, as it does for an admin
// with a file open. In real Chromium over `npm run serve`'s loopback transport.
import { expect, test } from '@playwright/test';
import type { DeskScreen, DeskStateDto } from '../../src-shared/contract/dto/desk';
import { api, syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('Reports, with nothing imported, is where a reload opens again', async ({ page }) => {
  await withDesk(page, async ({ serve }) => {
    // The screen SQLite holds for the next start: waited on, not a fixed half second.
    const savedScreen = (screen: DeskScreen) =>
      expect.poll(async () => (await api<DeskStateDto>(serve, 'desk.get', {})).screen).toBe(screen);
    await syncSandbox(page);
    await expect(page.getByTestId('sync-row-sandbox-coursepath')).not.toContainText('Never');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
    await expect(page.getByTestId('sync-row-sandbox-coursepath')).not.toContainText('Never');

    // History and Connections need no file either; Map does, and without one a reload starts at Import.
    await page.getByTestId('nav-history').click();
    await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
    await savedScreen('history'); // the screen is saved as it changes, not at the reload
    await page.reload();
    await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
    await page.getByTestId('nav-map').click();
    await savedScreen('map');
    await page.reload();
    await expect(page.getByRole('heading', { name: '1. Import a spreadsheet' })).toBeVisible();
  });
});
