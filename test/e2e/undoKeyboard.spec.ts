// "Undo this job…" used from the keyboard, in real Chromium over `npm run serve`'s loopback transport: the
// button is replaced by the panel that says what undoing would do, so focus goes to that panel (not to the
// top of the page), and Close gives it back to the button.
import { expect, test } from '@playwright/test';
import { hireRunToHistory, readyToRun } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('Undo this job: Enter opens the panel with focus in it; Close returns focus to the button', async ({
  page,
}) => {
  await withDesk(page, async ({ files }) => {
    await hireRunToHistory(page, files);

    const open = page.getByTestId('undo-job-button');
    await open.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('undo-panel');
    await expect(panel).toBeVisible();
    // Focus is in the panel, on its title: the next Tab reaches what it offers, not the page's first link.
    await expect(panel.getByRole('heading', { name: 'Undo this job' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(panel.locator(':focus')).toHaveCount(1);

    await panel.getByTestId('undo-close').focus();
    await page.keyboard.press('Enter');
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('undo-job-button')).toBeFocused();
  });
});

test('Run the recipe with Enter: the button goes disabled and focus moves to the run’s progress', async ({
  page,
}) => {
  await withDesk(page, async ({ files }) => {
    const button = await readyToRun(page, files);
    await button.focus();
    await page.keyboard.press('Enter');
    // Not the page's top: the run that just started, where its progress reads.
    const job = page.getByTestId('recipe-run').getByTestId('recipe-job');
    await expect(job).toBeFocused();
    await expect(job).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  });
});

test('Confirming the undo from the keyboard leaves focus on the undo job’s heading', async ({ page }) => {
  await withDesk(page, async ({ files }) => {
    await hireRunToHistory(page, files);
    const detail = page.getByTestId('job-detail');
    const first = await detail.getAttribute('data-job-id');

    await page.getByTestId('undo-job-button').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('undo-start').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-dialog').getByTestId('confirm-dialog-ok').focus();
    await page.keyboard.press('Enter');
    // The panel is gone and the undo job is open: focus is on its heading, where reading it starts.
    await expect(detail).not.toHaveAttribute('data-job-id', first!);
    await expect(page.getByTestId('undo-panel')).toHaveCount(0);
    await expect(detail.getByRole('heading', { level: 2 })).toBeFocused();
  });
});
