// Undo's confirmation names what and where: the count and the call, and also the courses and groups
// the undone rows act on, and the connection with its address — not only "to Sandbox · Coursepath".
import { expect, test } from '@playwright/test';
import { look } from './helpers/desk';
import { withDesk } from './helpers/freshDesk';
import { api, hireRunToHistory } from './helpers/journey';

test('Undo’s confirmation names the course and group the rows act on, and the connection’s address', async ({
  page,
}) => {
  await withDesk(page, async ({ files, serve }) => {
    await hireRunToHistory(page, files);

    await page.getByTestId('undo-job-button').click();
    await page.getByTestId('undo-panel').getByTestId('undo-start').click();
    const body = page.getByTestId('confirm-dialog').locator('.confirm-body');
    // What: the course and the group, by the names the synced catalogue gives them, with their ids.
    await expect(body).toContainText(/course “Fire Safety Awareness” \(id \d+\)/);
    await expect(body).toContainText('group “Sales”'); // Coursepath names a group by its name
    // Where: the connection and its address.
    const connections = await api<{ id: string; name: string; baseUrl: string }[]>(
      serve,
      'connections.list',
      {},
    );
    const cp = connections.find((c) => c.id === 'sandbox-coursepath')!;
    await expect(body).toContainText(`"${cp.name}" (${cp.baseUrl})`);
    await look(page, 'undo-confirm-names-target');
  });
});
