// A course ticked on Reports (kept with the desk) that a sync since removes — deleted in the LMS — is taken
// out of the choice, and Reports says so, naming it, instead of unticking it without a word. In real
// Chromium over `npm run serve`'s loopback transport; the sandbox is the LMS, its ledger the witness.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import type { CourseOption } from '../../src-shared/reports/types';
import type { JobSummary } from '../../src-shared/contract/api';
import { look } from './helpers/desk';
import { api, importText, syncSandbox } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a ticked course deleted in the LMS is named when the next sync drops it from the choice', async ({ page }) => {
  await withDesk(page, async ({ serve, files }) => {
    await syncSandbox(page);
    const courses = await api<CourseOption[]>(serve, 'reports.courses', {});
    const [gone, stays] = courses.filter((c) => c.connectionId === 'sandbox-coassemble');
    const label = (c: CourseOption) => new RegExp(`^${escape(`${c.title} · ${c.source}`)}$`);
    await page.getByTestId('report-compliance').click();
    await page.getByLabel(label(gone!)).check();
    await page.getByLabel(label(stays!)).check();
    await expect(page.getByTestId('report-table-1')).toContainText('Compliance');

    // The course is deleted in the LMS (a job of this desk's), then the admin syncs again.
    await importText(page, join(files, 'retire.csv'), `Course\n${gone!.courseId}\n`, 1);
    const [dataset] = await api<{ id: string }[]>(serve, 'datasets.list', {});
    const job = await api<JobSummary>(serve, 'jobs.create', {
      datasetId: dataset!.id,
      connectionId: 'sandbox-coassemble',
      templateId: 'coassemble.courses.delete',
      mapping: { fields: { courseId: { kind: 'column', column: 'Course' } } },
      options: { rateLimit: null, canary: 0, concurrency: 1 },
    });
    await api(serve, 'jobs.start', { jobId: job.id, confirm: 'DELETE 1 course on Sandbox · Coassemble' });
    await expect
      .poll(async () => (await api<JobSummary>(serve, 'jobs.get', { jobId: job.id })).state, { timeout: 30_000 })
      .toBe('completed');
    await syncSandbox(page);

    const said = page.getByTestId('report-choice-dropped');
    await expect(said).toHaveText(
      `Gone since the last sync, so no longer chosen: “${gone!.title}” (Sandbox · Coassemble), a course everyone must complete (Training compliance).Dismiss`,
    );
    await expect(page.getByLabel(label(stays!))).toBeChecked();
    await expect(page.getByLabel(label(gone!))).toHaveCount(0);
    await look(page, 'reports-choice-dropped');
    await said.getByRole('button', { name: 'Dismiss' }).click();
    await expect(said).toHaveCount(0);
  });
});
