// Issue 19 in real Chromium: a job with the Parallel requests field left empty finds its requests in
// flight by itself, against the sandbox in realistic mode (service times of 100–200 ms, 6 requests at
// once and 6 waiting, then 503). While it runs, Run shows the current value and why it is there; the
// screenshot is for the README.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { shot } from './helpers/desk';
import { importText } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

test('automatic concurrency: Run shows the requests in flight and why, while the job runs', async ({
  page,
}) => {
  const realistic = { latency: { minMs: 100, maxMs: 200 }, capacity: { workers: 6, queue: 6 } };
  await withDesk(page, { args: ['--sandbox-options', JSON.stringify({ seed: 3, realistic })] }, async ({ files }) => {
    const rows = Array.from({ length: 400 }, (_, i) => `learner${i}@example.com,Learner ${i}`).join('\n');
    await importText(page, join(files, 'cohort.csv'), `email,name\n${rows}\n`, 400);
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coursepath');
    await page.getByTestId('template-select').selectOption('coursepath.members.create');
    await page.getByTestId('nav-run').click();
    await expect(page.getByTestId('connection-defaults')).toContainText(
      'requests in parallel: automatic, from 4 up to 64',
    );
    const field = page.getByTestId('concurrency-input');
    await expect(field).toHaveValue('');
    await expect(field).toHaveAttribute('placeholder', 'automatic');
    await page.getByTestId('start-job-button').click();
    // Raised from Coursepath's 4 once answers came back as fast; the reason says so.
    await expect(page.getByTestId('job-concurrency-reason')).toContainText(
      /Parallel requests \(automatic\): (raised|lowered): answers/,
      { timeout: 30_000 },
    );
    await expect(page.getByTestId('job-concurrency')).toContainText(/of \d+ \(auto\)/);
    await shot(page, 'run-auto-concurrency');
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 90_000 });
    await expect(page.getByTestId('job-succeeded')).toHaveText('400');
  });
});
