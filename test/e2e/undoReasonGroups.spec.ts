// The Undo panel of a create-only Coursepath job: 200 rows that cannot be undone for the same reason
// ("Coursepath has no member delete") are one line with their rows and count, not 200 table rows; each
// row's own line is one click away.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import type { UndoPlanDto } from '../../src-shared/contract/api';
import { look } from './helpers/desk';
import { importText, mapCreateMember } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const ROWS = 200;

test('Undo: rows that share a reason are one line each, with their rows; each row one click away', async ({
  page,
}) => {
  await withDesk(page, async ({ files }) => {
    const emails = Array.from({ length: ROWS }, (_, i) => `undo-group-${i}@example.com`);
    await importText(page, join(files, 'new-members.csv'), `email\n${emails.join('\n')}\n`, ROWS);
    await mapCreateMember(page);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText(/completed/i, { timeout: 120_000 });

    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    // Two rows given reasons of their own in the plan the page reads (a create job's rows all share one
    // reason), to show different reasons beside the shared one; the counts stay the job's.
    const own: Record<number, string> = {
      57: 'An invitation cannot be unsent: the email has gone.',
      140: 'The member was deleted since this job.',
    };
    await page.route('**/api/jobs.undoPlan', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { ok: boolean; value: UndoPlanDto };
      for (const c of body.value.cannot) c.reason = own[c.rowNumber] ?? c.reason;
      await route.fulfill({ response: res, json: body });
    });
    await page.getByTestId('undo-job-button').click();
    const panel = page.getByTestId('undo-panel');
    await expect(panel.getByTestId('undo-cannot-count')).toContainText(`${ROWS} cannot be undone`);
    const reasons = panel.getByTestId('undo-cannot-reason');
    await expect(reasons).toHaveCount(3);
    await expect(reasons.nth(0)).toHaveText(
      `Rows 2–56, 58–139 and 141–${ROWS + 1} (${ROWS - 2} rows): Coursepath has no member delete: a member, once created, stays in the academy.`,
    );
    await expect(reasons.nth(1)).toHaveText(
      'Row 57 (1 row): An invitation cannot be unsent: the email has gone.',
    );
    // The table of each row is folded away, there on demand.
    const row2 = panel.getByTestId('undo-cannot-row-2');
    await expect(row2).toBeHidden();
    await look(page, 'undo-reasons-grouped');
    await panel.getByText('Each row (').click();
    await expect(row2).toBeVisible();
    await expect(row2).toContainText('undo-group-0@example.com');
    await expect(panel.getByTestId('undo-start')).toHaveText('Nothing to undo');
  });
});
