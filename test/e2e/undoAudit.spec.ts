// Issue 17 parts 2 and 3 in real Chromium over `npm run serve`'s loopback transport: a Coassemble user
// upsert run from the UI shows its audit record in the job's header (the file's SHA-256, who ran it,
// where) and exports it; "Undo this job" lists the row that cannot be undone with why, asks with the
// phrase, and the undo job puts the users' names back as they were. The sandbox's state is the witness.
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shot } from './helpers/desk';
import { importText } from './helpers/journey';
import { withDesk } from './helpers/freshDesk';
import { type ServeInfo } from './helpers/serveProcess';

interface User {
  identifier: string;
  name: string | null;
  metadata: Record<string, unknown>;
}

async function users(serve: ServeInfo): Promise<User[]> {
  const st = (await (await fetch(`${serve.sandboxUrl}/__sandbox/state`)).json()) as { coassemble: { users: User[] } };
  return st.coassemble.users;
}

test('History: the audit record in the job header, and Undo with the rows that cannot be undone', async ({ page }) => {
  await withDesk(page, { open: false }, async ({ serve, files }) => {
    const before = (await users(serve)).filter((u) => u.name).slice(0, 2);
    expect(before).toHaveLength(2);
    await page.goto(serve.openUrl);
    const file = join(files, 'team-renames.csv');
    await importText(
      page,
      file,
      `identifier,name\n${before[0]!.identifier},Renamed One\n${before[1]!.identifier},Renamed Two\nnew-starter-7,New Starter\n`,
      3,
    );
    await page.getByTestId('nav-map').click();
    await page.getByTestId('connection-select').selectOption('sandbox-coassemble');
    await page.getByTestId('template-select').selectOption('coassemble.users.upsert');
    await page.getByTestId('nav-run').click();
    await page.getByTestId('start-job-button').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm-dialog-ok').click();
    await expect(page.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 });
    expect((await users(serve)).find((u) => u.identifier === before[0]!.identifier)?.name).toBe('Renamed One');

    // The job's header: the file, its SHA-256, who ran it; the whole record on demand.
    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid^="history-job-"]').first().click();
    const record = page.getByTestId('audit-record');
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    await expect(record.getByTestId('audit-file')).toHaveText('team-renames.csv');
    await expect(record.getByTestId('audit-sha256')).toHaveText(`${sha.slice(0, 12)}…`);
    await expect(record.getByTestId('audit-by')).toContainText(' on ');
    await record.getByText('The whole record').click();
    await expect(record.getByTestId('audit-table')).toContainText(sha);
    await expect(record.getByTestId('audit-table')).toContainText('Sandbox · Coassemble (coassemble)');
    await expect(record.getByTestId('audit-table')).toContainText('started by');
    // The options and the mapping in words; their exact JSON one click away.
    await expect(record.getByTestId('audit-options')).toContainText('Confirmed by typing “OVERWRITE 3 users on Sandbox · Coassemble”.');
    await expect(record.getByTestId('audit-options')).toContainText('Read back: the canary rows.');
    await expect(record.getByTestId('audit-mapping')).toContainText('name ← column "name"');
    await shot(page, 'history-audit');

    // The audit export: the job's record, one record per row, the end.
    const [download] = await Promise.all([page.waitForEvent('download'), record.getByTestId('export-audit').click()]);
    const saved = join(files, download.suggestedFilename());
    await download.saveAs(saved);
    const lines = readFileSync(saved, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.record)).toEqual(['job', 'row', 'row', 'row', 'end']);
    expect((lines[0]!.source as { sha256: string }).sha256).toBe(sha);
    await record.getByText('The whole record').click(); // fold the record again

    // Undo: the new user cannot be undone by an upsert, and the panel says why.
    await page.getByTestId('undo-job-button').click();
    const panel = page.getByTestId('undo-panel');
    await expect(panel.getByTestId('undo-count')).toContainText('2 to undo with “Coassemble: update user (upsert)”');
    await expect(panel.getByTestId('undo-cannot-count')).toContainText('1 cannot be undone');
    const cannot = panel.getByTestId('undo-cannot-row-4');
    await expect(cannot).toContainText('identifier=new-starter-7');
    await expect(cannot).toContainText('the user did not exist before this job');
    // Said before it is made: a value changed since this job is left as it is.
    await expect(panel.getByTestId('undo-note')).toContainText('where a value this job wrote has changed since');
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'history-undo');
    // A results export of this job is said beside its buttons…
    await Promise.all([page.waitForEvent('download'), page.getByTestId('export-results-csv').click()]);
    await expect(page.getByTestId('export-done')).toContainText('Saved team-renames-');

    await panel.getByTestId('undo-start').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog.getByTestId('confirm-phrase')).toHaveText('OVERWRITE 2 users on Sandbox · Coassemble');
    await dialog.getByTestId('confirm-dialog-ok').click();
    // The undo job is opened in History; it runs and puts the names back.
    await expect(page.getByTestId('job-detail')).toContainText('Coassemble: update user (upsert)');
    await expect(page.getByTestId('audit-record')).toContainText('undoes job');
    // …and not under the undo job, which has saved nothing.
    await expect(page.getByTestId('export-done')).toHaveCount(0);
    await expect(page.getByTestId('history-job-state')).toHaveText(/completed/i, { timeout: 30_000 });
    const after = await users(serve);
    for (const u of before) expect(after.find((x) => x.identifier === u.identifier)?.name).toBe(u.name);
    await expect(page.locator('tr[data-testid^="history-job-"]')).toHaveCount(2);
    await expect(page.locator('tr[data-testid^="history-job-"]').first()).toContainText('undo');
    for (const row of [2, 3]) await expect(page.getByTestId(`history-row-${row}`)).toHaveAttribute('data-status', 'succeeded');
    await shot(page, 'history-undo-job');
  });
});
