// Undo's confirmation names what and where: the count and the call, and also the courses and groups
// the undone rows act on, and the connection with its address — not only "to Sandbox · Coursepath".
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { look, tempDirs } from './helpers/desk';
import { api, importText, syncSandbox } from './helpers/journey';
import { startServe, type ServeInfo } from './helpers/serveProcess';

test('Undo’s confirmation names the course and group the rows act on, and the connection’s address', async ({
  page,
}) => {
  const dirs = tempDirs();
  let serve: ServeInfo | null = await startServe(dirs.dataDir);
  try {
    await page.goto(serve.openUrl);
    await syncSandbox(page);
    await importText(
      page,
      join(dirs.files, 'hire.csv'),
      'Email,First name,Last name,Courses,Groups\nana.lima@acme.test,Ana,Lima,Fire Safety Awareness,Sales\n',
      1,
    );
    await page.getByTestId('nav-recipes').click();
    const run = page.getByTestId('recipe-run');
    await expect(run.getByTestId('recipe-run-button')).toBeEnabled({ timeout: 30_000 });
    await run.getByTestId('recipe-run-button').click();
    await expect(run.getByTestId('recipe-job')).toHaveAttribute('data-state', 'completed', {
      timeout: 60_000,
    });
    await run.getByTestId('recipe-open-history').click();

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
  } finally {
    await serve?.stop();
    serve = null;
    dirs.cleanup();
  }
});
