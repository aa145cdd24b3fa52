// Plan, then the same rows sent from Run: the Plan step kept saying "3 create · 0 update" and the plan
// still offered to send them, as if nothing had changed (the walk of every screen at stop 43). A plan is
// what the LMS held when it was read; rows sent to that LMS since make it out of date. As Terraform does
// with a stale saved plan, the screen says so — what was sent since, by which job — and offers to plan
// again instead of sending the old verdicts. The counts are not patched from the job's outcome: only a
// new read knows what the LMS holds now (a failed or in-doubt row, or a change made elsewhere).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { ledger, look } from './helpers/desk';
import { importText, mapCreateMember, startNewJob } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('Plan: rows sent from Run after the plan was made mark it out of date, and it offers to plan again', async ({
  page,
}) => {
  await withDesk(page, async ({ serve, files }) => {
    await importText(
      page,
      join(files, 'starters.csv'),
      'email,name\nana@northwind.example,Ana Lima\nbo@northwind.example,Bo Berg\ncy@northwind.example,Cy Doe\n',
      3,
    );
    await mapCreateMember(page);
    await page.getByTestId('nav-plan').click();
    await page.getByTestId('make-plan-button').click();
    await expect(page.getByTestId('plan-count-create')).toContainText('3', { timeout: 30_000 });
    await expect(page.getByTestId('nav-plan')).toContainText('3 create · 0 update');

    // A dry run sends nothing: the plan holds.
    await page.getByTestId('nav-run').click();
    await page.getByTestId('dry-run').check();
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    await page.getByTestId('nav-plan').click();
    await expect(page.getByTestId('plan-count-create')).toContainText('3');
    await expect(page.getByTestId('plan-stale')).toHaveCount(0);
    await expect(page.getByTestId('run-plan-button')).toBeEnabled();

    // The same three rows sent from Run, not from the plan.
    await page.getByTestId('nav-run').click();
    await page.getByTestId('dry-run').uncheck();
    await startNewJob(page);
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    const jobId = (await page.getByTestId('job-panel').getAttribute('data-job-id'))!;
    // The step no longer counts creates that were made since.
    await expect(page.getByTestId('nav-plan')).toContainText('Out of date', { timeout: 15_000 });
    await expect(page.getByTestId('nav-plan')).not.toContainText('3 create');

    await page.getByTestId('nav-plan').click();
    const stale = page.getByTestId('plan-stale');
    await expect(stale).toContainText(
      `Out of date: 3 rows were sent to Sandbox · Coursepath since this plan read it (job ${jobId.slice(0, 8)}).`,
    );
    await expect(stale).toContainText('Plan again to compare with the LMS as it is now.');
    // Its old verdicts are not offered for sending; planning again is.
    await expect(page.getByTestId('run-plan-button')).toBeDisabled();
    await expect(page.getByTestId('run-plan-button')).toHaveAccessibleDescription(/Out of date/);
    await expect(stale.getByTestId('plan-stale-again')).toHaveText('Plan again');
    await expect(stale.getByTestId('plan-stale-again')).toHaveClass(/primary/);
    await look(page, 'plan-stale-after-run');

    const before = (await ledger(serve)).length;
    await stale.getByTestId('plan-stale-again').click();
    await expect(page.getByTestId('plan-count-unchanged')).toContainText('3', { timeout: 30_000 });
    await expect(stale).toHaveCount(0);
    await expect(page.getByTestId('nav-plan')).toContainText('0 create · 0 update');
    expect((await ledger(serve)).slice(before).every((e) => e.method === 'GET')).toBe(true);
  });
});
