// Reports, end to end in real Chromium over `npm run serve`'s loopback transport: sync both sandbox
// LMSs with "Sync now" (progress shown), see a chart and a table per report, export CSV, and keep a
// screenshot for the README.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { look, shot } from './helpers/desk';
import { withDesk } from './helpers/freshDesk';

test('sync the sandbox, read the reports, export CSV', async ({ page }) => {
  // At Coassemble's documented pace (a sync of it takes ~10 s): the progress is on screen while it runs.
  await withDesk(page, { documentedSyncPace: true }, async () => {
    await page.getByTestId('nav-reports').click();
    await expect(page.getByRole('heading', { name: 'Nothing synced yet' })).toBeVisible();

    // Sync now: progress while it runs, then both connections show their counts.
    await page.getByTestId('sync-button').click();
    await expect(page.getByTestId('sync-button')).toHaveText('Syncing…');
    await expect(page.getByTestId('sync-progress')).toBeVisible();
    await expect(page.getByTestId('sync-button')).toHaveText('Sync now', { timeout: 120_000 });
    await expect(page.getByTestId('sync-row-sandbox-coassemble')).toContainText('Screen types: not available');
    await expect(page.getByTestId('sync-row-sandbox-coursepath')).not.toContainText('Never');

    // Completion rate: a bar chart and a table, rows from both connections.
    await page.getByTestId('report-completionRate').click();
    const chart = page.getByTestId('report-chart');
    await expect(chart.locator('svg rect.chart-bar').first()).toBeVisible();
    const table = page.getByTestId('report-table-0');
    await expect(table).toContainText('Sandbox · Coassemble');
    await expect(table).toContainText('Sandbox · Coursepath');
    await expect(table).toContainText('Workplace Safety Essentials');
    await shot(page, 'reports');

    // Export CSV: the same table, formula-safe, with a BOM for Excel.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFSource,Course,Course ID,Enrolled,Started,Completed,Completion rate\r\n')).toBe(true);
    const rows = await table.locator('tbody tr').count();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(rows + 1);

    // Scores: a histogram.
    await page.getByTestId('report-scores').click();
    await expect(page.getByTestId('report-chart').locator('svg.histogram')).toBeVisible();
    await shot(page, 'reports-scores');

    // Compliance before a course is chosen: a prompt to choose, no empty tables, nothing to export.
    await page.getByTestId('report-compliance').click();
    await expect(page.getByTestId('report-prompt')).toHaveText(
      'Choose the courses everyone must complete (above). The tables, the chart and the CSV export appear once one is chosen.',
    );
    await expect(page.locator('[data-testid^="export-csv"]')).toHaveCount(0);
    await expect(page.locator('[data-testid^="report-table-"]')).toHaveCount(0);
    await expect(page.getByTestId('report-chart')).toHaveCount(0);
    await page.getByTestId('report-prompt').scrollIntoViewIfNeeded();
    await look(page, 'compliance-no-course');

    // Compliance: choose two courses, one per LMS; grouped by department.
    await page.getByLabel(/Workplace Safety Essentials/).check();
    await page.getByLabel(/Fire Safety Awareness/).check();
    await expect(page.getByTestId('report-table-1')).toContainText('Compliance');
    await expect(page.getByTestId('report-prompt')).toHaveCount(0);
    await expect(page.getByTestId('export-csv')).toBeEnabled();
    await expect(page.getByTestId('report-chart').locator('svg rect.chart-bar').first()).toBeAttached();

    // Progress between two dates after one sync of each: why there is nothing to chart, and what to do.
    await page.getByTestId('report-progressOverTime').click();
    await expect(page.getByTestId('report-chart-empty')).toHaveText(
      /^One sync of each connection so far \(the latest taken \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d\): progress between two dates needs two\. Sync again later to compare\.$/,
    );
    await look(page, 'progress-one-sync');

    // Time to completion per cohort.
    await page.getByTestId('report-timeToCompletion').click();
    await page.getByLabel('Group by').selectOption('cohort');
    await expect(page.getByTestId('report-table-0')).toContainText('2026-');
  });
});
