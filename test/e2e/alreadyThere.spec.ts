// History in real Chromium over `npm run serve`, the sandbox answering a repeated add 409 (strictRepeats):
// a row whose member was enrolled before the job succeeds with a note, and is shown as succeeded — its
// 409 still shown, not painted as an error (src-shared/runner/httpTone.ts).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { look } from './helpers/desk';
import { importText, mapTemplate } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

interface Coursepath {
  coursepath: {
    members: { id: number; role: string }[];
    courses: { id: number }[];
    courseMembers: { courseId: number; memberId: number }[];
  };
}

test('History: a row told 409 "already there" is shown as succeeded, its 409 not as an error', async ({
  page,
}) => {
  await withDesk(page, { args: ['--sandbox-options', '{"strictRepeats":true}'], open: false }, async ({ serve, files }) => {
    const cp = ((await (await fetch(`${serve.sandboxUrl}/__sandbox/state`)).json()) as Coursepath).coursepath;
    const course = cp.courses[0]!;
    const inCourse = new Set(cp.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId));
    const learners = cp.members.filter((m) => m.role !== 'admin');
    const there = learners.find((m) => inCourse.has(m.id))!;
    const fresh = learners.find((m) => !inCourse.has(m.id))!;
    await page.goto(serve.openUrl);
    await importText(
      page,
      join(files, 'enrol.csv'),
      `courseId,memberId\n${course.id},${there.id}\n${course.id},${fresh.id}\n`,
      2,
    );
    await mapTemplate(page, 'sandbox-coursepath', 'coursepath.courses.enrol');
    await expect(page.getByTestId('field-source-memberId')).toHaveValue(/memberId/);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });

    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    const already = page.getByTestId('history-row-2');
    await expect(already).toHaveAttribute('data-status', 'succeeded');
    await expect(already).toContainText('Already there before this job');
    const status = already.locator('.http');
    await expect(status).toHaveText('409');
    await expect(status).toHaveClass(/http-settled/);
    await expect(status).toHaveAttribute('title', 'HTTP 409, but the row succeeded: its note says why');
    await expect(page.getByTestId('history-row-3').locator('.http')).toHaveClass(/http-ok/);
    // Its detail: the attempt that was told 409 is the one that made the row succeed, shown the same way.
    await already.click();
    const drawer = page.getByTestId('attempts-drawer');
    await expect(drawer).toHaveAttribute('data-row', '2');
    const last = drawer.locator('details.attempt').last().locator('summary .http');
    await expect(last).toHaveText('409');
    await expect(last).toHaveClass(/http-settled/);
    await look(page, 'history-already-there');

    // An enrolment says which id is the course and which the member.
    await expect(page.getByTestId('history-row-3').getByTestId('row-key')).toHaveText(
      `course ${course.id} · member ${fresh.id}`,
    );
    // The filter offers the states the rows are in, not nine with (0).
    await expect(page.getByTestId('history-filter').locator('option')).toHaveText([
      'all rows (2)',
      'succeeded (2)',
    ]);
    // The member not enrolled yet: the read before the write (for undo) was told 404, as expected, so
    // its status is not painted as an error.
    await page.getByTestId('history-row-3').click();
    await expect(drawer).toHaveAttribute('data-row', '3');
    const before = drawer.locator('details.attempt summary', { hasText: 'Read before' });
    await expect(before.locator('.http')).toHaveText('404');
    await expect(before.locator('.http')).toHaveClass(/http-settled/);
    await expect(before.locator('.http')).toHaveAttribute('title', /not there before the write, as expected/);
    await look(page, 'history-read-before-404');
  });
});
