// Issue 17, part 1, in real Chromium over `npm run serve`'s loopback transport: 10 members created by a
// job; a file with those 10 (3 with changed names) and 5 new ones → Plan: 5 create, 3 update, 7 unchanged,
// the counts filter the rows, each update shows old → new; running the plan asks (it overwrites profiles),
// then sends exactly 8 calls. The sandbox's ledger is the witness; the screen is kept for the README.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { ledger, shot } from './helpers/desk';
import { importText, mapTemplate } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';

const NAMES = [
  'Ana Lima',
  'Bo Berg',
  'Cy Doe',
  'Dee Park',
  'Eli Moss',
  'Fay Ng',
  'Gus Holm',
  'Hana Sato',
  'Ivo Rus',
  'Jo Kim',
];
const line = (i: number, name = NAMES[i]!) =>
  `${name.split(' ')[0]!.toLowerCase()}@northwind.example,${name}`;

test('Plan: counts, filters and old → new per row; running it sends exactly the creates and updates', async ({
  page,
}) => {
  await withDesk(page, async ({ serve, files }) => {
    await importText(
      page,
      join(files, 'staff.csv'),
      `email,name\n${NAMES.map((_, i) => line(i)).join('\n')}\n`,
      10,
    );
    await mapTemplate(page);
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    await expect(page.getByTestId('job-succeeded')).toHaveText('10');

    // The same staff a month later: three renamed, five new.
    const renamed: Record<number, string> = { 1: 'Bo Berg-Lund', 4: 'Eli Moss-Diaz', 8: 'Ivo Rusu' };
    const rows = NAMES.map((n, i) => line(i, renamed[i] ?? n));
    for (const n of ['Kai Lee', 'Lin Wu', 'Mo Aziz', 'Nia Ford', 'Oli Ray'])
      rows.push(line(0, n).replace(/^ana/, n.split(' ')[0]!.toLowerCase()));
    await importText(page, join(files, 'staff-march.csv'), `email,name\n${rows.join('\n')}\n`, 15);
    await mapTemplate(page);
    await page.getByTestId('nav-plan').click();
    const before = (await ledger(serve)).length;
    await page.getByTestId('make-plan-button').click();
    const result = page.getByTestId('plan-result');
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('plan-count-create')).toContainText('5');
    await expect(page.getByTestId('plan-count-update')).toContainText('3');
    await expect(page.getByTestId('plan-count-unchanged')).toContainText('7');
    await expect(page.getByTestId('plan-count-conflict')).toContainText('0');
    await expect(page.getByTestId('plan-count-missing')).toContainText('0');
    await expect(page.getByTestId('plan-source')).toContainText('1 API call for 15 rows');
    const reads = (await ledger(serve)).slice(before);
    expect(reads.map((e) => e.method)).toEqual(['GET']); // the plan only read, one page

    await expect(page.getByTestId('plan-row')).toHaveCount(15);
    await shot(page, 'plan');
    await page.getByTestId('plan-count-update').click();
    await expect(page.getByTestId('plan-row')).toHaveCount(3);
    const first = page.getByTestId('plan-row').first();
    await expect(first).toContainText('bo@northwind.example');
    await expect(first.locator('del')).toHaveText('Bo Berg');
    await expect(first.locator('ins')).toHaveText('Bo Berg-Lund');
    // The field by the name Map gives it, the LMS's own key on hover.
    await expect(first.locator('.plan-field')).toHaveText('Name');
    await expect(first.locator('.plan-field')).toHaveAttribute('title', 'name');
    await expect(first).toContainText(/POST \/api\/v1\/members\/\d+/);
    await shot(page, 'plan-updates');

    await page.getByTestId('run-plan-button').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText(
      'OVERWRITE 8 members (created or updated) on Sandbox · Coursepath',
    );
    // Undo takes back the 3 updates, not the 5 creates, and the dialog says so.
    await expect(dialog.getByTestId('plan-undo')).toContainText('It can be undone afterwards');
    await expect(dialog.getByTestId('plan-undo')).toContainText('The 5 creates are not among them');
    await shot(page, 'plan-confirm');
    expect((await ledger(serve)).slice(before).filter((e) => e.method !== 'GET')).toHaveLength(0);
    const beforeRun = (await ledger(serve)).length;
    await dialog.getByTestId('confirm-dialog-ok').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    await expect(page.getByTestId('job-succeeded')).toHaveText('8');
    await expect(page.getByTestId('job-skipped')).toHaveText('7');
    // Undo is on: just before the writes, the plan's one members page is read again (the state undo puts back).
    const run = (await ledger(serve)).slice(beforeRun);
    expect(run.filter((e) => e.method === 'GET').map((e) => e.path)).toEqual(['/api/v1/members']);
    const sent = run.filter((e) => e.method !== 'GET');
    expect(sent).toHaveLength(8);
    expect(sent.filter((e) => e.path === '/api/v1/members')).toHaveLength(5);
    expect(sent.filter((e) => /^\/api\/v1\/members\/\d+$/.test(e.path))).toHaveLength(3);

    // Back on Plan: the plan was sent; planning again finds nothing left to do.
    await page.getByTestId('nav-plan').click();
    await expect(page.getByTestId('plan-job')).toContainText('Sent as job');
    await page.getByTestId('make-plan-button').click();
    await expect(page.getByTestId('plan-count-unchanged')).toContainText('15', { timeout: 30_000 });
    await expect(page.getByTestId('run-plan-button')).toHaveText('Nothing to send');
    await expect(page.getByTestId('nav-plan')).toContainText('0 create · 0 update');

    // Another file: the sidebar does not carry this plan's counts over to it.
    await importText(page, join(files, 'one-more.csv'), 'email,name\nzed@northwind.example,Zed Ox\n', 1);
    await expect(page.getByTestId('nav-plan')).toContainText('What it will change');
  });
});
